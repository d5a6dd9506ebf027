"""`kaohe check`: the completeness check a society runs on its draft materials before it submits.

The drafts are the audit corpus's submissions (a Jiangxi society's 工作总结, its
filled 自评表 and the evidence it gathered), with files left out or added the
way an office gets it wrong.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from PIL import Image
from typer.testing import CliRunner

from ingest.cli import app

ROOT = Path(__file__).resolve().parents[2]
SUBMISSIONS = ROOT / "corpora" / "audit" / "submissions"
SAMPLES = ROOT / "corpora" / "samples"
FIXTURES = ROOT / "tests" / "fixtures"
RUBRIC = "jiangxi-2021-society"

runner = CliRunner()


def check(*paths: Path, as_json: bool = True):
    result = runner.invoke(app, ["check", *map(str, paths), "--rubric", RUBRIC, *(["--json"] if as_json else [])])
    return result, (json.loads(result.stdout) if as_json and result.stdout.strip() else None)


def drafts(tmp_path: Path, society: str, leave_out: str | None = None) -> list[Path]:
    """The society's files, without the one whose name contains `leave_out`."""
    target = tmp_path / society
    shutil.copytree(SUBMISSIONS / society, target)
    return [p for p in sorted(target.iterdir()) if leave_out is None or leave_out not in p.name]


@pytest.fixture(scope="module")
def zuowu(tmp_path_factory):
    """作物学会: its 自评表 claims 3 points for 全国科普日/赣鄱科普大讲堂, which nothing it sends mentions."""
    return check(*drafts(tmp_path_factory.mktemp("zuowu"), "zuowu"))


def test_a_missing_self_evaluation_is_listed_and_the_check_fails(tmp_path):
    result, checklist = check(*drafts(tmp_path, "kuangye", leave_out="自评表"))
    assert result.exit_code == 1, result.output
    assert checklist["missing"] == ["自评表", "汇总表"]
    materials = {m["material"]: m["files"] for m in checklist["materials"]}
    assert materials["工作总结"] == ["江西省矿业学会2021年工作总结.docx"]
    assert checklist["self_evaluation"] is None and checklist["rows"] == []


def test_a_row_claiming_an_activity_the_materials_never_mention_is_listed(zuowu):
    result, checklist = zuowu
    assert result.exit_code == 1
    unfounded = [r for r in checklist["rows"] if not r["found"]]
    campaign = [r for r in unfounded if "科普日" in r["wording"] or "科普大讲堂" in r["wording"]]
    assert campaign and campaign[0]["self_score"] == 3 and campaign[0]["found_in"] == []
    # The 全省性学术会议 the summary reports is found, and where.
    academic = next(r for r in checklist["rows"] if "学术会议" in r["wording"])
    assert academic["found"] and academic["found_in"][0]["file"] == "2021年度工作总结（作物学会）.docx"


def test_the_output_carries_no_score_range_proposal_or_confidence_from_kaohe(zuowu):
    result, checklist = zuowu
    text = json.dumps(checklist, ensure_ascii=False)
    for key in ("proposed", "score_range", "supported", "confidence", "total", "grade", "indicators", "audit"):
        assert key not in text
    row_keys = {k for r in checklist["rows"] for k in r}
    assert row_keys == {"wording", "path", "self_score", "found", "found_in", "matched"}
    # The only numbers in a row are the society's own self-score and pages.
    assert all(set(p) == {"file", "page"} for r in checklist["rows"] for p in r["found_in"])


def test_the_printed_checklist_names_rows_found_and_not_found_without_numbers_of_its_own(tmp_path):
    result, _ = check(*drafts(tmp_path, "zuowu"), as_json=False)
    assert result.exit_code == 1
    out = result.stdout
    assert "通知规定的报送截止日期：2021年11月30日" in out.splitlines()[2]
    assert "未找到相关活动或佐证" in out and "找到相关活动或佐证：2021年度工作总结（作物学会）.docx" in out
    assert "建议" not in out.replace("不给出建议分", "") and "材料支持" not in out
    # Points appear only on the rows' own lines (the society's table and self-score), never on kaohe's answer.
    for line in out.splitlines():
        if re.search(r"\d分", line):
            assert re.search(r"（自评\d+(?:\.\d+)?分）$", line), line


