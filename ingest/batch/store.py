"""Finished submissions, kept so a batch can stop at any moment and go on later.

A record is stored the moment its submission is done, keyed by the
submission's content hash and the rubric file's sha256: a rerun skips what
is stored, a changed file or rubric is processed afresh, and the unique key
means a record written twice (two workers, a rerun racing a slow worker) is
kept once. The store is a SQLite file next to the report by default, or the
shared database of `KAOHE_DATABASE_URL` when Celery workers write to it.

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
from sqlalchemy.exc import IntegrityError

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


class ResultStore:
    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        metadata.create_all(self.engine, checkfirst=True)

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
