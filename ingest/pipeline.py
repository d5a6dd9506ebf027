"""One submission, end to end: files → documents → activities → proposals → score.

This is where the pure libraries are composed; the result is the contract's
JSON (`kaohe score --json`), built in one place for the CLI, the API and the
accuracy report alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from extractors.activities import extract_activities
from assess.audit import audit, vetoes
from assess.contract import DocumentEntry, ScoredRubric, SubmissionResult
from assess.deductions import apply_admissions
from assess.materials import SELF_EVALUATION, material, missing_materials
from core.findings import Finding, FindingKind, message
from extractors.dates import infer_year
from extractors.duplicates import Duplicate, find_duplicates
from core.vocabulary import DocumentRole
from extractors.evidence import CLAIMS, read_roles
from assess.match import Proposal, propose
from core.vocabulary import Level
from extractors.models import Activity, Document, ReadingWarning
from extractors.parse import read_file
from assess.selfeval import SelfEvaluation, read_self_evaluation
from extractors.society import society_level, society_name
from extractors.settings import settings
from extractors.statements import longest_sentence
from ingest.files import InputError, InputFile, numbered, read_inputs
from rubrics.engine import max_possible, score
from rubrics.loader import load_rubric, rubric_sha256, rules_sha256
from rubrics.schema import IndicatorFacts, Rubric, ScoreSheet


@dataclass
class Submission:
    """Everything kaohe read and proposed for one society's materials."""

    documents: list[Document]
    failures: list[InputError]
    year: int | None
    society: str | None
    activities: list[Activity]
    # What each document is (summary, notice, news …), by document id.
    roles: dict[str, DocumentRole] = field(default_factory=dict)
    rubric: Rubric | None = None
    proposals: list[Proposal] = field(default_factory=list)
    # The matched facts behind `proposals`, per indicator: what a reviewer confirms.
    facts: dict[str, IndicatorFacts] = field(default_factory=dict)
    sheet: ScoreSheet | None = None
    # The society's own 自评表, read against the rubric, and where it claims more than it shows.
    self_evaluation: SelfEvaluation | None = None
    self_evaluation_document: Document | None = None
    audit: list[Finding] = field(default_factory=list)
    # The materials the rubric's notice requires that no file is (the audit and the batch both report them).
    missing: list[Finding] = field(default_factory=list)
    warnings: list[ReadingWarning] = field(default_factory=list)


# A text this long that gives no activity was most likely misread, not empty of work.
EMPTY_READING_CHARS = 500


def parse_files(files: list[InputFile]) -> tuple[list[Document], list[InputError]]:
    """The documents of the files that could be read, and why the others could not, each under its file's id."""
    documents: list[Document] = []
    failures: list[InputError] = []
    for file in files:
        parsed = read_file(file.data, file.name, file.id)
        if parsed.document is not None:
            documents.append(parsed.document)
        else:
            failures.append(InputError(file.name, parsed.error, parsed.id))
    return documents, failures


def process(
    files: list[InputFile],
    rubric_id: str | None,
    year: int | None,
    failures: list[InputError] = (),
    self_evaluation: InputFile | None = None,
    evidence_apart: bool = True,
    materials: Mapping[str, str | None] | None = None,
) -> Submission:
    """Read, extract and (with a rubric) propose and score; with a 自评表, audit it.

    With `evidence_apart` (scoring), only the claims (the summary) give the
    society's activities and evidence documents back them; without it
    (`kaohe extract`), every file is read for activities of its own.
    The 自评表 is kept apart from the evidence: its 自评依据 column is the
    society's claim, and a claim must not count as its own proof.
    `materials` is what each file is in the notice's words when the caller
    has sorted them (the batch); without it, the roles read here say.
    """
    files, self_evaluation = numbered(files, self_evaluation)
    documents, parse_failures = parse_files(files)
    duplicates = find_duplicates(documents)
    # A copy stays listed among the documents, but only its original is read.
    copies = {d.copy.id for d in duplicates}
    unique = [d for d in documents if d.id not in copies]
    year = year or next((y for d in unique if (y := infer_year(d.text[:2000]) or infer_year(d.text))), None)
    roles, promoted = read_roles(unique)
    roles.update({d.copy.id: roles[d.original.id] for d in duplicates})
    name = society_name(sorted(unique, key=lambda d: roles[d.id] != DocumentRole.SUMMARY))
    activities = extract_activities(unique, year, society_level(name) or Level.PROVINCIAL,
                                    roles if evidence_apart else None)
    submission = Submission(documents, [*failures, *parse_failures], year, name, activities, roles)
    submission.warnings += [_duplicate_warning(d) for d in duplicates]
    if promoted is not None and evidence_apart:
        submission.warnings.append(_warning(FindingKind.NO_SUMMARY, promoted))
    read = [d for d in unique if not evidence_apart or roles[d.id] in CLAIMS]
    submission.warnings += empty_readings(read, activities) + unbroken_texts(unique) + unreadable_characters(unique)
    if rubric_id is not None:
        rubric = load_rubric(rubric_id)
        proposals, facts = propose(rubric, activities, unique, year)
        # Only the society's own claims admit a shortfall; a notice's "逾期不予受理" admits nothing.
        claimed = [d for d in unique if roles[d.id] in CLAIMS] if evidence_apart else unique
        proposals, facts = apply_admissions(rubric, claimed, proposals, facts, year)
        submission.rubric = rubric
        submission.proposals = proposals
        submission.facts = facts
        submission.sheet = score(rubric, facts, sha256=rubric_sha256(rubric_id))
        if materials is None:
            materials = {d.name: material(roles[d.id]) for d in documents}
            materials |= {self_evaluation.name: SELF_EVALUATION} if self_evaluation is not None else {}
        submission.missing = missing_materials(rubric, materials)
        if self_evaluation is not None:
            _audit(submission, self_evaluation)
    return submission


