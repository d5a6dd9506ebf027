"""Batch pre-screening started from the service: one folder per batch under the data directory.

A 学会部 uploads a year's archive; `kaohe batch`'s own `run_batch` pre-screens
it in a background thread and writes the workbook and the 汇总表 next to the
archive. The batch's state lives in status.json beside the run's own
resumable results (its state file, or the database of `KAOHE_DATABASE_URL`
when set, as for `kaohe batch`), so a restarted service finds an interrupted
batch and can resume it without redoing finished submissions.
"""

from __future__ import annotations

import json
import secrets
import threading
from datetime import datetime, timezone
from pathlib import Path

from ingest.batch.run import run_batch
from ingest.files import InputError
from rubrics.loader import RubricError

ARCHIVE = "材料.zip"
REPORT = "预审报告.xlsx"
STATUS = "status.json"


class BatchJobs:
    """Batches on disk, and the threads running them in this process."""

    def __init__(self, root: Path):
        self.root = root
        self._running: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()

    def start(self, archive: bytes, rubric_id: str, year: int | None, user: str) -> dict:
        batch_id = secrets.token_hex(8)
        folder = self.root / batch_id
        folder.mkdir(parents=True)
        (folder / ARCHIVE).write_bytes(archive)
        self._write(batch_id, {"id": batch_id, "rubric": rubric_id, "year": year, "created_by": user,
                               "created_at": _now(), "status": "running"})
        self._run(batch_id)
        return self.get(batch_id)

    def resume(self, batch_id: str) -> dict:
        """Run an interrupted or failed batch again: finished submissions are reused."""
        status = self.get(batch_id)
        if status is not None and status["status"] in ("interrupted", "failed"):
            self._write(batch_id, {**status, "status": "running", "message": None})
            self._run(batch_id)
        return self.get(batch_id)

    def get(self, batch_id: str) -> dict | None:
        status = self._read(batch_id)
        if status is None:
            return None
        alive = self._running.get(batch_id)
        if status["status"] == "running" and (alive is None or not alive.is_alive()):
            # The service stopped while this batch ran; `resume` continues it.
            status = {**status, "status": "interrupted", "message": "服务重启，预审中断；可继续运行，已完成的材料不会重做"}
        return status

    def report(self, batch_id: str) -> Path:
        return self.root / batch_id / REPORT

    def _run(self, batch_id: str) -> None:
        thread = threading.Thread(target=self._work, args=(batch_id,), name=f"kaohe-batch-{batch_id}", daemon=True)
        with self._lock:
            self._running[batch_id] = thread
        thread.start()

    def _work(self, batch_id: str) -> None:
        folder = self.root / batch_id
        status = self._read(batch_id)
        try:
            report = run_batch(folder / ARCHIVE, status["rubric"], folder / REPORT, year=status["year"])
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
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
