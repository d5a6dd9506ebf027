"""Real Celery workers over the local Redis, each on a queue of the test's own, and databases of a test's own on
the local PostgreSQL, for the batch tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import psycopg
import redis
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url

from ingest.batch.store import results
from ingest.db.engine import normalise_url
from proxy import Proxy

BROKER = "redis://127.0.0.1:6379/11"
POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
READY_SECONDS = 60


def require_broker() -> str:
    try:
        redis.Redis.from_url(BROKER, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("本机 127.0.0.1:6379 没有 Redis，无法启动 Celery 工作进程")
    return BROKER


def new_queue() -> str:
    return f"kaohe-test-{uuid.uuid4().hex[:8]}"


def start_worker(queue: str, name: str, log: Path, pool: str = "solo", env: dict | None = None, broker: str = BROKER):
    """A worker on `queue` of `broker`, once it is ready; its info log (each task's outcome) goes to `log`."""
    command = [sys.executable, "-m", "celery", "-A", "ingest.batch.celery_app", "worker", f"--pool={pool}",
               "--concurrency=1", "--without-gossip", "--without-mingle", "-n", f"{name}@%h", "-l", "info",
               f"--logfile={log}"]
    process = subprocess.Popen(
        command, env={**os.environ, **(env or {}), "KAOHE_BROKER_URL": broker, "KAOHE_BATCH_QUEUE": queue},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + READY_SECONDS
    while not (log.exists() and " ready." in log.read_text()):
        assert process.poll() is None and time.monotonic() < deadline, f"worker {name} did not start"
        time.sleep(0.2)
    return process


def stop_worker(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def forget_queue(queue: str) -> None:
    """The queue's bookkeeping in Redis goes with the test."""
    client = redis.Redis.from_url(BROKER)
    if leftovers := client.keys(f"*{queue}*"):
        client.delete(*leftovers)


def outcomes(*logs: Path) -> list[tuple[str, str]]:
    """(submission key, outcome) of every task the workers finished, from their logs."""
    found = []
    for log in logs:
        found += re.findall(r"'key': '([^']+)', 'outcome': '(\w+)'", log.read_text())
    return found


def leases() -> dict[str, int]:
    """The tasks being worked on now, and the process working on each."""
    client = redis.Redis.from_url(BROKER)
    return {name.decode(): int(client.get(name) or 0) for name in client.scan_iter(match="kaohe:running:*")}


@contextmanager
def scratch_database() -> Iterator[str]:
    """A new, empty database on the local PostgreSQL, for the block; its URL (skips the test without a server)."""
    server = make_url(POSTGRES)
    admin = f"host={server.host} port={server.port} user={server.username} dbname={server.database}"
    try:
        connection = psycopg.connect(admin, autocommit=True, connect_timeout=2)
    except psycopg.OperationalError:
        pytest.skip("本机 127.0.0.1:5432 没有 PostgreSQL，无法测试结果数据库中断")
    name = f"kaohe_test_{uuid.uuid4().hex[:8]}"
    with connection:
        connection.execute(f'CREATE DATABASE "{name}"')
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


class Database:
    """A scratch database, reached by kaohe through a proxy and by the test directly."""

    def __init__(self, url: str):
        self.direct = create_engine(normalise_url(url))
        self.proxy = Proxy(make_url(url).host, make_url(url).port)
        self.url = make_url(url).set(port=self.proxy.port).render_as_string(hide_password=False)

    def stored(self) -> int:
        try:
            with self.direct.connect() as db:
                return db.scalar(select(func.count()).select_from(results))
        except Exception:  # the batch has not created the table yet
            return 0