def _warning(kind: FindingKind, document: Document, variant: str | None = None, **values: object) -> ReadingWarning:
    return ReadingWarning(code=kind, document=document.id, message=message(kind, variant, file=document.name, **values))


def _duplicate_warning(duplicate: Duplicate) -> ReadingWarning:
    return _warning(FindingKind.DUPLICATE_DOCUMENT, duplicate.copy, None if duplicate.identical else "similar",
                    original=duplicate.original.name)


def empty_readings(documents: list[Document], activities: list[Activity]) -> list[ReadingWarning]:
    """A warning for each long text that gave no activity: a misreading must not pass for a quiet year."""
    read_from = {span.document for a in activities for span in a.evidence}
    return [
        _warning(FindingKind.NO_ACTIVITIES, d, chars=len(d.text.strip()))
        for d in documents
        if d.id not in read_from and len(d.text.strip()) > EMPTY_READING_CHARS
    ]


def unbroken_texts(documents: list[Document]) -> list[ReadingWarning]:
    """A warning for each text with a run too long to be a sentence: it was read in pieces, likely misread."""
    return [
        _warning(FindingKind.UNBROKEN_TEXT, d, chars=n)
        for d in documents
        if (n := longest_sentence(d)) > settings().statements.max_chars
    ]


def unreadable_characters(documents: list[Document]) -> list[ReadingWarning]:
    """A warning for each text read with characters it could not decode (a stray byte in a text file): said, not hidden."""
    return [
        _warning(FindingKind.UNREADABLE_CHARACTERS, d, count=n)
        for d in documents
        if (n := d.text.count("\ufffd"))
    ]


def _audit(submission: Submission, file: InputFile) -> None:
    documents, failures = parse_files([file])
    if failures:
        submission.failures += failures
        return
    document = documents[0]
    claims = read_self_evaluation(document, submission.rubric)
    submission.self_evaluation, submission.self_evaluation_document = claims, document
    submission.audit = [*audit(submission.rubric, claims, submission.proposals), *submission.missing,
                        *vetoes(submission.rubric, submission.sheet.results)]


def read_submission(
    paths: list[Path], self_evaluation: Path | None = None
) -> tuple[list[InputFile], list[InputError], InputFile | None]:
    """The materials at `paths`, what could not be read, and the 自评表 if one was given."""
    files, failures = read_inputs(paths)
    if self_evaluation is None:
        return files, failures, None
    claims, more = read_inputs([self_evaluation])
    failures += more
    if not claims and not more:
        failures.append(InputError(self_evaluation.name, "没有找到可读取的自评表文件"))
    return files, failures, claims[0] if claims else None


def run_files(paths: list[Path], rubric_id: str | None, year: int | None, self_evaluation: Path | None = None,
              evidence_apart: bool = True) -> dict:
    """The contract JSON for the files at `paths` (the accuracy report's entry point)."""
    files, failures, claims = read_submission(paths, self_evaluation)
    return to_json(process(files, rubric_id, year, failures, claims, evidence_apart))


def to_json(submission: Submission) -> dict:
    return result_of(submission).model_dump(mode="json")


def result_of(submission: Submission) -> SubmissionResult:
    """The contract's model of what `process` found."""
    claims_document = submission.self_evaluation_document
    documents = [
        DocumentEntry(
            id=d.id, name=d.name, kind=d.kind, pages=d.pages, sha256=d.sha256, warnings=d.warnings,
            errors=d.errors, needs_ocr=d.needs_ocr,
            role=DocumentRole.SELF_EVALUATION if d is claims_document else submission.roles[d.id],
        )
        for d in [*submission.documents, *([claims_document] if claims_document else [])]
    ]
    documents += [
        DocumentEntry(id=None, name=f.name, kind=None, pages=0, sha256=None, warnings=[], errors=[f.reason])
        for f in submission.failures
    ]
    reading = dict(year=submission.year, society=submission.society, documents=documents,
                   activities=submission.activities, warnings=submission.warnings)
    if submission.rubric is None or submission.sheet is None:
        return SubmissionResult(**reading)
    rubric, sheet = submission.rubric, submission.sheet
    return SubmissionResult(
        rubric=ScoredRubric(
            id=rubric.id, title=rubric.title, max_total=rubric.max_total, max_possible=max_possible(rubric),
            sha256=sheet.rubric_sha256, rules_sha256=rules_sha256(rubric),
        ),
        **reading,
        indicators=submission.proposals,
        category_scores=sheet.category_scores,
        total=sheet.total,
        total_range=sheet.total_range,
        grade=sheet.grade,
        vetoed=sheet.vetoed,
        excluded=sheet.excluded,
        conditions=sheet.conditions,
        components=sheet.components,
        notes=sheet.notes,
        pending=sheet.pending,
        pending_range=sheet.pending_range,
        guaranteed_total=sheet.guaranteed_total,
        audit=submission.audit,
        self_evaluation=submission.self_evaluation,
    )
