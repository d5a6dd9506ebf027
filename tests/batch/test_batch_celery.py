"""Scale-out: the same tasks on a real Celery worker over the local Redis, results in the shared store."""

import base64
import re
import threading
import time
import uuid

import pytest
import redis
from sqlalchemy import delete

from batch_materials import RUBRIC, society_folder
from celery_workers import POSTGRES, forget_queue, new_queue, require_broker, start_worker, stop_worker
from ingest.batch import runner
from ingest.batch.runner import BatchError
from ingest.batch.store import ResultStore, results
from ingest.batch.run import run_batch


@pytest.fixture
def broker():
    return require_broker()


@pytest.fixture
def worker(broker, monkeypatch, tmp_path):
    """A Celery worker process on a queue of its own, so no other worker takes the tasks."""
    queue = new_queue()
    monkeypatch.setenv("KAOHE_BATCH_QUEUE", queue)
    process = start_worker(queue, queue, tmp_path / "worker.log")
    process.queue = queue
    yield process
    stop_worker(process)
    forget_queue(queue)


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


def test_a_parent_on_another_queue_stops_with_a_message(tmp_path, broker, worker, monkeypatch):
    # The worker consumes its own queue; this parent sends to another, which nobody consumes.
    monkeypatch.setenv("KAOHE_BATCH_QUEUE", "kaohe-test-nobody")
    monkeypatch.setattr(runner, "WORKER_WAIT_SECONDS", 3)
    society_folder(tmp_path / "inbox", "01_kuangye")
    with pytest.raises(BatchError) as raised:
        run_batch(tmp_path / "inbox", RUBRIC, tmp_path / "报告.xlsx", broker_url=broker)
    message = str(raised.value)
    assert message.startswith("3 秒内没有 Celery 工作进程接收队列“kaohe-test-nobody”（在线的工作进程接收的是：")
    assert worker.queue in message and "KAOHE_BATCH_QUEUE 是否一致" in message


def test_the_database_password_stays_out_of_task_messages(tmp_path, broker, monkeypatch):
    """Workers take the password from their own KAOHE_DATABASE_URL; the broker never sees it."""
    try:
        ResultStore(POSTGRES).count()
    except Exception as error:  # no server, or no driver: say which
        pytest.skip(f"本机 PostgreSQL 不可用（{type(error).__name__}）")
    # Trust authentication accepts any password: this one only has to be recognisable.
    secret = f"pw-{uuid.uuid4().hex[:8]}"
    database = POSTGRES.replace("postgres@", f"postgres:{secret}@")
    queue = new_queue()
    monkeypatch.setenv("KAOHE_BATCH_QUEUE", queue)
    process = start_worker(queue, queue, tmp_path / "worker.log", env={"KAOHE_DATABASE_URL": database})
    inbox = tmp_path / "inbox"
    folder = society_folder(inbox, "01_kuangye")
    (folder / "佐证材料" / "编号.txt").write_text(uuid.uuid4().hex)  # a submission of its own: nothing stored yet
    client = redis.Redis.from_url(broker)
    end = f"end-{uuid.uuid4().hex}"
    seen: list[str] = []

    def listen() -> None:  # every command the broker receives, until the end marker
        with client.monitor() as monitor:
            for command in monitor.listen():
                seen.append(command["command"])
                if end in command["command"]:
                    return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    time.sleep(0.5)
    try:
        report = run_batch(inbox, RUBRIC, tmp_path / "报告.xlsx", broker_url=broker, database_url=database)
    finally:
        client.echo(end)
        listener.join(timeout=10)
        stop_worker(process)
        forget_queue(queue)
    with ResultStore(database).engine.begin() as db:
        db.execute(delete(results).where(results.c.key.in_([r.record["key"] for r in report.rows])))
    assert (report.processed, report.failed) == (1, 0) and report.rows[0].total
    # The monitor saw the task go out, naming the database without its password.
    bodies = [base64.b64decode(b).decode() for c in seen for b in re.findall(r'"body": "([A-Za-z0-9+/=]+)"', c)]
    assert any("postgresql+psycopg://postgres@127.0.0.1:5432/test" in b for b in bodies)
    assert not [c for c in seen + bodies if secret in c]
