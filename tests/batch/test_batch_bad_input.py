"""`kaohe batch` where the output, the state or the database is bad: one Chinese line, an exit code, no traceback.

The output path and the database are checked before any submission is read;
a damaged state file is set aside (never deleted) and rebuilt; a society
whose only summary cannot be read is set apart as 无法评分, not graded 0.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from batch_materials import RUBRIC
from ingest.batch import run
from ingest.batch.run import state_path
from ingest.batch.store import ResultStore, StoreError, sqlite_url
from ingest.cli import app

runner = CliRunner()
SUMMARY = """江西省矿业学会2021年度工作总结
一、学术活动
2021年6月18日，学会在南昌举办2021年学术年会，参会代表300余人。
9月15日，学会在赣州市举办矿山安全技术培训班，培训会员120人。
二、科普工作
5月22日，学会在九江开展全国科技活动周科普进社区活动，发放资料500份。
"""


def inbox_of(root: Path, societies: dict[str, dict[str, bytes]]) -> Path:
    for society, files in societies.items():
        for name, data in files.items():
            path = root / society / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return root


@pytest.fixture
def inbox(tmp_path) -> Path:
    return inbox_of(tmp_path / "inbox", {"江西省矿业学会": {"工作总结.txt": SUMMARY.encode()}})


@pytest.fixture
def nothing_read(monkeypatch):
    """Fails the test if the batch gets as far as reading the submissions."""
    def read(*_args, **_kwargs):
        raise AssertionError("the submissions were read before the problem was reported")

    monkeypatch.setattr(run, "discover", read)


def batch(source: Path, output: Path, env: dict[str, str] | None = None):
    result = runner.invoke(app, ["batch", str(source), "--rubric", RUBRIC, "-o", str(output), "--json",
                                 "--workers", "1"], env={"KAOHE_DATABASE_URL": "", "KAOHE_BROKER_URL": "", **(env or {})})
    assert "Traceback" not in result.output
    return result


def message(result) -> str:
    """The one line a failed batch says on stderr."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_an_output_that_is_a_folder_is_refused_before_any_work(tmp_path, inbox, nothing_read):
    folder = tmp_path / "报告.xlsx"
    folder.mkdir()
    result = batch(inbox, folder)
    assert result.exit_code == 1
    assert message(result) == f"无法写入预审报告 {folder}：这是一个文件夹，请给出 .xlsx 文件的路径"
    assert list(folder.iterdir()) == []


def test_an_output_that_cannot_be_written_is_refused_before_any_work(tmp_path, inbox, nothing_read):
    blocker = tmp_path / "归档"
    blocker.write_text("一个文件，不是文件夹", encoding="utf-8")
    output = blocker / "报告.xlsx"
    result = batch(inbox, output)
    assert result.exit_code == 1
    assert message(result) == f"无法写入预审报告 {output}：路径中有一段是文件，不是文件夹"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_an_output_in_a_read_only_folder_is_refused_before_any_work(tmp_path, inbox, nothing_read):
    locked = tmp_path / "只读"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = batch(inbox, locked / "报告.xlsx")
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 1
    assert message(result) == f"无法写入预审报告 {locked / '报告.xlsx'}：没有权限"


def test_an_unreachable_database_is_one_line_without_the_password(tmp_path, inbox, nothing_read):
    url = "postgresql://kaohe:secret@127.0.0.1:9/kaohe"  # nothing listens on the discard port
    result = batch(inbox, tmp_path / "报告.xlsx", env={"KAOHE_DATABASE_URL": url})
    assert result.exit_code == 1
    line = message(result)
    assert line.startswith("无法连接结果数据库 postgresql://kaohe:***@127.0.0.1:9/kaohe（KAOHE_DATABASE_URL）：")
    assert "Connection refused" in line and "secret" not in result.output
    assert not state_path(tmp_path / "报告.xlsx").exists()


