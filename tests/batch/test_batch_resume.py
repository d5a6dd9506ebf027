"""A batch killed with SIGKILL mid-way continues where it stopped, and a rerun does no work at all."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import openpyxl
from docx import Document

from batch_materials import RUBRIC, society_folder
from ingest.batch.run import run_batch, state_path

STEMS = ["01_kuangye", "02_zuowu", "03_kangfu", "04_tujian", "05_qixiang", "07_zhongyiyao"]
KILL_AFTER = 2
TIMEOUT = 120


def stored(state) -> int:
    if not state.exists():
        return 0
    try:
        with sqlite3.connect(state, timeout=5) as db:
            return db.execute("select count(*) from kaohe_batch_results").fetchone()[0]
    except sqlite3.OperationalError:  # the table is not created yet
        return 0


def test_sigkill_mid_batch_then_rerun_continues_without_repeats(tmp_path):
    inbox = tmp_path / "inbox"
    for stem in STEMS:
        society_folder(inbox, stem, fmt="pdf")
    output = tmp_path / "out" / "预审报告.xlsx"
    state = state_path(output)
    command = [sys.executable, "-c", "from ingest.cli import app; app()", "batch", str(inbox),
               "--rubric", RUBRIC, "-o", str(output), "--workers", "1"]
    # Its own session, so the kill reaches the pool's worker process too.
    batch = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + TIMEOUT
    while stored(state) < KILL_AFTER and batch.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(batch.pid, signal.SIGKILL)
    batch.wait()
    done_before = stored(state)
    assert KILL_AFTER <= done_before < len(STEMS), "the batch must be killed mid-way"
    assert not output.exists()

    resumed = run_batch(inbox, RUBRIC, output, workers=2)
    assert resumed.reused == done_before
    assert resumed.processed == len(STEMS) - done_before and resumed.failed == 0
    assert stored(state) == len(STEMS)

    again = run_batch(inbox, RUBRIC, output, workers=2)
    assert (again.processed, again.reused) == (0, len(STEMS))
    assert stored(state) == len(STEMS)
    societies = [r[1] for r in openpyxl.load_workbook(output)["总览"].iter_rows(min_row=2, values_only=True)]
    assert sorted(societies) == sorted(r.society for r in resumed.rows) and len(set(societies)) == len(STEMS)
    assert [r.total for r in again.rows] == [r.total for r in resumed.rows]


def test_a_changed_file_is_processed_again_and_the_rest_reused(tmp_path):
    inbox = tmp_path / "inbox"
    for stem in STEMS[:3]:
        society_folder(inbox, stem)
    output = tmp_path / "报告.xlsx"
    first = run_batch(inbox, RUBRIC, output, workers=2)
    assert first.processed == 3
    # The society sends a corrected summary.
    changed = next(inbox.glob("江西省作物学会/*工作总结.docx"))
    doc = Document(changed)
    doc.add_paragraph("补充说明：12月10日，学会召开第五届理事会第三次会议，审议通过年度工作报告。")
    doc.save(changed)
    second = run_batch(inbox, RUBRIC, output, workers=2)
    assert (second.processed, second.reused) == (1, 2)
    # The old record stays in the store under its own key; the report shows each society once.
    assert stored(state_path(output)) == 4
    assert len(second.rows) == 3
