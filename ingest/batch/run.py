"""A whole year's submissions, pre-screened: layout → tasks → results → workbook and summary form.

Every submission is hashed first (its files' names and bytes, the options)
so what the store already holds is reused, not redone: a batch killed at
any point, even with SIGKILL, continues where it stopped when run again,
and a second run over the same folder processes nothing. The report is
always rebuilt from the store, so it never holds a society twice, and
written beside its old self before replacing it, so a kill mid-write keeps
the previous one. One batch at a time per output: a second is refused.
"""

from __future__ import annotations

import hashlib
import os
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from extractors.parse import ParseError, parse
from extractors.society import society_name
from ingest.batch.forms import fill, load_form, write_form_docx, write_form_xlsx
from ingest.batch.layout import Layout, Source, discover
from ingest.batch.outputs import exclusive
from ingest.batch.progress import ProgressBar
from ingest.batch.ranking import Row, rank_rows
from ingest.batch.runner import Events, Job, default_workers, run_celery, run_local
from ingest.batch.sources import content_sha256, read_source, read_sources
from ingest.batch.store import ResultStore, sqlite_url
from ingest.batch.work import make_task
from ingest.batch.workbook import write_workbook
from rubrics.loader import load_rubric, rubric_sha256


@dataclass
class BatchReport:
    layout: Layout
    rows: list[Row]
    output: Path
    forms: list[Path]
    store_url: str
    processed: int = 0
    reused: int = 0
    failed: int = 0
    # Pages read per worker process and its peak memory, for the benchmark.
    stats: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        """The `kaohe batch --json` summary."""
        return {
            "layout": self.layout.kind,
            "output": str(self.output),
            "forms": [str(p) for p in self.forms],
            "counts": {"submissions": len(self.rows), "processed": self.processed, "reused": self.reused,
                       "failed": self.failed},
            "submissions": [
                {
                    "society": r.society, "folder": r.label,
                    "files": [{"name": f["name"], "kind": f["kind"]} for f in r.record["files"]] if r.record else [],
                    "total": r.total, "total_range": r.record["result"]["total_range"] if r.record else None,
                    "grade": r.grade, "rank": r.rank, "flags": r.flags,
                }
                for r in self.rows
            ],
            "ignored": [{"name": n, "reason": why} for n, why in self.layout.ignored]
            + [{"name": e.name, "reason": e.reason} for e in self.layout.errors],
        }


class _Collect(Events):
    """Keeps failures and worker figures, and passes events on to the progress bar."""

    def __init__(self, bar: Events):
        self.bar = bar
        self.failures: dict[str, str] = {}
        self.stats: list[dict] = []

    def running(self, labels: list[str]) -> None:
        self.bar.running(labels)

    def finished(self, job: Job, record: dict) -> None:
        self.stats.append(record.get("stats", {}))
        self.bar.finished(job, record)

    def failed(self, job: Job, message: str) -> None:
        self.failures[job.key] = message
        self.bar.failed(job, message)

    def note(self, message: str) -> None:
        self.bar.note(message)


def state_path(output: Path) -> Path:
    """The state store next to the report: report.xlsx → report.state.sqlite."""
    return output.with_name(f"{output.stem}.state.sqlite")


def batch_id(output: Path) -> str:
    """What names a batch across its runs: its report's path."""
    return hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16]


def run_batch(
    source: Path,
    rubric_id: str,
    output: Path,
    *,
    year: int | None = None,
    workers: int | None = None,
    console: Console | None = None,
    broker_url: str | None = None,
    database_url: str | None = None,
) -> BatchReport:
    """Pre-screen every submission under `source` and write the workbook to `output`.

    With `broker_url` (default: `KAOHE_BROKER_URL`) the tasks go to Celery
    workers and results to `database_url` (default: `KAOHE_DATABASE_URL`, else
    the state file). `console` shows a progress bar. Raises InputError when
    `source` cannot be read, RubricError for an unknown rubric, BatchError when
    no worker answers or another batch is writing `output`.
    """
    rubric = load_rubric(rubric_id)
    rubric_sha = rubric_sha256(rubric_id)
    broker_url = broker_url or os.environ.get("KAOHE_BROKER_URL") or None
    if broker_url:
        database_url = database_url or os.environ.get("KAOHE_DATABASE_URL") or None
    output.parent.mkdir(parents=True, exist_ok=True)
    with exclusive(output):
        store = ResultStore(database_url or sqlite_url(state_path(output)))
        layout = discover(source, society_of=_society_in_content)

        jobs: dict[int, Job] = {}
        for i, group in enumerate(layout.groups):
            files, errors = read_sources(group.sources)
            content = content_sha256(files, errors + group.errors, options=f"year={year}")
            jobs[i] = Job(f"{content}:{rubric_sha}", group.label, make_task(group, rubric_id, year, content, rubric_sha))
        stored = store.keys(j.key for j in jobs.values())
        # Identical submissions under two names are processed once.
        pending = list({j.key: j for j in jobs.values() if j.key not in stored}.values())

        bar = ProgressBar(console, total=len(jobs), reused=len(jobs) - len(pending)) if console else None
        events = _Collect(bar or Events())
        if pending:
            with bar or nullcontext():
                if broker_url:
                    run_celery(pending, store, broker_url, events, batch_id(output))
                else:
                    run_local(pending, store, workers or default_workers(), events)

        records = store.get(j.key for j in jobs.values())
        rows = [
            Row(
                society=records[job.key]["society"] if job.key in records else job.label,
                label=job.label,
                record=records.get(job.key),
                failure=events.failures.get(job.key),
            )
            for job in jobs.values()
        ]
        rows = rank_rows(rubric, rows)
        write_workbook(output, rubric, rows, layout.ignored + [(e.name, e.reason) for e in layout.errors])
        forms = _write_forms(output, rubric_id, rows, year or rubric.year)
        return BatchReport(
            layout, rows, output, forms, store.url,
            processed=len(pending) - len(events.failures), reused=len(jobs) - len(pending),
            failed=len(events.failures), stats=events.stats,
        )


def _write_forms(output: Path, rubric_id: str, rows: list[Row], year: int) -> list[Path]:
    form = load_form(rubric_id)
    if form is None:
        return []
    filled = fill(form, rows)
    stem = output.with_name(f"{output.stem}-汇总表")
    xlsx, docx = stem.with_suffix(".xlsx"), stem.with_suffix(".docx")
    write_form_xlsx(xlsx, form, filled, year)
    write_form_docx(docx, form, filled, year)
    return [xlsx, docx]


def _society_in_content(source: Source) -> str | None:
    """The society a loose file's content names (for files named only "自评表.xlsx")."""
    files, _ = read_source(source)
    documents = []
    for i, file in enumerate(files):
        try:
            documents.append(parse(file.data, file.name, f"n{i}"))
        except ParseError:
            continue
    return society_name(documents)
