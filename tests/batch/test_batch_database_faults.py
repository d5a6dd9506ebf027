"""The results database going away mid-batch and coming back: the batch waits for it, says so in Chinese, and
ends with every submission processed exactly once (a TCP proxy stands between kaohe and PostgreSQL)."""

import os
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest

from batch_materials import RUBRIC, society_folder
from celery_workers import BROKER, forget_queue, leases, new_queue, outcomes, require_broker, start_worker, stop_worker
from ingest.batch.run import run_batch
from ingest.batch.runner import BatchError
from processes import wait_for

STEMS = ["01_kuangye", "02_zuowu", "03_kangfu", "04_tujian", "05_qixiang"]
# The database stays away until the batch has noticed, and this much longer.
AWAY_SECONDS = 4
TIMEOUT = 180


@pytest.fixture
def inbox(tmp_path):
    for stem in STEMS:
        society_folder(tmp_path / "inbox", stem, fmt="pdf")
    return tmp_path / "inbox"


def test_the_database_going_away_mid_batch_is_waited_for(tmp_path, inbox, database):
    output = tmp_path / "out" / "预审报告.xlsx"
    proxy, stored = database.proxy, database.stored
    errors = tmp_path / "batch.err"
    with open(errors, "w") as stderr:
        batch = subprocess.Popen(
            [sys.executable, "-c", "from ingest.cli import app; app()", "batch", str(inbox), "--rubric", RUBRIC,
             "-o", str(output), "--workers", "2"],
            env={**os.environ, "KAOHE_DATABASE_URL": database.url}, stdout=subprocess.DEVNULL, stderr=stderr,
        )
        try:
            wait_for(lambda: stored() >= 1 or batch.poll() is not None, "a first stored record", timeout=TIMEOUT)
            assert batch.poll() is None, "the batch must still be running when the database goes away"
            proxy.stop()
            away = time.monotonic()
            wait_for(lambda: "连接中断" in errors.read_text() or batch.poll() is not None,
                     "the batch to notice the database is gone", timeout=TIMEOUT)
            time.sleep(AWAY_SECONDS)
            proxy.start()
            back = time.monotonic()
            batch.wait(timeout=TIMEOUT)
        finally:
            if batch.poll() is None:
                batch.kill()
    done = time.monotonic()
    count = stored()
    messages = errors.read_text()
    print(f"\ndatabase away {back - away:.1f} s; batch done {done - back:.1f} s after it came back; stderr:\n{messages}")
    assert batch.returncode == 0 and "Traceback" not in messages
    assert "结果数据库 postgresql://postgres@127.0.0.1:" in messages and "连接中断" in messages
    assert "结果数据库已恢复连接" in messages
    assert f"{len(STEMS)}/{len(STEMS)} 完成 {len(STEMS)} · 沿用 0 · 失败 0" in messages
    # Each submission stored once (the table's key allows no second copy), none lost.
    assert count == len(STEMS)


def test_a_database_away_for_too_long_ends_the_batch_with_a_message_and_a_rerun_finishes(tmp_path, inbox, database,
                                                                                        monkeypatch):
    monkeypatch.setenv("KAOHE_OUTAGE_SECONDS", "3")
    output = tmp_path / "out" / "预审报告.xlsx"

    def cut_after_the_first_record() -> None:
        wait_for(lambda: database.stored() >= 1, "a first stored record", timeout=TIMEOUT)
        database.proxy.stop()

    cutter = threading.Thread(target=cut_after_the_first_record, daemon=True)
    cutter.start()
    started = time.monotonic()
    with pytest.raises(BatchError) as raised:
        run_batch(inbox, RUBRIC, output, workers=2, database_url=database.url)
    print(f"\ndatabase gone for good → batch ended {time.monotonic() - started:.1f} s after it started: {raised.value}")
    message = str(raised.value)
    assert message.startswith("结果数据库 postgresql://postgres@127.0.0.1:") and "连接中断 3 秒仍未恢复" in message
    assert message.endswith("；已完成的学会已保存，数据库恢复后重跑同一命令会接着做")
    kept = database.stored()
    assert 1 <= kept < len(STEMS)

    database.proxy.start()
    rerun = run_batch(inbox, RUBRIC, output, workers=2, database_url=database.url)
    assert (rerun.reused, rerun.processed, rerun.failed) == (kept, len(STEMS) - kept, 0)
    assert database.stored() == len(STEMS)


def test_a_celery_worker_losing_the_database_mid_task_hands_its_record_back(tmp_path, inbox, database, monkeypatch):
    require_broker()
    queue = new_queue()
    monkeypatch.setenv("KAOHE_BATCH_QUEUE", queue)
    log = tmp_path / "worker.log"
    # The worker waits less for the database than the batch does: it gives up while the batch still waits.
    worker = start_worker(queue, queue, log, env={"KAOHE_DATABASE_URL": database.url,
                                                  "KAOHE_OUTAGE_SECONDS": str(AWAY_SECONDS)})
    errors = tmp_path / "batch.err"
    try:
        with open(errors, "w") as stderr:
            batch = subprocess.Popen(
                [sys.executable, "-c", "from ingest.cli import app; app()", "batch", str(inbox), "--rubric", RUBRIC,
                 "-o", str(tmp_path / "out" / "预审报告.xlsx")],
                env={**os.environ, "KAOHE_DATABASE_URL": database.url, "KAOHE_BROKER_URL": BROKER},
                stdout=subprocess.DEVNULL, stderr=stderr,
            )
            wait_for(lambda: worker.pid in leases().values(), "the worker to take a task", timeout=TIMEOUT)
            database.proxy.stop()
            away = time.monotonic()
            wait_for(lambda: "结果交给批量预审进程保存" in log.read_text(), "the worker to give up on the database",
                     timeout=TIMEOUT)
            database.proxy.start()
            back = time.monotonic()
            batch.wait(timeout=TIMEOUT)
            took = time.monotonic() - back
    finally:
        if batch.poll() is None:
            batch.kill()
        stop_worker(worker)
        forget_queue(queue)
    messages = errors.read_text()
    print(f"\ndatabase away {back - away:.1f} s; batch done {took:.1f} s after it came back; stderr:\n{messages}")
    assert batch.returncode == 0 and "Traceback" not in messages
    assert f"{len(STEMS)}/{len(STEMS)} 完成 {len(STEMS)} · 沿用 0 · 失败 0" in messages
    done = Counter(key for key, outcome in outcomes(log) if outcome in ("processed", "unstored"))
    assert len(done) == len(STEMS) and set(done.values()) == {1}
    assert database.stored() == len(STEMS)
