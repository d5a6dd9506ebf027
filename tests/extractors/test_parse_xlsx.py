"""Spreadsheets (self-evaluation tables, event lists) and images."""

import datetime as dt
import io

import openpyxl
from PIL import Image

from extractors.parse import parse


def xlsx_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_each_sheet_is_a_table_with_merged_cells_resolved():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "自评表"
    for row in (["一级指标", "二级指标", "分值"], ["能力建设", "学术交流", 20.0], [None, "科学普及", 15], ["合计", None, 35]):
        sheet.append(row)
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("A4:B4")
    events = workbook.create_sheet("活动")
    events["B2"] = "学术年会"
    events["C2"] = dt.datetime(2021, 6, 18)
    doc = parse(xlsx_bytes(workbook), "自评表.xlsx", "d1")
    assert doc.table_grid(0) == [
        ["一级指标", "二级指标", "分值"], ["能力建设", "学术交流", "20"], [None, "科学普及", "15"], ["合计", None, "35"]]
    spans = {b.text: (b.cell.row_span, b.cell.col_span) for b in doc.blocks}
    assert spans["能力建设"] == (2, 1) and spans["合计"] == (1, 2)
    # The second sheet's used range starts at B2: its grid starts there too.
    assert doc.table_grid(1) == [["学术年会", "2021-06-18"]]
    assert [b.page for b in doc.blocks if b.cell.table == 1] == [2, 2]
    assert doc.pages == 2


def test_images_wait_for_ocr():
    for fmt, name in (("PNG", "证书.png"), ("JPEG", "现场照片.jpg")):
        buffer = io.BytesIO()
        Image.new("RGB", (40, 30), "white").save(buffer, format=fmt)
        doc = parse(buffer.getvalue(), name, "d1")
        assert (doc.blocks, doc.needs_ocr, doc.warnings) == ([], [1], ["图片中未识别到文字"])
        assert doc.kind == ("png" if fmt == "PNG" else "jpg")


def test_a_long_roster_is_read_cell_for_cell():
    # A member roster is the longest table a society hands in; every row must come through in place.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    header = ["序号", "姓名", "工作单位", "入会时间"]
    rows = [[i, f"会员{i}", f"第{i % 37}研究所", dt.datetime(2019, i % 12 + 1, 15)] for i in range(1, 3001)]
    for r, row in enumerate([header, *rows], start=3):
        for c, value in enumerate(row, start=2):
            sheet.cell(row=r, column=c, value=value)
    doc = parse(xlsx_bytes(workbook), "会员名册.xlsx", "d1")
    grid = doc.table_grid(0)
    assert len(grid) == 3001 and grid[0] == header
    assert grid[1] == ["1", "会员1", "第1研究所", "2019-02-15"]
    assert grid[-1] == ["3000", "会员3000", "第3研究所", "2019-01-15"]
    assert len(doc.blocks) == 4 * 3001
