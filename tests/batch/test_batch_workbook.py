"""The workbook a 学会部 opens: overview, flags, distribution chart, a sheet per society."""

from pathlib import Path

import openpyxl
import pytest

from ingest.batch.workbook import display_width
from rubrics.loader import load_rubric

RUBRIC = load_rubric("jiangxi-2021-society")
# A weak society's summary (issue 12), scored by the Chongqing society rubric.
THIN = Path(__file__).resolve().parents[1] / "fixtures" / "thin-chongqing-summary.txt"


@pytest.fixture(scope="module")
def book(year_batch):
    return openpyxl.load_workbook(year_batch.report.output)


def test_sheets_are_overview_flags_distribution_then_one_per_society(book, year_batch):
    societies = [r.society for r in year_batch.report.rows]
    assert book.sheetnames == ["总览", "预审提示", "共用材料", "分数分布", *societies]


def test_overview_has_a_row_per_society_in_rank_order(book, year_batch):
    sheet = book["总览"]
    header = [c.value for c in sheet[1]]
    categories = [f"{c.name}（{c.points:g}分）" for c in RUBRIC.categories]
    assert header == ["排名", "学会名称", "材料文件数", *categories, "建议总分", "分数区间", "自评总分", "建议等次",
                      "提示数", "预审提示", "明细", "文件夹"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1]) for r in rows] == [(r.rank, r.society) for r in year_batch.report.rows]
    for values, row in zip(rows, year_batch.report.rows):
        by_header = dict(zip(header, values))
        assert by_header["建议总分"] == row.total
        assert by_header["建议等次"] == row.grade
        # The categories add up to the total.
        assert sum(by_header[c] for c in categories) == pytest.approx(row.total)
        assert (by_header["提示数"] or 0) == len(row.flags)
        assert by_header["明细"] == (row.society if row.record else None)
    # The 自评表's own total, read from the society's table (100 in the builder's).
    assert dict(zip(header, rows[0]))["自评总分"] == 100


def test_overview_headers_frozen_filtered_and_wide_enough_for_chinese(book, year_batch):
    sheet = book["总览"]
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{len(year_batch.report.rows) + 1}"
    longest = max(display_width(r.society) for r in year_batch.report.rows)
    assert sheet.column_dimensions["B"].width >= longest


def test_flags_sheet_lists_each_flag_and_the_ignored_notice(book, year_batch):
    rows = list(book["预审提示"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == sum(len(r.flags) for r in year_batch.report.rows) + 1
    assert ("（未归属）", "未归属的文件") == rows[-1][:2] and "通知" in rows[-1][2]
    assert {r[1] for r in rows} >= {"缺少材料", "逾期报送", "无法读取", "总结内容过少"}


def test_distribution_sheet_counts_every_society_and_has_a_chart(book, year_batch):
    sheet = book["分数分布"]
    bands = [r for r in sheet.iter_rows(min_row=2, max_col=2, values_only=True) if r[0] and "–" in str(r[0])]
    assert len(bands) == 10
    assert sum(n for _, n in bands) == len(year_batch.report.rows)
    assert len(sheet._charts) == 1


def test_society_sheet_lists_every_indicator_with_evidence_quotes(book, year_batch):
    row = year_batch.report.rows[0]
    sheet = book[row.society]
    header_row = next(r for r in sheet.iter_rows(min_row=1, max_row=6) if r[0].value == "一级指标")[0].row
    assert sheet.freeze_panes == f"D{header_row + 1}"
    header = [c.value for c in sheet[header_row]]
    assert header[-1] == "证据摘录"
    indicators = list(sheet.iter_rows(min_row=header_row + 1, max_row=header_row + len(RUBRIC.indicators()), values_only=True))
    assert [r[2] for r in indicators] == [i.label for _, _, i in RUBRIC.indicators()]
    assert sum(r[4] for r in indicators) == pytest.approx(row.total)
    # The 自评表 claimed full marks: each indicator shows its claim, and the audit where evidence falls short.
    assert [r[header.index("自评分")] for r in indicators] == [i.max for _, _, i in RUBRIC.indicators()]
    short = [r for r in indicators if r[4] < r[3]]
    assert all(r[header.index("自评核查")] for r in short)
    quoted = [r[-1] for r in indicators if r[4]]
    assert quoted and all("第" in q and "页］" in q for q in quoted)
    assert sheet["A1"].value.startswith(row.society)


def test_a_society_sheet_says_which_items_wait_for_a_reviewer(tmp_path):
    from ingest.batch.run import run_batch

    folder = tmp_path / "材料" / "重庆市某某学会"
    folder.mkdir(parents=True)
    (folder / "2020年度工作总结.txt").write_text(THIN.read_text(encoding="utf-8"), encoding="utf-8")
    report = run_batch(tmp_path / "材料", "chongqing-2020-society", tmp_path / "预审报告.xlsx", year=2020, workers=1)
    sheet = openpyxl.load_workbook(report.output)[report.rows[0].society]
    rows = list(sheet.iter_rows(values_only=True))
    waiting = [r for r in rows if r[4] == "待录入"]
    assert [r[2] for r in waiting] == [i.label for _, _, i in load_rubric("chongqing-2020-society").indicators()
                                        if i.match.manual]
    assert any(str(r[0]).startswith("待评审录入：") for r in rows)
