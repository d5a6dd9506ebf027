"""Finished submissions, kept so a batch can stop at any moment and go on later.

A record is stored the moment its submission is done, keyed by the
submission's content hash and the rubric file's sha256: a rerun skips what
is stored, a changed file or rubric is processed afresh, and the unique key
means a record written twice (two workers, a rerun racing a slow worker) is
kept once. The store is the database of `KAOHE_DATABASE_URL` when it is set
(shared by Celery workers, kept across reports), else a SQLite file next to
the report.

A database server that goes away mid-batch (restarted, the network down) is
waited for: each operation is tried again every `RETRY_PAUSE_SECONDS`, with
one line said through `notify`, for up to `outage_seconds()`; then StoreError.
A server that accepts the connection and then says nothing counts as away
once `CONNECT_SECONDS` have passed.
An insert whose commit reached the server before the connection broke is
found there on the retry and kept once.

It also names each batch's current run: a Celery task queued by an earlier
run of the same batch (a parent killed, then run again) sees it has been
superseded and does nothing, so no work is done beside the rerun's.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import psycopg
from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, UniqueConstraint, delete, func, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from ingest.db.engine import CONNECT_SECONDS, make_engine, normalise_url

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


log = logging.getLogger(__name__)

# How long a database server (or the broker) may be away before the batch gives up, unless
# `KAOHE_OUTAGE_SECONDS` says otherwise, and how often it is tried meanwhile.
RETRY_SECONDS = 120
RETRY_PAUSE_SECONDS = 2
# No statement of the store's takes this long: one that does waits on a lock or a server in trouble.
STATEMENT_SECONDS = 60

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


def _retried(method: Callable) -> Callable:
    """The store's `method`, tried again while its database server is away (`ResultStore._retrying`)."""

    @functools.wraps(method)
    def retrying(self: ResultStore, *args):
        # A generator of keys is read once: each try gets the same keys.
        args = tuple(list(a) if isinstance(a, Iterator) else a for a in args)
        return self._retrying(lambda: method(self, *args))

    return retrying


def outage_seconds() -> int:
    return int(os.environ.get("KAOHE_OUTAGE_SECONDS") or RETRY_SECONDS)


def _reason(error: DBAPIError) -> str:
    if isinstance(error.orig, psycopg.errors.ConnectionTimeout):
        return f"{CONNECT_SECONDS} 秒内没有应答"
    lines = str(error.orig).strip().splitlines()
    return lines[0] if lines else type(error.orig).__name__


class ResultStore:
    def __init__(self, url: str, notify: Callable[[str], None] = log.warning):
        """Open (and create) the store at `url`; StoreError when it cannot be reached or read.
        `notify` hears, in a line, when the database server goes away and when it is back."""
        self.url = url
        self.notify = notify
        self.engine = make_engine(url, statement_seconds=STATEMENT_SECONDS)
        try:
            metadata.create_all(self.engine, checkfirst=True)
            intact = self._intact()
        except DBAPIError as error:
            self.engine.dispose()
            damaged = getattr(error.orig, "sqlite_errorcode", None) in SQLITE_DAMAGED
            raise StoreError(_reason(error), damaged=damaged) from error
        if not intact:
            self.engine.dispose()
            raise StoreError("完整性检查未通过", damaged=True)

    def _retrying(self, operation: Callable):
        """`operation()`, tried again while a database server is away, up to `outage_seconds()`."""
        since, patience = None, outage_seconds()
        while True:
            try:
                result = operation()
            except OperationalError as error:
                if self.engine.dialect.name == "sqlite":  # a file: nothing to wait for
                    raise
                now = time.monotonic()
                if since is None:
                    since = now
                    self.notify(f"结果数据库 {shown_url(self.url)} 连接中断（{_reason(error)}），"
                                f"每 {RETRY_PAUSE_SECONDS} 秒重试，最多等待 {patience} 秒")
                elif now - since >= patience:
                    raise StoreError(f"结果数据库 {shown_url(self.url)} 连接中断 {patience} 秒仍未恢复"
                                     f"（{_reason(error)}）") from error
                time.sleep(RETRY_PAUSE_SECONDS)
                continue
            if since is not None:
                self.notify(f"结果数据库已恢复连接（中断约 {time.monotonic() - since:.0f} 秒），继续处理")
            return result

    def _intact(self) -> bool:
        """SQLite's own check of the file (a state file cut short by a crash or a full disk)."""
        if self.engine.dialect.name != "sqlite":
            return True
        with self.engine.connect() as db:
            return db.exec_driver_sql("PRAGMA quick_check").scalar() == "ok"

    @_retried
    def keys(self, keys: Iterable[str]) -> set[str]:
        """Which of `keys` are stored."""
        wanted = list(keys)
        found: set[str] = set()
        with self.engine.connect() as db:
            # In chunks: SQLite limits the number of bound parameters.
            for i in range(0, len(wanted), 500):
                found.update(db.scalars(select(results.c.key).where(results.c.key.in_(wanted[i : i + 500]))))
        return found

    @_retried
    def get(self, keys: Iterable[str]) -> dict[str, dict]:
        wanted = list(keys)
        records: dict[str, dict] = {}
        with self.engine.connect() as db:
            for i in range(0, len(wanted), 500):
                rows = db.execute(select(results.c.key, results.c.record).where(results.c.key.in_(wanted[i : i + 500])))
                records.update((key, json.loads(record)) for key, record in rows)
        return records

    @_retried
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

    @_retried
    def begin_run(self, batch: str, run: str) -> None:
        """Make `run` the batch's current run: tasks of earlier runs are skipped from now on."""
        with self.engine.begin() as db:
            db.execute(delete(runs).where(runs.c.batch == batch))
            db.execute(runs.insert().values(batch=batch, run=run))

    @_retried
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
