"""One submission, end to end: files → documents → activities → proposals → score.

This is where the pure libraries are composed; the result is the contract's
JSON (`kaohe score --json`), built in one place for the CLI, the API and the
accuracy report alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extractors.activities import extract_activities
from extractors.dates import infer_year
from extractors.match import Proposal, propose
from extractors.models import Activity, Document, Level
from extractors.parse import ParseError, parse
from extractors.society import society_level, society_name
from ingest.files import InputError, InputFile, read_inputs
from rubrics.engine import max_possible, score
from rubrics.loader import load_rubric, rubric_sha256
from rubrics.schema import IndicatorFacts, Rubric, ScoreSheet


@dataclass
class Submission:
    """Everything kaohe read and proposed for one society's materials."""

    documents: list[Document]
    failures: list[InputError]
    year: int | None
    society: str | None
    activities: list[Activity]
    rubric: Rubric | None = None
    proposals: list[Proposal] = field(default_factory=list)
    # The matched facts behind `proposals`, per indicator: what a reviewer confirms.
    facts: dict[str, IndicatorFacts] = field(default_factory=dict)
    sheet: ScoreSheet | None = None


def parse_files(files: list[InputFile]) -> tuple[list[Document], list[InputError]]:
    documents: list[Document] = []
    failures: list[InputError] = []
    for file in files:
        doc_id = f"d{len(documents) + len(failures) + 1}"
        try:
            documents.append(parse(file.data, file.name, doc_id))
        except ParseError as error:
            failures.append(InputError(file.name, error.reason))
    return documents, failures


def process(files: list[InputFile], rubric_id: str | None, year: int | None, failures: list[InputError] = ()) -> Submission:
    documents, parse_failures = parse_files(files)
    year = year or next((y for d in documents if (y := infer_year(d.text[:2000]) or infer_year(d.text))), None)
    name = society_name(documents)
    activities = extract_activities(documents, year, society_level(name) or Level.PROVINCIAL)
    submission = Submission(documents, [*failures, *parse_failures], year, name, activities)
    if rubric_id is not None:
        rubric = load_rubric(rubric_id)
        proposals, facts = propose(rubric, activities, documents, year)
        submission.rubric = rubric
        submission.proposals = proposals
        submission.facts = facts
        submission.sheet = score(rubric, facts, sha256=rubric_sha256(rubric_id))
    return submission


def run_files(paths: list[Path], rubric_id: str | None, year: int | None) -> dict:
    """The contract JSON for the files at `paths` (the accuracy report's entry point)."""
    files, failures = read_inputs(paths)
    return to_json(process(files, rubric_id, year, failures))


def to_json(submission: Submission) -> dict:
    documents = [
        {
            "id": d.id, "name": d.name, "kind": d.kind, "pages": d.pages, "sha256": d.sha256,
            "warnings": d.warnings, "errors": d.errors, "needs_ocr": d.needs_ocr,
        }
        for d in submission.documents
    ]
    documents += [
        {"id": None, "name": f.name, "kind": None, "pages": 0, "sha256": None, "warnings": [], "errors": [f.reason]}
        for f in submission.failures
    ]
    result: dict = {
        "year": submission.year,
        "society": submission.society,
        "documents": documents,
        "activities": [a.model_dump(mode="json") for a in submission.activities],
    }
    if submission.rubric is not None and submission.sheet is not None:
        rubric, sheet = submission.rubric, submission.sheet
        result = {
            "rubric": {
                "id": rubric.id, "title": rubric.title, "max_total": rubric.max_total,
                "max_possible": max_possible(rubric), "sha256": sheet.rubric_sha256,
            },
            **result,
            "indicators": [p.model_dump(mode="json") for p in submission.proposals],
            "category_scores": sheet.category_scores,
            "total": sheet.total,
            "total_range": list(sheet.total_range),
            "grade": sheet.grade,
            "vetoed": sheet.vetoed,
            "excluded": sheet.excluded,
            "conditions": sheet.conditions,
            "components": [c.model_dump(mode="json") for c in sheet.components],
            "notes": sheet.notes,
            "audit": [],
        }
    return result
