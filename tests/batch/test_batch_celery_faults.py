"""Killed processes and a broker that goes away in a Celery batch: every submission is still processed exactly
once, in bounded time."""

import os
import subprocess
import sys
import time
from collections import Counter

import pytest
from sqlalchemy.engine import make_url

from batch_materials import RUBRIC, society_folder
from celery_workers import BROKER, leases, outcomes, start_worker, stop_worker
from ingest.batch.run import run_batch, state_path
from processes import descendants, on_linux, running, wait_for
from proxy import Proxy
from test_batch_resume import stored

pytestmark = pytest.mark.skipif(not on_linux(), reason="进程树取自 /proc，只在 Linux 上可查")

STEMS = ["01_kuangye", "02_zuowu", "03_kangfu", "04_tujian"]
# From a worker's death to the batch's end: the lease lapses, the task is queued again and redone.
RECOVERY_SECONDS = 90
TIMEOUT = 120


def inbox_of(tmp_path):
    inbox = tmp_path / "inbox"
    for stem in STEMS:
        society_folder(inbox, stem)
    return inbox


def batch_process(inbox, output, queue, stderr, broker=BROKER):
    return subprocess.Popen(
        [sys.executable, "-c", "from ingest.cli import app; app()", "batch", str(inbox), "--rubric", RUBRIC,
         "-o", str(output)],
        env={**os.environ, "KAOHE_BROKER_URL": broker, "KAOHE_BATCH_QUEUE": queue},
        stdout=subprocess.DEVNULL, stderr=stderr,
    )


def test_a_worker_killed_mid_task_is_replaced_within_a_bounded_time(tmp_path, queue):
    # A prefork worker, whose pool process runs the task, and a solo one beside it.
    logs = [tmp_path / "prefork.log", tmp_path / "solo.log"]
    doomed = start_worker(queue, f"{queue}-prefork", logs[0], pool="prefork")
    survivor = start_worker(queue, f"{queue}-solo", logs[1])
    output = tmp_path / "out" / "预审报告.xlsx"
    try:
        with open(tmp_path / "batch.err", "w") as stderr:  # not a terminal: progress must still show
            batch = batch_process(inbox_of(tmp_path), output, queue, stderr)
            children = descendants(doomed.pid)
            wait_for(lambda: children & set(leases().values()), "the prefork worker to take a task", timeout=TIMEOUT)
            killed = time.monotonic()
            doomed.kill()  # the worker's main process, mid-task
            batch.wait(timeout=TIMEOUT)
            took = time.monotonic() - killed
        wait_for(lambda: not any(running(p) for p in children), "the pool process to end", timeout=5)
    finally:
        stop_worker(survivor)
        doomed.wait()
    messages = (tmp_path / "batch.err").read_text()
    print(f"\nkill -9 of a worker's main process → batch done {took:.1f} s later; stderr:\n{messages}")
    assert batch.returncode == 0 and "Traceback" not in messages
    assert took < RECOVERY_SECONDS
    assert "处理它的工作进程已失联，任务已重新派发" in messages and "4/4 完成 4 · 沿用 0 · 失败 0" in messages
    processed = Counter(key for key, outcome in outcomes(*logs) if outcome == "processed")
    assert len(processed) == len(STEMS) and set(processed.values()) == {1}
    assert stored(state_path(output)) == len(STEMS)


def test_a_rerun_after_the_parent_is_killed_does_no_work_twice(tmp_path, queue):
    log = tmp_path / "worker.log"
    worker = start_worker(queue, queue, log)
    inbox = inbox_of(tmp_path)
    output = tmp_path / "out" / "预审报告.xlsx"
    try:
        batch = batch_process(inbox, output, queue, subprocess.DEVNULL)
        # The worker is on the first submission, the other three wait in the queue.
        wait_for(lambda: worker.pid in leases().values(), "the worker to take a task", timeout=TIMEOUT)
        batch.kill()
        batch.wait()
        started = time.monotonic()
        rerun = run_batch(inbox, RUBRIC, output, broker_url=BROKER)
        print(f"\nrerun after kill -9 of the parent: {time.monotonic() - started:.1f} s")
    finally:
        stop_worker(worker)
    assert rerun.failed == 0 and rerun.processed + rerun.reused == len(STEMS)
    found = outcomes(log)
    processed = Counter(key for key, outcome in found if outcome == "processed")
    assert len(processed) == len(STEMS) and set(processed.values()) == {1}
    # The killed parent's queued tasks found their run superseded and did nothing.
    assert [outcome for _, outcome in found].count("superseded") == len(STEMS) - 1


def test_the_broker_going_away_mid_batch_is_waited_for(tmp_path, queue):
    # The parent and the worker reach Redis through a proxy, which cuts every connection and refuses new ones.
    proxy = Proxy(make_url(BROKER).host, make_url(BROKER).port)
    broker = make_url(BROKER).set(port=proxy.port).render_as_string()
    log = tmp_path / "worker.log"
    worker = start_worker(queue, queue, log, broker=broker)
    output = tmp_path / "out" / "预审报告.xlsx"
    errors = tmp_path / "batch.err"
    try:
        with open(errors, "w") as stderr:
            batch = batch_process(inbox_of(tmp_path), output, queue, stderr, broker=broker)
            wait_for(lambda: worker.pid in leases().values(), "the worker to take a task", timeout=TIMEOUT)
            proxy.stop()
            away = time.monotonic()
            wait_for(lambda: "连接中断" in errors.read_text() or batch.poll() is not None,
                     "the batch to notice the broker is gone", timeout=TIMEOUT)
            time.sleep(4)
            proxy.start()
            back = time.monotonic()
            batch.wait(timeout=TIMEOUT)
            took = time.monotonic() - back
    finally:
        if batch.poll() is None:
            batch.kill()
        stop_worker(worker)
        proxy.stop()
    messages = errors.read_text()
    print(f"\nbroker away {back - away:.1f} s; batch done {took:.1f} s after it came back; stderr:\n{messages}")
    assert batch.returncode == 0 and "Traceback" not in messages
    assert f"任务队列 {broker} 连接中断" in messages and "任务队列已恢复连接" in messages
    assert "4/4 完成 4 · 沿用 0 · 失败 0" in messages
    assert took < RECOVERY_SECONDS
    # None processed twice (a task whose result could not be sent while the broker was away is delivered
    # again and finds its record stored), none lost.
    processed = Counter(key for key, outcome in outcomes(log) if outcome == "processed")
    assert set(processed.values()) <= {1}
    assert stored(state_path(output)) == len(STEMS)