def test_a_local_batch_keeps_its_results_in_the_database_of_kaohe_database_url(tmp_path, inbox):
    shared = tmp_path / "shared.sqlite"
    output = tmp_path / "报告.xlsx"
    result = batch(inbox, output, env={"KAOHE_DATABASE_URL": f"sqlite:///{shared}"})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"]["processed"] == 1
    with sqlite3.connect(shared) as db:
        assert db.execute("select count(*) from kaohe_batch_results").fetchone()[0] == 1
    assert not state_path(output).exists()


def test_a_damaged_state_file_is_set_aside_and_the_batch_rebuilt(tmp_path, inbox):
    output = tmp_path / "报告.xlsx"
    state = state_path(output)
    state.write_bytes("这不是数据库".encode() * 100)
    result = batch(inbox, output)
    assert result.exit_code == 0, result.output
    [kept] = tmp_path.glob("报告.state.damaged-*.sqlite")
    assert (f"断点续跑状态文件 {state.name} 已损坏（file is not a database），"
            f"已改名为 {kept.name} 保留，本次重新处理全部学会") in result.stderr.splitlines()
    assert kept.read_bytes() == "这不是数据库".encode() * 100
    assert json.loads(result.stdout)["counts"] == {"submissions": 1, "processed": 1, "reused": 0, "failed": 0}
    again = batch(inbox, output)
    assert "损坏" not in again.stderr and json.loads(again.stdout)["counts"]["reused"] == 1


def test_a_society_whose_only_summary_cannot_be_read_is_set_apart_not_ranked(tmp_path):
    inbox = inbox_of(tmp_path / "inbox", {
        "江西省矿业学会": {"工作总结.txt": SUMMARY.encode()},
        "江西省作物学会": {"工作总结.docx": b"not a zip at all",
                           "佐证材料/新闻.txt": "2021年7月8日，学会在南昌举办水稻栽培技术培训班，培训农技人员80人。".encode()},
    })
    output = tmp_path / "报告.xlsx"
    result = batch(inbox, output)
    assert result.exit_code == 0, result.output
    by_society = {s["society"]: s for s in json.loads(result.stdout)["submissions"]}
    kuangye, zuowu = by_society["江西省矿业学会"], by_society["江西省作物学会"]
    assert kuangye["rank"] == 1 and kuangye["total"] > 0
    assert (zuowu["grade"], zuowu["rank"], zuowu["total"], zuowu["total_range"]) == ("无法评分", None, None, None)
    [flag] = [f for f in zuowu["flags"] if f["kind"] == "unscorable"]
    assert "工作总结.docx" in flag["message"] and "无法评分" in flag["message"]
    overview = list(openpyxl.load_workbook(output)["总览"].iter_rows(values_only=True))
    header, rows = overview[0], {r[1]: dict(zip(overview[0], r)) for r in overview[1:]}
    assert rows["江西省作物学会"]["建议等次"] == "无法评分" and rows["江西省作物学会"]["建议总分"] is None
    assert all(rows["江西省作物学会"][h] is None for h in header if h.endswith("分）"))  # no category scores either
    assert rows["江西省作物学会"]["排名"] is None and overview[-1][1] == "江西省作物学会"


def test_a_state_file_cut_short_is_damaged_and_an_unreachable_one_is_not(tmp_path):
    state = tmp_path / "报告.state.sqlite"
    store = ResultStore(sqlite_url(state))
    for i in range(300):
        store.put({"key": f"c{i}:r", "content_sha256": f"c{i}", "rubric_sha256": "r", "society": "学会", "pad": "字" * 600})
    store.engine.dispose()
    state.write_bytes(state.read_bytes()[: state.stat().st_size // 2])  # a disk that filled up mid-write
    with pytest.raises(StoreError) as cut:
        ResultStore(sqlite_url(state))
    assert cut.value.damaged
    with pytest.raises(StoreError) as unreachable:
        ResultStore(sqlite_url(tmp_path / "没有这个文件夹" / "报告.state.sqlite"))
    assert not unreachable.value.damaged
