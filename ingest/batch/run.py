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
import tempfile
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from rich.console import Console

from extractors.parse import ParseError, document_id, parse
from extractors.reuse import Reuse, find_reuse
from extractors.society import society_name
from ingest.batch import checks
from ingest.batch.forms import fill, load_form, write_form_docx, write_form_xlsx
from ingest.batch.layout import MAX_BATCH_BYTES, Layout, Source, discover
from ingest.batch.outputs import exclusive
from ingest.batch.progress import ProgressBar
from ingest.batch.ranking import Row, rank_rows
from ingest.batch.runner import BatchError, Events, Job, default_workers, run_celery, run_local
from ingest.batch.sources import content_sha256, read_source
from ingest.batch.store import ResultStore, StoreError, shown_url, sqlite_url
from ingest.batch.work import make_task
from ingest.batch.workbook import write_workbook
from ingest.files import os_reason
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
    # Evidence found in two submissions, and the seconds comparing them took (for the benchmark).
    reuse: list[Reuse] = field(default_factory=list)
    reuse_seconds: float = 0.0

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
                    "total": r.total, "total_range": r.result.total_range if r.total is not None else None,
                    "grade": r.grade, "rank": r.rank, "flags": r.flags,
                }
                for r in self.rows
            ],
            "ignored": [{"name": n, "reason": why} for n, why in self.layout.ignored]
            + [{"name": e.name, "reason": e.reason} for e in self.layout.errors],
            "reuse": [r.to_json() for r in self.reuse],
        }


class _Collect(Events):
    """Keeps failures and worker figures, and passes events on to the progress bar."""

    def __init__(self, bar: Events):
        self.bar = bar
        self.failures: dict[str, str] = {}
        self.stats: list[dict] = []

    def planned(self, total: int, reused: int) -> None:
        self.bar.planned(total, reused)

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
    max_bytes: int = MAX_BATCH_BYTES,
    listener: Events | None = None,
    stop: threading.Event | None = None,
) -> BatchReport:
    """Pre-screen every submission under `source` and write the workbook to `output`.

    With `broker_url` (default: `KAOHE_BROKER_URL`) the tasks go to Celery
    workers, else to a local process pool. Results go to `database_url`
    (default: `KAOHE_DATABASE_URL`), else to the state file next to the report.
    `console` shows a progress bar, and says when a damaged state file was
    set aside. Raises InputError when `source` cannot be read, RubricError
    for an unknown rubric, BatchError when the report's folder cannot be
    written or the database cannot be reached (both before anything is read),
    when another batch is writing `output`, when no worker answers, when the
    database goes away for longer than the store waits, or when
    the report cannot be saved at the end (what was done stays in the store
    for the next run). A zip `source` may expand to `max_bytes` at most.
    `listener` hears the progress when there is no console (a service's batch
    page); setting `stop` ends a local pool's workers (or stops waiting for the Celery
    workers) and raises Terminated.
    """
    rubric = load_rubric(rubric_id)
    rubric_sha = rubric_sha256(rubric_id)
    broker_url = broker_url or os.environ.get("KAOHE_BROKER_URL") or None
    database_url = database_url or os.environ.get("KAOHE_DATABASE_URL") or None
    _check_output(output)
    with exclusive(output):
        store = _open_store(database_url, output, console)
        layout = batch_layout(source, max_bytes)

        jobs: dict[int, Job] = {}
        for i, group in enumerate(layout.groups):
            content = content_sha256(group.sources, group.errors, options=f"year={year}")
            jobs[i] = Job(f"{content}:{rubric_sha}", group.label, make_task(group, rubric_id, year, content, rubric_sha))
        try:
            stored = store.keys(j.key for j in jobs.values())
            # Identical submissions under two names are processed once.
            pending = list({j.key: j for j in jobs.values() if j.key not in stored}.values())

            bar = ProgressBar(console, total=len(jobs), reused=len(jobs) - len(pending)) if console else None
            events = _Collect(bar or listener or Events())
            events.planned(len(jobs), len(jobs) - len(pending))
            store.notify = events.note
            if pending:
                with bar or nullcontext():
                    if broker_url:
                        run_celery(pending, store, broker_url, events, batch_id(output), stop)
                    else:
                        run_local(pending, store, workers or default_workers(), events, stop)

            records = store.get(j.key for j in jobs.values())
        except StoreError as error:  # the database server went away and did not come back
            raise BatchError(f"{error.reason}；已完成的学会已保存，数据库恢复后重跑同一命令会接着做") from error
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
        compared = time.perf_counter()
        # Records stored before reuse was looked for have no fingerprint: they are left out, not reprocessed.
        reuse = find_reuse({job.label: records[job.key]["reuse"] for job in jobs.values()
                            if "reuse" in records.get(job.key, {})})
        reuse_seconds = time.perf_counter() - compared
        for row in rows:
            row.flags += [f.flag() for f in checks.reused(row.label, reuse)]
        try:
            write_workbook(output, rubric, rows, layout.ignored + [(e.name, e.reason) for e in layout.errors], reuse)
            forms = _write_forms(output, rubric_id, rows, year or rubric.year)
        except OSError as error:  # the disk filled up, or the report is held open by another program
            raise BatchError(f"无法写入预审报告 {output}：{os_reason(error)}；已完成的结果保存在 {shown_url(store.url)}，"
                             "重跑即可生成报告") from error
        return BatchReport(
            layout, rows, output, forms, store.url,
            processed=len(pending) - len(events.failures), reused=len(jobs) - len(pending),
            failed=len(events.failures), stats=events.stats, reuse=reuse, reuse_seconds=reuse_seconds,
        )


