"""Scale-out: the same tasks on a real Celery worker over the local Redis, results in the shared store."""

import os
import subprocess
import sys
import uuid

import pytest
import redis
from sqlalchemy import delete

from batch_materials import RUBRIC, society_folder
from ingest.batch.store import ResultStore, results
from ingest.batch.run import run_batch

BROKER = "redis://127.0.0.1:6379/11"
POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture
def broker():
    try:
        redis.Redis.from_url(BROKER, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("本机 127.0.0.1:6379 没有 Redis，无法启动 Celery 工作进程")
    return BROKER


@pytest.fixture
def worker(broker, monkeypatch):
    """A Celery worker process on a queue of its own, so no other worker takes the tasks."""
    queue = f"kaohe-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("KAOHE_BATCH_QUEUE", queue)
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "ingest.batch.celery_app", "worker", "--pool=solo",
         "--without-gossip", "--without-mingle", "-n", f"{queue}@%h", "-l", "warning"],
        env={**os.environ, "KAOHE_BROKER_URL": broker, "KAOHE_BATCH_QUEUE": queue},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    # The queue's bookkeeping in Redis goes with the test.
    client = redis.Redis.from_url(broker)
    if leftovers := client.keys(f"*{queue}*"):
        client.delete(*leftovers)


def test_a_small_batch_runs_on_a_celery_worker(tmp_path, broker, worker):
    inbox = tmp_path / "inbox"
    for stem in ("01_kuangye", "02_zuowu", "05_qixiang"):
        society_folder(inbox, stem, omit=("汇总表",))
    output = tmp_path / "out" / "报告.xlsx"
    report = run_batch(inbox, RUBRIC, output, broker_url=broker)
    assert (report.processed, report.failed) == (3, 0)
    # The worker, not this process, did the work, and wrote it to the shared store.
    assert {s["pid"] for s in report.stats} == {worker.pid}
    assert ResultStore(report.store_url).count() == 3
    assert all(r.total and r.grade for r in report.rows)
    missing = [[f["message"] for f in r.flags if f["kind"] == "missing_material"] for r in report.rows]
    assert all(m == ["缺少汇总表（通知要求报送：工作总结、自评表、汇总表、佐证材料）"] for m in missing)
    again = run_batch(inbox, RUBRIC, output, broker_url=broker)
    assert (again.processed, again.reused) == (0, 3)


def test_store_keeps_one_record_per_key_in_postgresql():
    try:
        store = ResultStore(POSTGRES)
        store.count()
    except Exception as error:  # no server, or no driver: say which
        pytest.skip(f"本机 PostgreSQL 不可用（{type(error).__name__}）")
    content = uuid.uuid4().hex
    record = {"key": f"{content}:r1", "content_sha256": content, "rubric_sha256": "r1", "society": "江西省矿业学会",
              "total": 76.0}
    try:
        assert store.put(record) is True
        assert store.put({**record, "total": 1.0}) is False
        assert store.keys([record["key"], "missing:r1"]) == {record["key"]}
        assert store.get([record["key"]])[record["key"]]["total"] == 76.0
    finally:
        with store.engine.begin() as db:
            db.execute(delete(results).where(results.c.content_sha256 == content))
