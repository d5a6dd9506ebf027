"""A notice's own summary form (Jiangxi 附件2 主要工作情况汇总表) filled from the extracted activities.

Which activities go in which table, and what each column holds, is data:
`forms/<rubric id>.yaml` next to this module (see the Jiangxi file for the
vocabulary). The filled form is written as the 学会部 would circulate it —
an XLSX with a sheet per table and a DOCX with the tables one after another
— with every society's rows together, since the form's first column is the
society. Cells the documents do not state stay empty for a person to fill.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape
from typing import Literal

import yaml
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from pydantic import BaseModel, ConfigDict, Field

from extractors.models import Activity
from ingest.batch.outputs import replacing
from ingest.batch.ranking import Row
from ingest.batch.workbook import MAX_WIDTH, display_width
from ingest.spreadsheet import text_only

FORMS = Path(__file__).parent / "forms"
STATUS_LABELS = {"done": "已完成", "planned": "计划中", "previous_year": "往年", "negated": "未开展"}
NAME_CHARS = 40
MIN_TITLE_CHARS = 4
# Extracted "titles" that are only a date or an item number ("1月2日", "5.8月14日").
DATE_LIKE = re.compile(r"^[\d.．、年月日号份—\-–至~～\s]+$")
LEADING_DATE = re.compile(
    r"^\s*(?:\d{1,2}[.、．]\s*)?(?:(?:19|20)\d\d年)?(?:\d{1,2}月(?:\d{1,2}日)?(?:[—\-–至~～]\d{1,2}日?)?份?)?[，,、\s]*"
)
FONT = "仿宋_GB2312"
CELL_POINTS = 10.5


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Column(_Model):
    header: str
    value: Literal["society", "name", "title", "date", "participants", "audience", "location", "organizer",
                   "status", "count"] | None = None
    pattern: str | None = None
    contains: list[str] = Field(default_factory=list)
    mark: str = "✓"
    when: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    suffix: str = ""


class Select(_Model):
    types: list[str] = Field(default_factory=list)
    indicators: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    statuses: list[str] = Field(default_factory=lambda: ["done"])
    tallies: bool = True


class Table(_Model):
    id: str
    sheet: str
    caption: str
    select: Select
    columns: list[Column]


class Form(_Model):
    rubric: str
    title: str
    stamp: str = ""
    note: str = ""
    tables: list[Table]


def load_form(rubric_id: str) -> Form | None:
    """The summary form that goes with the rubric, if its notice has one."""
    path = FORMS / f"{rubric_id}.yaml"
    if not path.exists():
        return None
    return Form.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def fill(form: Form, rows: list[Row]) -> list[list[list[str]]]:
    """Per table, its rows of cell texts, society by society in the order of `rows`."""
    filled: list[list[list[str]]] = [[] for _ in form.tables]
    for row in rows:
        if not row.record:
            continue
        result = row.result
        proposed = {p.id: set(p.activities) for p in result.indicators}
        activities = sorted(result.activities, key=lambda a: a.date_start or "9999")
        for table, cells in zip(form.tables, filled):
            for activity in activities:
                if _selected(table.select, activity, proposed):
                    cells.append([_cell(c, activity, row.society) for c in table.columns])
    return filled


def _evidence(activity: Activity) -> str:
    return " ".join(e.text for e in activity.evidence)


def _selected(select: Select, activity: Activity, proposed: dict[str, set[str]]) -> bool:
    if activity.status not in select.statuses or (activity.is_tally and not select.tallies):
        return False
    by_type = activity.type in select.types
    by_indicator = any(activity.id in proposed.get(i, ()) for i in select.indicators)
    if not (by_type or by_indicator):
        return False
    return not select.keywords or any(k in _evidence(activity) for k in select.keywords)


def _cell(column: Column, activity: Activity, society: str) -> str:
    text = _evidence(activity)
    if (column.when and not any(w in text for w in column.when)) or any(w in text for w in column.unless):
        return ""
    if column.contains:
        return column.mark if any(w in text for w in column.contains) else ""
    value = _value(column.value, activity, society) if column.value else ""
    if not value and column.pattern and (m := re.search(column.pattern, text)):
        value = next((g for g in m.groups() if g), m.group()).strip()
    return f"{value}{column.suffix}" if value else ""


def _value(field: str, activity: Activity, society: str) -> str:
    if field == "society":
        return society
    if field == "name":
        return _name(activity)
    if field == "date":
        start, end = activity.date_start, activity.date_end
        return f"{start}至{end}" if start and end else start or ""
    if field == "audience":
        field = "participants" if activity.participants else "views"
    if field == "status":
        return STATUS_LABELS.get(activity.status, activity.status)
    # The column's `value` names an activity field (title, location, organizer, count …).
    value = getattr(activity, field)
    return "" if value is None else str(value)


def _name(activity: Activity) -> str:
    """The activity's title, else its sentence without the leading item number and date.

    A tally ("全年共组织科技志愿服务活动七次") is named by its sentence, which says how many.
    """
    title = activity.title or ""
    if len(title) >= MIN_TITLE_CHARS and not DATE_LIKE.match(title) and not activity.is_tally:
        return title
    if not activity.evidence:
        return title
    sentence = LEADING_DATE.sub("", activity.evidence[0].text)
    name = ""
    for clause in re.split(r"(?<=[，,；;。])", sentence):
        name += clause
        if len(name) >= MIN_TITLE_CHARS * 2 or clause.endswith(("。", "；", ";")):
            break
    name = name.rstrip("，,；;。")
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"


# ---- writing -----------------------------------------------------------------------


def write_form_xlsx(path: Path, form: Form, filled: list[list[list[str]]], year: int) -> None:
    book = Workbook()
    book.remove(book.active)
    for table, rows in zip(form.tables, filled):
        sheet = book.create_sheet(table.sheet)
        sheet.append([table.caption.format(year=year)])
        sheet["A1"].font = Font(bold=True)
        sheet.append([c.header for c in table.columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A3"
        sheet.auto_filter.ref = f"A2:{get_column_letter(len(table.columns))}{max(2, sheet.max_row)}"
        for i, column in enumerate(table.columns, 1):
            values = [column.header, *(r[i - 1] for r in rows)]
            width = max(display_width(v) for v in values)
            sheet.column_dimensions[get_column_letter(i)].width = min(width + 2, MAX_WIDTH)
    with replacing(path) as temporary:
        text_only(book).save(temporary)


def write_form_docx(path: Path, form: Form, filled: list[list[list[str]]], year: int) -> None:
    doc = WordDocument()
    # One font for the whole form, set on the default style rather than on each of thousands of runs.
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(CELL_POINTS)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = doc.sections[0]
    # The journal table has eleven columns: the printed form is landscape.
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    _paragraph(doc, form.title.format(year=year), size=18, bold=True, center=True)
    if form.stamp:
        _paragraph(doc, form.stamp, size=12)
    for table, rows in zip(form.tables, filled):
        _paragraph(doc, table.caption.format(year=year), size=14, bold=True)
        grid = doc.add_table(rows=0, cols=len(table.columns))
        grid.style = "Table Grid"
        # Rows as WordprocessingML: python-docx's cell and run objects take seconds per thousand cells.
        grid._tbl.append(parse_xml(_row_xml([c.header for c in table.columns], header=True)))
        for row in rows or [[""] * len(table.columns)]:
            grid._tbl.append(parse_xml(_row_xml(row)))
    if form.note:
        _paragraph(doc, form.note, size=12)
    with replacing(path) as temporary:
        doc.save(temporary)


def _row_xml(cells: list[str], header: bool = False) -> str:
    # A header row repeats on every page, centred and bold, as on the printed form.
    row_props = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
    para_props = '<w:pPr><w:jc w:val="center"/></w:pPr>' if header else ""
    run_props = "<w:rPr><w:b/></w:rPr>" if header else ""
    body = "".join(
        f'<w:tc><w:p>{para_props}<w:r>{run_props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>'
        for text in cells
    )
    return f"<w:tr {nsdecls('w')}>{row_props}{body}</w:tr>"


def _paragraph(doc, text: str, size: float, bold: bool = False, center: bool = False) -> None:
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
