"""Processing submissions in the background, and picking up after a restart.

Uploads return at once; one worker thread runs the pipeline on each queued
submission in turn (pdfplumber is not thread-safe, and one at a time keeps a
small server responsive). Status moves queued → processing → done | failed
and is committed at each step, so a server stopped mid-way finds, at its next
start, the submissions it was working on and processes them again from the
stored files. A submission that has interrupted the server `max_attempts`
times is marked failed with the reason, rather than retried forever. A
database that goes away mid-way is waited for: the submission is tried again
every few seconds until it can be recorded.
"""

from __future__ import annotations

import logging
import queue
import threading

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ingest.db.blobs import BlobError, BlobStore
from ingest.db.models import Document, Proposal, Status, Submission, utcnow
from ingest.files import InputFile
from ingest.pipeline import Submission as Processed
from ingest.pipeline import process, result_of
from ingest.service.review import reviewed_sheet
from ingest.service.shared import compare

log = logging.getLogger(__name__)

# While the database is away, a submission is tried again this often; it stays queued or processing there.
DATABASE_PAUSE_SECONDS = 2


class Worker:
    def __init__(self, sessions: sessionmaker[Session], store: BlobStore, max_attempts: int):
        self.sessions = sessions
        self.store = store
        self.max_attempts = max_attempts
        self.queue: queue.Queue[int | None] = queue.Queue()
        self.thread: threading.Thread | None = None
        self.stopping = threading.Event()

    def start(self) -> None:
        """Start the thread and queue what an earlier run left unfinished."""
        self.thread = threading.Thread(target=self._run, name="kaohe-worker", daemon=True)
        self.thread.start()
        with self.sessions() as db:
            unfinished = db.scalars(
                select(Submission.id)
                .where(Submission.status.in_([Status.QUEUED, Status.PROCESSING]))
                .order_by(Submission.id)
            ).all()
        for submission_id in unfinished:
            self.submit(submission_id)

    def submit(self, submission_id: int) -> None:
        self.queue.put(submission_id)

    def stop(self, timeout: float = 30) -> None:
        """Let the current submission finish (up to `timeout`); the queued ones wait, still
        marked queued, for the next start."""
        self.stopping.set()
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join(timeout)

    def _run(self) -> None:
        while not self.stopping.is_set() and (submission_id := self.queue.get()) is not None:
            try:
                self.process(submission_id)
            except OperationalError as error:
                # The database went away (restarted, the network down): nothing could be recorded, so the
                # submission is still queued or processing there; it is done again once the database is back.
                log.warning("submission %s: database unavailable (%s), trying again", submission_id, error.orig)
                self.stopping.wait(DATABASE_PAUSE_SECONDS)
                self.queue.put(submission_id)
            except Exception:
                # The thread must outlive any one submission; the failure is already recorded.
                log.exception("submission %s could not be processed", submission_id)

    def process(self, submission_id: int) -> None:
        with self.sessions() as db:
            submission = db.get(Submission, submission_id)
            if submission is None or submission.status not in (Status.QUEUED, Status.PROCESSING):
                return
            if submission.attempts >= self.max_attempts:
                _fail(db, submission, f"处理过程中服务已中断{submission.attempts}次，已停止处理；请检查文件后重新上传")
                return
            submission.status = Status.PROCESSING
            submission.attempts += 1
            db.commit()
            try:
                files = [InputFile(d.name, self.store.get(d.sha256, d.name), d.key) for d in submission.documents]
                claims = [f for f, d in zip(files, submission.documents) if d.self_evaluation]
                evidence = [f for f, d in zip(files, submission.documents) if not d.self_evaluation]
                processed = process(evidence, submission.rubric_id, submission.year, (), claims[0] if claims else None)
                _store(db, submission, processed, files)
            except BlobError as error:
                db.rollback()
                _fail(db, submission, f"无法处理：{error}")
            except OperationalError:
                raise  # not the submission's fault: tried again (`_run`)
            except Exception as error:
                db.rollback()
                _fail(db, submission, f"处理出错（{type(error).__name__}：{error}）")
                raise


def _fail(db: Session, submission: Submission, reason: str) -> None:
    submission.status = Status.FAILED
    submission.error = reason
    db.commit()


def _store(db: Session, submission: Submission, processed: Processed, files: list[InputFile]) -> None:
    """Write what the pipeline found; each stored file gets the document, or the refusal, with its id."""
    parsed = {d.id: d for d in processed.documents}
    if processed.self_evaluation_document is not None:
        parsed[processed.self_evaluation_document.id] = processed.self_evaluation_document
    failures = {f.id: f for f in processed.failures}
    for row in submission.documents:
        _fill(row, parsed.get(row.key), failures.get(row.key))
    if not processed.documents:
        reasons = "；".join(f"{d.name}：{'、'.join(d.errors)}" for d in submission.documents if not d.self_evaluation)
        _fail(db, submission, f"所有文件均无法读取：{reasons}")
        return
    # A resumed run replaces what an interrupted one may have written.
    submission.proposals.clear()
    db.flush()
    for position, proposal in enumerate(processed.proposals):
        submission.proposals.append(
            Proposal(
                position=position, indicator_id=proposal.id, proposed=proposal,
                facts=processed.facts[proposal.id].model_dump(mode="json"),
            )
        )
    sheet = processed.sheet
    submission.result = result_of(processed)
    submission.year = processed.year
    submission.society = submission.society or processed.society
    submission.rubric_sha256 = sheet.rubric_sha256
    submission.suggested_total, submission.suggested_grade = sheet.total, sheet.grade
    reviewed = reviewed_sheet(submission, processed.rubric)
    submission.reviewed_total, submission.reviewed_grade = reviewed.total, reviewed.grade
    submission.status = Status.DONE
    submission.error = None
    submission.processed_at = utcnow()
    compare(db, submission, files, processed)
    db.commit()


def _fill(row: Document, document, failure) -> None:
    if document is None:
        row.kind, row.pages, row.text, row.blocks, row.warnings, row.errors = None, 0, None, None, [], [failure.reason]
        return
    row.kind = document.kind
    row.pages = document.pages
    row.text = document.text
    row.blocks = [
        {"index": b.index, "kind": b.kind, "page": b.page, "start": b.start, "end": b.end, "level": b.level}
        for b in document.blocks
    ]
    row.warnings = list(document.warnings)
    row.errors = list(document.errors)
