"""Servers that accept the connection and then say nothing (stuck, or a firewall swallowing their replies), and a
broker away for longer than the batch waits: the batch gives up in a bounded time with one Chinese line naming
what did not answer, keeps what is done, and a rerun finishes it with nothing done twice."""

import os
import subprocess
import sys
import time
from collections import Counter

import pytest
from sqlalchemy.engine import make_url

from batch_materials import RUBRIC, society_folder
from celery_workers import BROKER, leases, outcomes, require_broker, start_worker, stop_worker
from ingest.batch.celery_app import ANSWER_SECONDS
from ingest.batch.run import run_batch, state_path
from ingest.db.engine import CONNECT_SECONDS
from processes import on_linux, wait_for
from proxy import Proxy
from test_batch_resume import stored

STEMS = ["01_kuangye", "02_zuowu", "03_kangfu", "04_tujian"]
# Beyond the timeouts under test: starting Python, reading the rubric.
SLACK_SECONDS = 30
OUTAGE_SECONDS = 4
TIMEOUT = 180


@pytest.fixture
def inbox(tmp_path):
    for stem in STEMS:
        society_folder(tmp_path / "inbox", stem)
    return tmp_path / "inbox"


@pytest.fixture
def hung_broker():
    require_broker()
    proxy = Proxy(make_url(BROKER).host, make_url(BROKER).port)
    yield proxy, make_url(BROKER).set(port=proxy.port).render_as_string()
    proxy.stop()


def batch(inbox, output, stderr, **env):
    return subprocess.Popen(
        [sys.executable, "-c", "from ingest.cli import app; app()", "batch", str(inbox), "--rubric", RUBRIC,
         "-o", str(output)],
        env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=stderr,
    )


def ended(process, errors, bound: float) -> tuple[float, list[str]]:
    """How long `process` took to end (it must within `bound` seconds), and its stderr's lines."""
    started = time.monotonic()
    try:
        process.wait(timeout=bound)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail(f"the batch still waited after {bound:.0f} s; stderr:\n{errors.read_text()}")
    took = time.monotonic() - started
    return took, errors.read_text().splitlines()


def test_a_results_database_that_never_answers_is_given_up_on_before_any_work(tmp_path, inbox, database):
    database.proxy.hang()
    errors = tmp_path / "batch.err"
    with open(errors, "w") as stderr:
        process = batch(inbox, tmp_path / "预审报告.xlsx", stderr, KAOHE_DATABASE_URL=database.url)
        took, lines = ended(process, errors, CONNECT_SECONDS + SLACK_SECONDS)
    print(f"\nresults database silent → batch ended after {took:.1f} s: {lines}")
    assert process.returncode == 1 and "Traceback" not in errors.read_text()
    assert "结果数据库 postgresql://postgres@127.0.0.1:" in lines[-1] and f"{CONNECT_SECONDS} 秒内没有应答" in lines[-1]


def test_a_broker_that_never_answers_is_given_up_on_before_any_work(tmp_path, inbox, hung_broker):
    proxy, broker = hung_broker
    proxy.hang()
    errors = tmp_path / "batch.err"
    with open(errors, "w") as stderr:
        process = batch(inbox, tmp_path / "预审报告.xlsx", stderr, KAOHE_BROKER_URL=broker)
        took, lines = ended(process, errors, ANSWER_SECONDS + SLACK_SECONDS)
    print(f"\nbroker silent → batch ended after {took:.1f} s: {lines}")
    assert process.returncode == 1 and "Traceback" not in errors.read_text()
    # (Progress lines before it: stderr is not a terminal.)
    assert f"任务队列 {broker}" in lines[-1] and f"{ANSWER_SECONDS} 秒内没有应答" in lines[-1]


@pytest.mark.skipif(not on_linux(), reason="工作进程的租约记着进程号，只在 Linux 上测")
def test_a_broker_silent_for_longer_than_the_outage_window_ends_the_batch_and_a_rerun_finishes(
    tmp_path, inbox, queue, hung_broker
):
    proxy, broker = hung_broker
    log = tmp_path / "worker.log"
    worker = start_worker(queue, queue, log, broker=broker)
    output = tmp_path / "out" / "预审报告.xlsx"
    errors = tmp_path / "batch.err"
    try:
        with open(errors, "w") as stderr:
            process = batch(inbox, output, stderr, KAOHE_BROKER_URL=broker, KAOHE_BATCH_QUEUE=queue,
                            KAOHE_OUTAGE_SECONDS=str(OUTAGE_SECONDS))
            wait_for(lambda: worker.pid in leases().values(), "the worker to take a task", timeout=TIMEOUT)
            proxy.hang()
            # Each try waits for an answer, then the window runs out.
            took, lines = ended(process, errors, 3 * ANSWER_SECONDS + OUTAGE_SECONDS + SLACK_SECONDS)
        print(f"\nbroker silent mid-batch → batch ended after {took:.1f} s; stderr:\n" + "\n".join(lines))
        assert process.returncode == 1 and "Traceback" not in errors.read_text()
        # (The first error may be the cut connection; every later try gets no answer.)
        assert any(f"任务队列 {broker} 连接中断（" in line for line in lines)
        assert f"连接中断 {OUTAGE_SECONDS} 秒仍未恢复（{ANSWER_SECONDS} 秒内没有应答）" in lines[-1]
        assert "恢复后重跑同一命令会接着做" in lines[-1]

        proxy.start()
        started = time.monotonic()
        rerun = run_batch(inbox, RUBRIC, output, broker_url=broker)
        print(f"broker back → rerun done in {time.monotonic() - started:.1f} s: {rerun.processed} processed, "
              f"{rerun.reused} reused")
    finally:
        stop_worker(worker)
    assert rerun.failed == 0 and rerun.processed + rerun.reused == len(STEMS)
    # None was done twice (the task in hand when the broker fell silent was finished, its record kept, though
    # its outcome could not be sent), none lost.
    processed = Counter(key for key, outcome in outcomes(log) if outcome == "processed")
    assert set(processed.values()) == {1}
    assert stored(state_path(output)) == len(STEMS)