def blank_scan(path: Path) -> Path:
    """A page scanned to PDF with nothing legible on it: an image, no text layer."""
    buffer = io.BytesIO()
    Image.new("L", (620, 877), 255).save(buffer, format="PDF", resolution=75)
    path.write_bytes(buffer.getvalue())
    return path


def test_encrypted_and_textless_scans_are_listed_with_what_to_do(tmp_path):
    files = drafts(tmp_path, "kuangye")
    encrypted = tmp_path / "佐证4-会议合同.pdf"
    shutil.copyfile(FIXTURES / "encrypted.pdf", encrypted)
    scan = blank_scan(tmp_path / "佐证5-签到表扫描件.pdf")
    empty = tmp_path / "佐证6-获奖证书.docx"
    empty.write_bytes(b"")
    result, checklist = check(*files, encrypted, scan, empty)
    assert result.exit_code == 1
    unreadable = {u["file"]: u for u in checklist["unreadable"]}
    assert set(unreadable) == {encrypted.name, scan.name, empty.name}
    assert "加密" in unreadable[encrypted.name]["reason"]
    assert "取消文件的密码保护" in unreadable[encrypted.name]["advice"]
    assert "扫描件" in unreadable[scan.name]["reason"] and "Word 原件" in unreadable[scan.name]["advice"]
    assert "文件为空" in unreadable[empty.name]["reason"] and "重新保存" in unreadable[empty.name]["advice"]


def test_an_unreadable_self_evaluation_counts_as_missing(tmp_path):
    files = drafts(tmp_path, "kuangye", leave_out="自评表")
    locked = tmp_path / "矿业学会自评表.pdf"
    shutil.copyfile(FIXTURES / "encrypted.pdf", locked)
    result, checklist = check(*files, locked)
    assert "自评表" in checklist["missing"]
    assert [u["file"] for u in checklist["unreadable"]] == [locked.name]


def test_an_unknown_rubric_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["check", str(SAMPLES / "01_kuangye.docx"), "--rubric", "no-such-rubric"])
    assert result.exit_code == 2


def test_a_complete_honest_submission_passes(tmp_path):
    """矿业学会 claims only what it shows; with the 汇总表 added nothing is missing (exit 0)."""
    table = tmp_path / "2021年度省级学会主要工作情况汇总表.docx"
    doc = Document()
    doc.add_paragraph("2021年度省级学会主要工作情况汇总表")
    cells = doc.add_table(rows=2, cols=3)
    for c, text in enumerate(["学会名称", "活动名称", "时间", "江西省矿业学会", "2021年学术年会", "2021年12月"]):
        cells.cell(c // 3, c % 3).text = text
    doc.save(table)
    result, checklist = check(*drafts(tmp_path, "kuangye"), table)
    assert checklist["missing"] == [] and checklist["unreadable"] == []
    assert checklist["rows"] and all(r["found"] for r in checklist["rows"]), checklist["rows"]
    assert result.exit_code == 0 and checklist["complete"]


def test_a_row_that_fits_no_indicator_is_listed_not_dropped(tmp_path):
    """A row the office added in its own words claims points kaohe cannot look for: it says so."""
    files = drafts(tmp_path, "zuowu")
    table = next(p for p in files if "自评表" in p.name)
    book = load_workbook(table)
    sheet = book.active
    sheet.unmerge_cells("A26:C26")
    for c, value in enumerate(["合计", None, None, 103, 60, None, None], 1):
        sheet.cell(27, c).value = value
    for c, value in enumerate([None, "其他", "承办全省职工运动会后勤保障", 3, 3, "后勤保障工作", None], 1):
        sheet.cell(26, c).value = value
    book.save(table)
    result, checklist = check(*files)
    row = next(r for r in checklist["rows"] if r["wording"] == "承办全省职工运动会后勤保障")
    assert row["matched"] is False and row["found"] is False and row["self_score"] == 3
    text, _ = check(*files, as_json=False)
    assert "承办全省职工运动会后勤保障（自评3分）\n      未能对应到评分表中的指标，无法核对" in text.stdout
