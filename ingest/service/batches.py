"""Batch pre-screening started from the service: one folder per batch under the data directory.

A 学会部 uploads a year's archive; `kaohe batch`'s own `run_batch` pre-screens
it and writes the workbook and the 汇总表 next to the archive. The batch's
state lives in status.json beside the run's own resumable results (its state
file, or the database of `KAOHE_DATABASE_URL` when set, as for `kaohe batch`),
so a restarted service finds an interrupted batch and can resume it without
redoing finished submissions.

An archive is checked before anything is kept: it is copied to disk in
chunks (never held in memory whole), and refused when it is not a zip, is an
Office document, holds no society's materials, or expands to more than
`KAOHE_MAX_UNPACKED_MB` (a society's bundle inside counted by its members).
Accepted batches go through one bounded queue: `KAOHE_MAX_BATCHES` threads
take them in turn, each running one batch on `KAOHE_BATCH_WORKERS` worker
processes; the rest wait as 排队中 (and still wait after a restart). Stopping
the service stops the queue and ends the running batches' workers.
A batch belongs to the reviewer who started it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import secrets
import shutil
import threading
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from ingest.batch.layout import discover
from assess.materials import SELF_EVALUATION, kind_by_name
from ingest.batch.run import batch_layout, run_batch
from ingest.batch.sources import read_sources
from ingest.batch.runner import Events, Job, Terminated
from ingest.db.blobs import private_dir
from ingest.db.models import Role, User
from ingest.files import InputError, InputFile
from ingest.service.display import person
from ingest.service.errors import ServiceError, not_found
from rubrics.loader import RubricError

log = logging.getLogger(__name__)

ARCHIVE = "材料.zip"
REPORT = "预审报告.xlsx"
STATUS = "status.json"
COPY_CHUNK = 1024 * 1024
# A batch's states, and how the pages name them.
STATUS_LABELS = {"queued": "排队中", "running": "进行中", "done": "已完成", "failed": "失败", "interrupted": "已中断"}
# How long stopping the service waits for a batch thread to end its workers.
STOP_SECONDS = 30


class BatchJobs:
    """Batches on disk, and the queue and threads running them in this process."""

    def __init__(self, root: Path, max_running: int, max_unpacked: int, workers: int | None = None,
                 database_url: str | None = None):
        self.root = root
        # The service's own database server keeps the batches' results too; the embedded SQLite does not.
        self.database_url = database_url
        self.max_running = max_running
        self.max_unpacked = max_unpacked
        # Worker processes per batch; None: one per core.
        self.workers = workers
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        # Batches queued or running in this process; any other queued or running one was cut off by a stop.
        self._active: set[str] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def start_queue(self) -> None:
        """Start the queue's threads and queue again the batches that were waiting when the service stopped."""
        self._threads = [threading.Thread(target=self._serve, name=f"kaohe-batches-{i}", daemon=True)
                         for i in range(self.max_running)]
        for thread in self._threads:
            thread.start()
        waiting = [s for s in self._all() if s["status"] == "queued"]
        for status in sorted(waiting, key=lambda s: s.get("created_at", "")):
            self._enqueue(status["id"])

    def stop_queue(self) -> None:
        """End the running batches (their workers killed, their finished submissions kept); queued ones wait
        for the next start."""
        self._stop.set()
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join(STOP_SECONDS)

    def start(self, archive: BinaryIO, filename: str, rubric_id: str, year: int | None, user: User) -> dict:
        """Check and keep the uploaded archive and queue its batch; ServiceError (nothing kept) if refused."""
        batch_id = secrets.token_hex(8)
        private_dir(self.root)
        incoming = self.root / f".incoming-{batch_id}.zip"
        try:
            with incoming.open("wb") as target:
                shutil.copyfileobj(archive, target, COPY_CHUNK)
            self._check(incoming, filename)
            folder = private_dir(self.root / batch_id)
            incoming.replace(folder / ARCHIVE)
            self._enqueue(batch_id, {"id": batch_id, "rubric": rubric_id, "year": year, "created_by": user.username,
                                     "created_by_name": person(user), "owner_id": user.id, "created_at": _now(), "archive": filename,
                                     "status": "queued"})
        finally:
            incoming.unlink(missing_ok=True)
        return self.get(batch_id)

    def resume(self, batch_id: str) -> dict:
        """Queue an interrupted or failed batch again: finished submissions are reused."""
        with self._lock:
            status = self.get(batch_id)
            if status is not None and status["status"] in ("interrupted", "failed"):
                self._enqueue(batch_id, {**status, "status": "queued", "message": None})
        return self.get(batch_id)

    def get(self, batch_id: str, user: User | None = None) -> dict | None:
        """The batch's status; None when there is none, or when `user` may not see it (not an admin
        and not the reviewer who started it)."""
        status = self._read(batch_id)
        if status is None or not _sees(user, status):
            return None
        if status["status"] in ("queued", "running") and batch_id not in self._active:
            # The service stopped while this batch ran; `resume` continues it.
            status = {**status, "status": "interrupted", "message": "服务重启，预审中断；可继续运行，已完成的材料不会重做"}
        if status["status"] == "queued":
            status["waiting"] = self._place(batch_id)
        return status

    def visible(self, user: User) -> list[dict]:
        """The batches `user` may see, newest first."""
        found = [self.get(s["id"]) for s in self._all() if _sees(user, s)]
        return sorted(found, key=lambda s: s.get("created_at", ""), reverse=True)

    def folder(self, batch_id: str) -> Path:
        return self.root / batch_id

    def society_files(self, batch_id: str, folder: str) -> tuple[list[InputFile], InputFile | None]:
        """The files of the society under `folder` in the batch's archive, read with the batch's limits,
        and its 自评表 (by name) apart; ServiceError 404 when the batch has no such society."""
        for _, files, claims in self.societies(batch_id, {folder}):
            return files, claims
        raise not_found(f"学会“{folder}”")

    def societies(self, batch_id: str, folders: set[str]) -> Iterator[tuple[str, list[InputFile], InputFile | None]]:
        """Each society of the batch whose folder is in `folders`, as `society_files` gives it, read one
        at a time (a year's archive is never in memory at once)."""
        layout = batch_layout(self.folder(batch_id) / ARCHIVE, self.max_unpacked)
        for group in layout.groups:
            if group.label in folders:
                files, _ = read_sources(group.sources)
                claims = next((f for f in files if kind_by_name(PurePosixPath(f.name).name) == SELF_EVALUATION), None)
                yield group.label, [f for f in files if f is not claims], claims

    def report(self, batch_id: str) -> Path:
        return self.root / batch_id / REPORT

    def _check(self, path: Path, filename: str) -> None:
        if not zipfile.is_zipfile(path):
            raise ServiceError(415, f"{filename}：批量预审需要 ZIP 压缩包（每个学会一个文件夹）")
        try:
            discover(path, max_bytes=self.max_unpacked)
        except InputError as error:
            raise ServiceError(422, f"{filename}：{error.reason}") from None

    def _enqueue(self, batch_id: str, status: dict | None = None) -> None:
        """Queue the batch, writing its new `status` first; active before then, so it is never seen
        queued yet not in hand."""
        self._active.add(batch_id)
        if status is not None:
            self._write(batch_id, status)
        self._queue.put(batch_id)

    def _place(self, batch_id: str) -> int:
        """How many queued batches are ahead of this one."""
        with self._queue.mutex:
            waiting = list(self._queue.queue)
        return waiting.index(batch_id) if batch_id in waiting else 0

    def _serve(self) -> None:
        while not self._stop.is_set() and (batch_id := self._queue.get()) is not None:
            try:
                if not self._stop.is_set():
                    self._work(batch_id)
            except Exception:
                # The queue must outlive any one batch (its folder gone, a disk full).
                log.exception("batch %s could not be run", batch_id)
            self._active.discard(batch_id)

    def _work(self, batch_id: str) -> None:
        folder = self.root / batch_id
        status = {**self._read(batch_id), "status": "running", "started_at": _now()}
        self._write(batch_id, status)
        try:
            report = run_batch(folder / ARCHIVE, status["rubric"], folder / REPORT, year=status["year"],
                               workers=self.workers, max_bytes=self.max_unpacked, database_url=self.database_url,
                               listener=_Progress(self, batch_id), stop=self._stop)
        except Terminated:
            self._write(batch_id, {**self._read(batch_id), "status": "interrupted",
                                   "message": "服务停止，预审中断；可继续运行，已完成的材料不会重做"})
        except (InputError, RubricError) as error:
            self._write(batch_id, {**self._read(batch_id), "status": "failed", "message": str(error),
                                   "finished_at": _now()})
        except Exception as error:  # noqa: BLE001 - a reviewer must see why the batch stopped
            self._write(batch_id, {**self._read(batch_id), "status": "failed", "message": f"预审出错：{error}",
                                   "finished_at": _now()})
        else:
            summary = report.to_json()
            summary.pop("output", None)
            summary.pop("forms", None)
            self._write(batch_id, {**self._read(batch_id), "status": "done", "finished_at": _now(), **summary,
                                   "forms": [p.name for p in report.forms]})

    def _all(self) -> list[dict]:
        if not self.root.is_dir():
            return []
        return [s for folder in sorted(self.root.iterdir()) if (s := self._read(folder.name)) is not None]

    def _read(self, batch_id: str) -> dict | None:
        path = self.root / batch_id / STATUS
        if not batch_id.isalnum() or not path.is_file():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    def _write(self, batch_id: str, status: dict) -> None:
        path = self.root / batch_id / STATUS
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)  # readers never see half a file


