"""One society's submission, pre-screened: the unit of work a pool process or Celery worker runs.

A task is plain JSON (paths, not bytes) so it can cross a process or a
broker; the result is a JSON record the store keeps as is. The record holds
the contract JSON of `ingest.pipeline` for the evidence, what each file is,
the pre-screening flags and the score sheet (needed to rank the batch).
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from assess.materials import CLAIMS, SELF_EVALUATION, SUMMARY, kind_by_content, kind_by_name
from extractors.models import Document
from extractors.parse import ParseError, parse
from extractors.reuse import fingerprint
from extractors.society import society_name
from ingest.batch import checks
from ingest.batch.layout import Group, Source, society_in_name
from ingest.batch.sources import read_sources
from ingest.batch.submitted import metadata_date, stated_date
from ingest.files import InputError, InputFile, numbered
from ingest.pipeline import process, to_json
from rubrics.engine import score
from rubrics.loader import load_rubric
from rubrics.schema import Entered, Rubric


def make_task(group: Group, rubric_id: str, year: int | None, content_sha256: str, rubric_sha256: str) -> dict:
    return {
        "label": group.label,
        "sources": [asdict(s) for s in group.sources],
        "errors": [{"name": e.name, "reason": e.reason} for e in group.errors],
        "rubric": rubric_id,
        "year": year,
        "content_sha256": content_sha256,
        "rubric_sha256": rubric_sha256,
    }


def task_key(task: dict) -> str:
    """The store's key for a task's record: the submission's content and the rubric's rules."""
    return f"{task['content_sha256']}:{task['rubric_sha256']}"


def process_task(task: dict) -> dict:
    """Read, classify, score and check one submission; the record to store."""
    started = time.perf_counter()
    rubric = _rubric(task["rubric"], task["rubric_sha256"])
    year = task["year"] or rubric.year
    label = task["label"]
    files, failures = read_sources([Source(**s) for s in task["sources"]])
    failures += [InputError(e["name"], e["reason"]) for e in task["errors"]]
    materials = sort_materials(files, label, failures)

    submission = process(materials.evidence, rubric.id, year, failures, materials.self_evaluation,
                         materials=materials.kinds)
    claims = materials.claims + [d for d in [submission.self_evaluation_document] if d is not None]
    summaries = [d for d in submission.documents if materials.kinds.get(d.name) == SUMMARY]
    submitted, late_flags = _submitted(rubric, year, summaries + claims, files)
    if submitted is not None and submission.sheet is not None:
        # The engine applies the rubric's own rule for late materials (江西：不合格).
        submission.sheet = score(rubric, submission.facts, sha256=submission.sheet.rubric_sha256,
                                 entered=Entered(submitted=submitted))
    failed_summaries = [f for f in submission.failures
                        if (materials.kinds.get(f.name) or kind_by_name(_within(f.name, label))) == SUMMARY]
    flags = [
        *checks.unscorable(summaries, failed_summaries, read_nothing=not submission.documents),
        *submission.missing,
        *late_flags,
        *checks.unreadable(submission.failures, submission.documents + claims),
        *checks.empty_summaries(summaries),
        *checks.reading(submission.warnings),
        *checks.society_mismatch(label, submission.society),
        *checks.over_claims(submission.audit),
    ]
    documents = submission.documents + claims
    society = submission.society or society_name(claims) or society_in_name(label) or label
    fingerprinted = time.perf_counter()
    # The 自评表 and 汇总表 are the notice's forms, alike in every submission: only their bytes are compared.
    reuse = fingerprint(society, [(f.name, f.data) for f in files], submission.documents, submission.activities)
    return {
        "key": task_key(task),
        "content_sha256": task["content_sha256"],
        "rubric_sha256": task["rubric_sha256"],
        "label": label,
        "society": society,
        "files": [
            {"name": d.name, "kind": materials.kinds.get(d.name), "pages": d.pages, "errors": d.errors,
             "warnings": d.warnings}
            for d in documents
        ] + [
            {"name": f.name, "kind": materials.kinds.get(f.name), "pages": 0, "errors": [f.reason], "warnings": []}
            for f in submission.failures
        ],
        "submitted": submitted.isoformat() if submitted else None,
        "flags": [f.flag() for f in flags],
        "result": to_json(submission),
        "sheet": submission.sheet.model_dump(mode="json") if submission.sheet else None,
        # What `extractors.reuse` compares across the batch.
        "reuse": reuse,
        "stats": {
            "reuse_seconds": round(time.perf_counter() - fingerprinted, 3),
            "seconds": round(time.perf_counter() - started, 3),
            "pages": sum(d.pages for d in documents),
            "pid": os.getpid(),
            # KiB on Linux; the worker's peak so far, which shows whether memory grows with the batch.
            "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        },
    }


@dataclass
class Materials:
    kinds: dict[str, str | None] = field(default_factory=dict)
    evidence: list[InputFile] = field(default_factory=list)
    # Parsed 汇总表 (and any second 自评表): checked and dated, not read for activities.
    claims: list[Document] = field(default_factory=list)
    # The 自评表 the pipeline audits against its proposals.
    self_evaluation: InputFile | None = None


def sort_materials(files: list[InputFile], label: str, failures: list[InputError]) -> Materials:
    """What each file is; only a file whose name does not say is parsed here to find out.

    `label` is the society's folder in the batch (its name is no cue to what a file is)."""
    materials = Materials()
    # Numbered once, here: a 汇总表 read only here and the documents the pipeline reads never share an id.
    files, _ = numbered(files)
    for file in files:
        kind = kind_by_name(_within(file.name, label))
        if kind is None or (kind in CLAIMS and not _audited(kind, materials)):
            try:
                document = parse(file.data, file.name, file.id)
            except ParseError as error:
                failures.append(InputError(file.name, error.reason, file.id))
                materials.kinds[file.name] = kind
                continue
            kind = kind or kind_by_content(document)
            if kind in CLAIMS and not _audited(kind, materials):
                materials.claims.append(document)
        materials.kinds[file.name] = kind
        if _audited(kind, materials):
            materials.self_evaluation = file
        elif kind not in CLAIMS:
            materials.evidence.append(file)
    return materials


def _audited(kind: str | None, materials: Materials) -> bool:
    """The first 自评表 goes to the pipeline's audit."""
    return kind == SELF_EVALUATION and materials.self_evaluation is None


def _submitted(rubric: Rubric, year: int, dated: list[Document], files: list[InputFile]):
    """The submission date (stated, else the files' own) and the lateness flags."""
    stated = max(filter(None, (stated_date(doc, year) for doc in dated)), key=lambda d: d.day, default=None)
    saved = None
    if rubric.deadline is not None:
        saved = max(filter(None, (metadata_date(f, rubric.deadline) for f in files)), key=lambda d: d.day, default=None)
    return checks.lateness(rubric.deadline, stated, saved)


@lru_cache(maxsize=8)
def _rubric(rubric_id: str, sha256: str) -> Rubric:
    """Loaded once per worker and rubric version (validating a rubric file takes a fifth of a second)."""
    return load_rubric(rubric_id)


def _within(name: str, label: str) -> str:
    """A file's path inside its submission: the society's folder, and any folder
    around it ("2021年学会考核材料/"), is no cue to what the file is."""
    parts = name.split("/")
    return "/".join(parts[parts.index(label) + 1 :]) if label in parts[:-1] else name


def warm() -> None:
    """Load the language resources once, before a pool forks, so workers start ready."""
    process([InputFile("warm.txt", "2021年6月18日，学会在南昌举办学术年会，参会代表300余人。".encode())], None, 2021)
