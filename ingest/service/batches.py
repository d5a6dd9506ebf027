"""Batch pre-screening started from the service: one folder per batch under the data directory.

A 学会部 uploads a year's archive; `kaohe batch`'s own `run_batch` pre-screens
it in a background thread and writes the workbook and the 汇总表 next to the
archive. The batch's state lives in status.json beside the run's own
resumable results (its state file, or the database of `KAOHE_DATABASE_URL`
when set, as for `kaohe batch`), so a restarted service finds an interrupted
batch and can resume it without redoing finished submissions.

An archive is checked before anything is kept: it is copied to disk in
chunks (never held in memory whole), and refused when it is not a zip, holds
no society's materials, or expands to more than `KAOHE_MAX_UNPACKED_MB` (a
society's bundle inside counted by its members). At most `KAOHE_MAX_BATCHES`
batches run at once, each with its own worker pool; more are refused (429)
until one ends. A batch belongs to the reviewer who started it.
"""

from __future__ import annotations

import json
import secrets
import shutil
import threading
import zipfile
from datetime import datetime, UTC
from pathlib import Path
from typing import BinaryIO

from ingest.batch.layout import discover
from ingest.batch.run import run_batch
from ingest.db.blobs import private_dir
from ingest.db.models import Role, User
from ingest.files import InputError
from ingest.service.errors import ServiceError
from rubrics.loader import RubricError

ARCHIVE = "材料.zip"
REPORT = "预审报告.xlsx"
STATUS = "status.json"
COPY_CHUNK = 1024 * 1024
# What a client refused for a full house is told to wait before trying again.
BUSY_RETRY_SECONDS = 60


class BatchJobs:
    """Batches on disk, and the threads running them in this process."""

    def __init__(self, root: Path, max_running: int, max_unpacked: int, database_url: str | None = None):
        self.root = root
        # The service's own database server keeps the batches' results too; the embedded SQLite does not.
        self.database_url = database_url
        self.max_running = max_running
        self.max_unpacked = max_unpacked
        self._running: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()

    def start(self, archive: BinaryIO, filename: str, rubric_id: str, year: int | None, user: User) -> dict:
        """Check and keep the uploaded archive and start its batch; ServiceError (nothing kept) if refused."""
        batch_id = secrets.token_hex(8)
        private_dir(self.root)
        incoming = self.root / f".incoming-{batch_id}.zip"
        try:
            with incoming.open("wb") as target:
                shutil.copyfileobj(archive, target, COPY_CHUNK)
            self._check(incoming, filename)
            with self._lock:
                self._make_room()
                folder = private_dir(self.root / batch_id)
                incoming.replace(folder / ARCHIVE)
                self._write(batch_id, {"id": batch_id, "rubric": rubric_id, "year": year, "created_by": user.username,
                                       "owner_id": user.id, "created_at": _now(), "status": "running"})
                self._run(batch_id)
        finally:
            incoming.unlink(missing_ok=True)
        return self.get(batch_id)

    def resume(self, batch_id: str) -> dict:
        """Run an interrupted or failed batch again: finished submissions are reused."""
        with self._lock:
            status = self.get(batch_id)
            if status is not None and status["status"] in ("interrupted", "failed"):
                self._make_room()
                self._write(batch_id, {**status, "status": "running", "message": None})
                self._run(batch_id)
        return self.get(batch_id)

    def get(self, batch_id: str, user: User | None = None) -> dict | None:
        """The batch's status; None when there is none, or when `user` may not see it (not an admin
        and not the reviewer who started it)."""
        status = self._read(batch_id)
        if status is None or (user is not None and user.role != Role.ADMIN and status.get("owner_id") != user.id):
            return None
        alive = self._running.get(batch_id)
        if status["status"] == "running" and (alive is None or not alive.is_alive()):
            # The service stopped while this batch ran; `resume` continues it.
            status = {**status, "status": "interrupted", "message": "服务重启，预审中断；可继续运行，已完成的材料不会重做"}
        return status

    def report(self, batch_id: str) -> Path:
        return self.root / batch_id / REPORT

    def _check(self, path: Path, filename: str) -> None:
        if not zipfile.is_zipfile(path):
            raise ServiceError(415, f"{filename}：批量预审需要 ZIP 压缩包（每个学会一个文件夹）")
        try:
            discover(path, max_bytes=self.max_unpacked)
        except InputError as error:
            raise ServiceError(422, f"{filename}：{error.reason}") from None

    def _make_room(self) -> None:
        """Forget finished threads; ServiceError 429 when `max_running` batches still run (called under the lock)."""
        self._running = {k: t for k, t in self._running.items() if t.is_alive()}
        if len(self._running) >= self.max_running:
            raise ServiceError(
                429, f"已有 {len(self._running)} 个批量预审正在进行（同时最多 {self.max_running} 个），请等其完成后再提交",
                headers={"Retry-After": str(BUSY_RETRY_SECONDS)},
            )

    def _run(self, batch_id: str) -> None:
        thread = threading.Thread(target=self._work, args=(batch_id,), name=f"kaohe-batch-{batch_id}", daemon=True)
        self._running[batch_id] = thread
        thread.start()

    def _work(self, batch_id: str) -> None:
        folder = self.root / batch_id
        status = self._read(batch_id)
        try:
            report = run_batch(folder / ARCHIVE, status["rubric"], folder / REPORT, year=status["year"],
                               max_bytes=self.max_unpacked, database_url=self.database_url)
        except (InputError, RubricError) as error:
            self._write(batch_id, {**status, "status": "failed", "message": str(error), "finished_at": _now()})
        except Exception as error:  # noqa: BLE001 - a reviewer must see why the batch stopped
            self._write(batch_id, {**status, "status": "failed", "message": f"预审出错：{error}", "finished_at": _now()})
        else:
            summary = report.to_json()
            summary.pop("output", None)
            summary.pop("forms", None)
            self._write(batch_id, {**status, "status": "done", "finished_at": _now(), **summary,
                                   "forms": [p.name for p in report.forms]})

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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
