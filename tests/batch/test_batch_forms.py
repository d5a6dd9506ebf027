"""Jiangxi's 附件2 主要工作情况汇总表, filled from the extracted activities, as XLSX and DOCX."""

import re
from collections import Counter

import openpyxl
import pytest
from docx import Document

# The seven tables as printed in 赣科协字〔2021〕135号 附件2.
NOTICE_TABLES = {
    "学术活动": ("一、2021年度省级学会举办（承办）高层次、重大学术活动情况",
                 ["学会名称", "活动名称", "主题", "时间", "规模", "邀请院士", "编印论文集（册数）"]),
    "承接政府职能": ("二、2021年度省级学会承接政府等部门职能（科技评估、资格认定、标准研制、科技奖励推荐及其他）等相关情况",
                     ["学会名称", "项目名称", "委托部门", "委托时间", "工作状况", "备注"]),
    "创新驱动服务": ("三、2021年度省级学会组织专家为创新驱动助力示范区建设服务情况",
                     ["学会名称", "活动名称", "时间", "服务企业或园区名称", "参加活动专家数", "产生经济效益"]),
    "科技助力": ("四、2021年度省级学会组织专家科技助力精准扶贫工作情况",
                 ["学会名称", "活动名称", "时间", "服务地点（企业）", "参加活动专家数", "产生经济效益"]),
    "特色科普": ("五、2021年度省级学会开展特色科普情况",
                 ["学会名称", "活动名称", "时间", "地点", "参加活动专家数", "受益人数"]),
    "决策咨询": ("六、2021年度省级学会开展决策咨询及专题调研活动情况",
                 ["学会名称", "开展决策咨询活动名称", "开展专题调研活动名称", "决策咨询建议获得省领导或有关厅局领导批示情况"]),
    "科技期刊": ("七、2021年度省级学会主办或创办科技期刊杂志情况",
                 ["刊物名称", "主办单位", "创刊时间", "公开发行", "内刊", "季刊", "月刊", "年度论文刊登篇数", "年度发行量",
                  "效益情况", "备注"]),
}
TYPES = {
    "学术活动": "academic_conference", "承接政府职能": "government_function", "创新驱动服务": "tech_service",
    "科技助力": "volunteer_rural", "特色科普": "science_popularization", "决策咨询": "decision_consulting",
}


@pytest.fixture(scope="module")
def forms(year_batch):
    xlsx, docx = year_batch.report.forms
    assert xlsx.name == "预审报告-汇总表.xlsx" and docx.name == "预审报告-汇总表.docx"
    return openpyxl.load_workbook(xlsx), Document(docx)


def done(record: dict, kind: str) -> list[dict]:
    return [a for a in record["result"]["activities"] if a["type"] == kind and a["status"] == "done"]


def test_xlsx_has_the_notices_seven_tables_with_its_columns(forms):
    book, _ = forms
    assert book.sheetnames == list(NOTICE_TABLES)
    for name, (caption, columns) in NOTICE_TABLES.items():
        sheet = book[name]
        assert sheet["A1"].value == caption
        assert [c.value for c in sheet[2]] == columns
        assert sheet.freeze_panes == "A3"


def test_each_table_has_one_row_per_activity_done_of_its_kind(forms, year_batch):
    book, _ = forms
    for name, kind in TYPES.items():
        rows = Counter(r[0] for r in book[name].iter_rows(min_row=3, values_only=True))
        expected = Counter({r.society: len(done(r.record, kind)) for r in year_batch.report.rows})
        assert rows == +expected, name


def test_rows_carry_the_activitys_date_and_scale(forms, year_batch):
    book, _ = forms
    row = year_batch.row("江西省中医药学会")
    meetings = sorted(done(row.record, "academic_conference"), key=lambda a: a["date_start"] or "9999")
    cells = [r for r in book["学术活动"].iter_rows(min_row=3, values_only=True) if r[0] == row.society]
    assert [c[3] for c in cells] == [m["date_start"] for m in meetings]
    assert [c[4] for c in cells] == [f"{m['participants']}人" if m["participants"] else None for m in meetings]
    # A name is never just a date: untitled activities are named by their sentence.
    assert all(c[1] and not re.fullmatch(r"[\d.年月日—-]+", c[1]) for c in cells)


def test_journal_table_names_the_journal_and_its_publisher(forms, year_batch):
    book, _ = forms
    journals = list(book["科技期刊"].iter_rows(min_row=3, values_only=True))
    assert ("江西中医药", "江西省中医药学会") in [(r[0], r[1]) for r in journals]
    by_journal = {r[0]: r for r in journals}
    assert by_journal["江西中医药"][7] == "92篇"


def test_docx_has_the_same_seven_tables_and_rows(forms):
    book, doc = forms
    assert len(doc.tables) == len(NOTICE_TABLES)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2021年度省级学会主要工作情况汇总表" in text and "（填报单位盖章处）" in text
    for table, (name, (caption, columns)) in zip(doc.tables, NOTICE_TABLES.items()):
        assert caption in text
        assert [c.text for c in table.rows[0].cells] == columns
        xlsx_rows = [[v or "" for v in r] for r in book[name].iter_rows(min_row=3, values_only=True)]
        docx_rows = [[c.text for c in r.cells] for r in table.rows[1:]]
        assert docx_rows == (xlsx_rows or [[""] * len(columns)])