def _check_output(output: Path) -> None:
    """BatchError, before any work is done, when the report cannot be written where it is asked for."""
    if output.is_dir():
        raise BatchError(f"无法写入预审报告 {output}：这是一个文件夹，请给出 .xlsx 文件的路径")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        # The folder takes new files (the report, its state file, the summary forms) ...
        with tempfile.TemporaryFile(dir=output.parent):
            pass
        # ... and a report already there may be replaced.
        if output.exists():
            with output.open("r+b"):
                pass
    except OSError as error:
        raise BatchError(f"无法写入预审报告 {output}：{os_reason(error)}") from error


def _open_store(database_url: str | None, output: Path, console: Console | None) -> ResultStore:
    """The database of `database_url`, else the state file next to the report.

    A damaged state file is set aside under a new name, never deleted, and a
    new one started: the submissions are processed again.
    """
    if database_url:
        try:
            return ResultStore(database_url)
        except StoreError as error:
            raise BatchError(
                f"无法连接结果数据库 {shown_url(database_url)}（KAOHE_DATABASE_URL）：{error.reason}；"
                "请检查数据库是否已启动，或取消该设置，改用报告旁的状态文件"
            ) from error
    state = state_path(output)
    try:
        return ResultStore(sqlite_url(state))
    except StoreError as error:
        if not error.damaged:
            raise BatchError(f"无法打开断点续跑状态文件 {state}：{error.reason}") from error
        reason = error.reason
    kept = state.with_name(f"{state.stem}.damaged-{datetime.now():%Y%m%d-%H%M%S}{state.suffix}")
    for suffix in ("", "-wal", "-shm"):
        part = state.with_name(state.name + suffix)
        if part.exists():
            part.rename(kept.with_name(kept.name + suffix))
    if console is not None:
        console.print(f"断点续跑状态文件 {state.name} 已损坏（{reason}），已改名为 {kept.name} 保留，本次重新处理全部学会")
    return ResultStore(sqlite_url(state))


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


def batch_layout(source: Path, max_bytes: int = MAX_BATCH_BYTES) -> Layout:
    """Which files are whose under `source`, as a batch groups them (loose files by the society they name)."""
    return discover(source, society_of=_society_in_content, max_bytes=max_bytes)


def _society_in_content(source: Source) -> str | None:
    """The society a loose file's content names (for files named only "自评表.xlsx")."""
    files, _ = read_source(source)
    documents = []
    for i, file in enumerate(files):
        try:
            documents.append(parse(file.data, file.name, document_id(i)))
        except ParseError:
            continue
    return society_name(documents)
