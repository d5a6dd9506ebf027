"""Killed and doubled batches (local pool): no processes left behind, no report lost, no work done twice."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx.document import Document as WordDocument
from openpyxl import Workbook
from typer.testing import CliRunner

from batch_materials import RUBRIC, society_folder
from ingest.batch.outputs import lock_path
from ingest.batch.run import run_batch, state_path
from ingest.batch.runner import BatchError
from ingest.cli import app
from processes import descendants, on_linux, running, wait_for
from test_batch_resume import stored

pytestmark = pytest.mark.skipif(not on_linux(), reason="进程树取自 /proc，只在 Linux 上可查")

FIRST = ["01_kuangye", "02_zuowu"]
LATER = ["03_kangfu", "04_tujian", "05_qixiang", "07_zhongyiyao"]
# How long the batch's helper processes may outlive it.
ORPHAN_SECONDS = 5
TIMEOUT = 120


def batch_command(inbox, output, workers: int) -> list[str]:
    return [sys.executable, "-c", "from ingest.cli import app; app()", "batch", str(inbox), "--rubric", RUBRIC,
            "-o", str(output), "--workers", str(workers)]


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_killed_batch_leaves_no_processes_and_the_previous_report(tmp_path, signum):
    inbox = tmp_path / "inbox"
    for stem in FIRST:
        society_folder(inbox, stem)
    output = tmp_path / "out" / "预审报告.xlsx"
    run_batch(inbox, RUBRIC, output, workers=1)
    previous = output.read_bytes()
    for stem in LATER:
        society_folder(inbox, stem, fmt="pdf")

    # Not in a session of its own: only the parent is killed, its helpers must go by themselves.
    batch = subprocess.Popen(batch_command(inbox, output, 2), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True)
    state = state_path(output)
    wait_for(lambda: stored(state) > len(FIRST) or batch.poll() is not None, "a first new record", timeout=TIMEOUT)
    helpers = descendants(batch.pid)  # fork server, resource tracker, pool workers
    assert batch.poll() is None and len(helpers) >= 3, "the batch must be killed mid-way, its pool running"
    killed = time.monotonic()
    os.kill(batch.pid, signum)
    _, stderr = batch.communicate(timeout=30)
    wait_for(lambda: not any(running(p) for p in helpers), "the helpers to exit", timeout=ORPHAN_SECONDS)
    print(f"\n{signal.Signals(signum).name}: {len(helpers)} helper processes gone {time.monotonic() - killed:.1f} s after the kill")
    if signum == signal.SIGTERM:
        assert batch.returncode == 143 and "预审已终止" in stderr and "Traceback" not in stderr
    assert output.read_bytes() == previous
    assert not list(output.parent.glob(".*.tmp*"))

    done_before = stored(state)
    resumed = run_batch(inbox, RUBRIC, output, workers=2)
    assert (resumed.reused, resumed.processed, resumed.failed) == (done_before, len(FIRST + LATER) - done_before, 0)
    assert stored(state) == len(FIRST + LATER)
    assert output.read_bytes() != previous


def test_a_second_batch_on_the_same_output_is_refused(tmp_path):
    inbox = tmp_path / "inbox"
    for stem in LATER:
        society_folder(inbox, stem, fmt="pdf")
    output = tmp_path / "预审报告.xlsx"
    first = subprocess.Popen(batch_command(inbox, output, 1), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: lock_path(output).exists() and lock_path(output).read_text() == str(first.pid), "the lock",
                 timeout=TIMEOUT)
        second = CliRunner().invoke(app, ["batch", str(inbox), "--rubric", RUBRIC, "-o", str(output)])
        assert second.exit_code == 1
        # One message (rich wraps it at the runner's 80 columns).
        message = second.output.replace("\n", "")
        assert message.startswith(f"另一个预审（进程 {first.pid}）正在生成 预审报告.xlsx（锁文件 预审报告.lock）")
        assert first.poll() is None and stored(state_path(output)) < len(LATER)
    finally:
        first.terminate()
        first.wait(timeout=30)
    # Its lock went with it: the next batch runs.
    assert run_batch(inbox, RUBRIC, output, workers=2).failed == 0


@pytest.mark.parametrize("target", ["预审报告.xlsx", "预审报告-汇总表.xlsx", "预审报告-汇总表.docx"])
def test_a_write_that_dies_midway_keeps_the_previous_file(tmp_path, monkeypatch, target):
    inbox = tmp_path / "inbox"
    society_folder(inbox, FIRST[0])
    output = tmp_path / "预审报告.xlsx"
    run_batch(inbox, RUBRIC, output, workers=1)
    before = (tmp_path / target).read_bytes()

    # The writer dies midway: part of a file where it was told to write, then an error.
    target = Path(target)
    writer = WordDocument if target.suffix == ".docx" else Workbook
    save = writer.save

    def dies_midway(self, path):
        path = Path(path)
        if not (path.name.startswith(f".{target.stem}.") and path.suffix == target.suffix):
            return save(self, path)
        path.write_bytes(b"PK\x03\x04" + b"\0" * 1000)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "save", dies_midway)
    with pytest.raises(BatchError, match="磁盘空间不足"):
        run_batch(inbox, RUBRIC, output, workers=1)
    assert (tmp_path / target.name).read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp*"))