class _Progress(Events):
    """A running batch's progress, kept in its status for the batch page to poll."""

    def __init__(self, jobs: BatchJobs, batch_id: str):
        self.jobs, self.batch_id = jobs, batch_id
        self.progress = {"total": 0, "done": 0, "failed": 0, "running": []}

    def planned(self, total: int, reused: int) -> None:
        self._save(total=total, done=reused)

    def running(self, labels: list[str]) -> None:
        if labels != self.progress["running"]:
            self._save(running=labels)

    def finished(self, job: Job, record: dict) -> None:
        self._save(done=self.progress["done"] + 1)

    def failed(self, job: Job, message: str) -> None:
        self._save(done=self.progress["done"] + 1, failed=self.progress["failed"] + 1)

    def _save(self, **changes) -> None:
        self.progress.update(changes)
        self.jobs._write(self.batch_id, {**self.jobs._read(self.batch_id), "progress": dict(self.progress)})


def batch_fingerprint(batch_id: str, folder: str) -> str:
    """A society of a batch is opened as one submission, however often it is asked for."""
    return hashlib.sha256(f"batch\0{batch_id}\0{folder}".encode()).hexdigest()


def _sees(user: User | None, status: dict) -> bool:
    return user is None or user.role == Role.ADMIN or status.get("owner_id") == user.id


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
