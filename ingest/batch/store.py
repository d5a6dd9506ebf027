"""Finished submissions, kept so a batch can stop at any moment and go on later.

A record is stored the moment its submission is done, keyed by the
submission's content hash and the rubric file's sha256: a rerun skips what
is stored, a changed file or rubric is processed afresh, and the unique key
means a record written twice (two workers, a rerun racing a slow worker) is
kept once. The store is the database of `KAOHE_DATABASE_URL` when it is set
(shared by Celery workers, kept across reports), else a SQLite file next to
the report.

It also names each batch's current run: a Celery task queued by an earlier
run of the same batch (a parent killed, then run again) sees it has been
superseded and does nothing, so no work is done beside the rerun's.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, UniqueConstraint, delete, func, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError

from ingest.db.engine import make_engine, normalise_url

metadata = MetaData()
results = Table(
    "kaohe_batch_results",
    metadata,
    Column("key", String(160), primary_key=True),
    Column("content_sha256", String(64), nullable=False),
    Column("rubric_sha256", String(64), nullable=False),
    Column("society", Text),
    Column("record", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), server_default=func.now()),
    UniqueConstraint("content_sha256", "rubric_sha256"),
)
runs = Table(
    "kaohe_batch_runs",
    metadata,
    Column("batch", String(64), primary_key=True),
    Column("run", String(32), nullable=False),
    Column("started_at", DateTime(timezone=True), server_default=func.now()),
)


# SQLite's codes for a file that is not, or no longer, a database (SQLITE_CORRUPT, SQLITE_NOTADB).
SQLITE_DAMAGED = (11, 26)


class StoreError(Exception):
    """The store cannot be opened; `damaged` when its SQLite file is not (or no longer) a database."""

    def __init__(self, reason: str, damaged: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.damaged = damaged


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


def public_url(url: str) -> str:
    """The store's URL without its password: what a task message may carry."""
    parsed = make_url(normalise_url(url))  # (URL.set(password=None) would keep the password)
    bare = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database, parsed.query)
    return bare.render_as_string(hide_password=False)


def worker_store_url(public: str) -> str:
    """The store a Celery worker writes to: its own `KAOHE_DATABASE_URL`, password included, when
    that names the task's database; else the task's URL as it came (a SQLite file, a trusted server)."""
    own = os.environ.get("KAOHE_DATABASE_URL")
    return own if own and public_url(own) == public else public


def shown_url(url: str) -> str:
    """The URL to show a user: the password hidden."""
    return make_url(url).render_as_string(hide_password=True)


class ResultStore:
    def __init__(self, url: str):
        """Open (and create) the store at `url`; StoreError when it cannot be reached or read."""
        self.url = url
        self.engine = make_engine(url)
        try:
            metadata.create_all(self.engine, checkfirst=True)
            intact = self._intact()
        except DBAPIError as error:
            self.engine.dispose()
            lines = str(error.orig).strip().splitlines()
            raise StoreError(lines[0] if lines else type(error.orig).__name__,
                             damaged=getattr(error.orig, "sqlite_errorcode", None) in SQLITE_DAMAGED) from error
        if not intact:
            self.engine.dispose()
            raise StoreError("完整性检查未通过", damaged=True)

    def _intact(self) -> bool:
        """SQLite's own check of the file (a state file cut short by a crash or a full disk)."""
        if self.engine.dialect.name != "sqlite":
            return True
        with self.engine.connect() as db:
            return db.exec_driver_sql("PRAGMA quick_check").scalar() == "ok"

    def keys(self, keys: Iterable[str]) -> set[str]:
        """Which of `keys` are stored."""
        wanted = list(keys)
        found: set[str] = set()
        with self.engine.connect() as db:
            # In chunks: SQLite limits the number of bound parameters.
            for i in range(0, len(wanted), 500):
                found.update(db.scalars(select(results.c.key).where(results.c.key.in_(wanted[i : i + 500]))))
        return found

    def get(self, keys: Iterable[str]) -> dict[str, dict]:
        wanted = list(keys)
        records: dict[str, dict] = {}
        with self.engine.connect() as db:
            for i in range(0, len(wanted), 500):
                rows = db.execute(select(results.c.key, results.c.record).where(results.c.key.in_(wanted[i : i + 500])))
                records.update((key, json.loads(record)) for key, record in rows)
        return records

    def put(self, record: dict) -> bool:
        """Store a finished record; False when it was already there."""
        row = {
            "key": record["key"], "content_sha256": record["content_sha256"], "rubric_sha256": record["rubric_sha256"],
            "society": record["society"], "record": json.dumps(record, ensure_ascii=False),
        }
        try:
            with self.engine.begin() as db:
                db.execute(results.insert().values(**row))
        except IntegrityError:
            return False
        return True

    def begin_run(self, batch: str, run: str) -> None:
        """Make `run` the batch's current run: tasks of earlier runs are skipped from now on."""
        with self.engine.begin() as db:
            db.execute(delete(runs).where(runs.c.batch == batch))
            db.execute(runs.insert().values(batch=batch, run=run))

    def current_run(self, batch: str) -> str | None:
        with self.engine.connect() as db:
            return db.scalar(select(runs.c.run).where(runs.c.batch == batch))

    def count(self) -> int:
        with self.engine.connect() as db:
            return db.scalar(select(func.count()).select_from(results))


@lru_cache(maxsize=4)
def open_store(url: str) -> ResultStore:
    """One store (and connection pool) per URL in a worker process."""
    return ResultStore(url)
