"""The pre-screening workbook a 学会部 opens first.

总览: one row per society — rank, per-category scores, suggested total and
its range, grade, flags — with frozen headers and filters. 预审提示: every
flag on its own row, to filter by kind. 共用材料: evidence two submissions
both sent, each side's file and matching part, and how alike they are. 分数分布: the totals in bands of ten,
with a bar chart. Then a sheet per society: the indicator proposals with
their evidence quotes (file and page), its files and its flags. Column
widths are measured in display width, a Chinese character counting two.
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.findings import Finding, FindingKind, label
from extractors.reuse import KIND_LABELS, Reuse
from ingest.batch.outputs import replacing
from ingest.batch.ranking import Row
from ingest.spreadsheet import text_only
from rubrics.explain import num
from rubrics.schema import Rubric

REUSE_SHEET = "共用材料"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
FLAGGED_FILL = PatternFill("solid", fgColor="FFF2CC")
FAILED_FILL = PatternFill("solid", fgColor="F8CBAD")
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH = 60
QUOTES_PER_INDICATOR = 3
QUOTE_CHARS = 120
SHEET_NAME_CHARS = 31
FORBIDDEN_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def write_workbook(path: Path, rubric: Rubric, rows: list[Row], ignored: list[tuple[str, str]],
                   reuse: list[Reuse] = ()) -> None:
    book = Workbook()
    overview = book.active
    overview.title = "总览"
    names = _sheet_names(rows)
    _overview(overview, rubric, rows, names)
    _flags(book.create_sheet("预审提示"), rows, ignored)
    _reuse(book.create_sheet(REUSE_SHEET), reuse)
    _distribution(book.create_sheet("分数分布"), rubric, rows)
    for row in rows:
        if row.record:
            _society(book.create_sheet(names[id(row)]), rubric, row)
    with replacing(path) as temporary:
        text_only(book).save(temporary)


def _sheet_names(rows: list[Row]) -> dict[int, str]:
    taken = {"总览", "预审提示", REUSE_SHEET, "分数分布"}
    names = {}
    for row in rows:
        base = FORBIDDEN_IN_SHEET_NAMES.sub("_", row.society)[:SHEET_NAME_CHARS]
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base[:SHEET_NAME_CHARS - len(str(n)) - 2]}({n})"
        taken.add(name)
        names[id(row)] = name
    return names


def _range_text(row: Row) -> str | None:
    if row.total is None:
        return None
    low, high = row.result.total_range
    return f"{num(low)}–{num(high)}"


def _total_text(row: Row) -> str:
    return f"{num(row.total)}（区间 {_range_text(row)}）" if row.total is not None else "—"


def _claimed_total(row: Row) -> float | None:
    claims = row.result.self_evaluation if row.result else None
    return claims.claimed_total if claims else None


def _flag_text(flags: list[dict]) -> str:
    return "\n".join(f"{label(f['kind'])}：{f['message']}" for f in flags)


def _overview(sheet: Worksheet, rubric: Rubric, rows: list[Row], names: dict[int, str]) -> None:
    categories = rubric.categories
    header = ["排名", "学会名称", "材料文件数", *[f"{c.name}（{num(c.points)}分）" for c in categories],
              "建议总分", "分数区间", "自评总分", "建议等次", "提示数", "预审提示", "明细", "文件夹"]
    sheet.append(header)
    for row in rows:
        record = row.record
        scores = row.result.category_scores if row.total is not None else {}
        sheet.append([
            row.rank, row.society, len(record["files"]) if record else None,
            *[scores.get(c.id) for c in categories],
            row.total, _range_text(row), _claimed_total(row), row.grade,
            len(row.flags) or None,
            _flag_text(row.flags) or None, names[id(row)] if record else None, row.label,
        ])
        line = sheet.max_row
        link = sheet.cell(line, header.index("明细") + 1)
        if record:
            link.hyperlink = f"#'{names[id(row)]}'!A1"
            link.style = "Hyperlink"
        sheet.cell(line, header.index("预审提示") + 1).alignment = WRAP
        if row.failure or row.flags:
            for cell in sheet[line][:2]:
                cell.fill = FAILED_FILL if row.failure or row.unscorable else FLAGGED_FILL
    _finish_table(sheet, header_row=1, freeze="C2")


def _flags(sheet: Worksheet, rows: list[Row], ignored: list[tuple[str, str]]) -> None:
    sheet.append(["学会名称", "类别", "说明"])
    for row in rows:
        for flag in row.flags:
            sheet.append([row.society, label(flag["kind"]), flag["message"]])
    for finding in (Finding.of(FindingKind.IGNORED, file=name, reason=reason) for name, reason in ignored):
        sheet.append(["（未归属）", finding.label, finding.message])
    _finish_table(sheet, header_row=1, freeze="A2")


def _reuse(sheet: Worksheet, findings: list[Reuse]) -> None:
    sheet.append(["类别", "相似度", "学会甲", "文件甲", "相同之处（甲）", "学会乙", "文件乙", "相同之处（乙）", "文件夹甲", "文件夹乙"])
    for f in findings:
        sheet.append([KIND_LABELS[f.kind], f"{f.similarity:.0%}", f.first.society, f.first.file, f.first.region,
                      f.second.society, f.second.file, f.second.region, f.first.submission, f.second.submission])
        for column in (5, 8):
            sheet.cell(sheet.max_row, column).alignment = WRAP
    if not findings:
        sheet.append(["未发现两个学会报送相同的材料"])
    _finish_table(sheet, header_row=1, freeze="C2")


def _distribution(sheet: Worksheet, rubric: Rubric, rows: list[Row]) -> None:
    totals = [r.total for r in rows if r.total is not None]
    top = max([rubric.max_total, *totals])
    bands = max(1, math.ceil(top / 10))
    sheet.append(["分数段", "学会数"])
    for i in range(bands):
        low, high = i * 10, (i + 1) * 10
        last = i == bands - 1
        band = f"{low}–{num(top) if last else high}"
        sheet.append([band, sum(1 for t in totals if low <= t < high or (last and t == top and t >= low))])
    chart = BarChart()
    chart.title = "建议总分分布"
    chart.y_axis.title = "学会数"
    chart.x_axis.title = "分数段"
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=bands + 1), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=bands + 1))
    sheet.add_chart(chart, "D2")
    sheet.append([])
    sheet.append(["建议等次", "学会数"])
    grades: dict[str, int] = {}
    for row in rows:
        if row.grade:
            grades[row.grade] = grades.get(row.grade, 0) + 1
    for grade, count in grades.items():
        sheet.append([grade, count])
    _fit_widths(sheet)


def _society(sheet: Worksheet, rubric: Rubric, row: Row) -> None:
    record = row.record
    result = row.result
    documents = {d.id: d.name for d in result.documents if d.id}
    rank = f"第{row.rank}名" if row.rank else "—"
    sheet.append([
        f"{row.society}　建议总分 {_total_text(row)}　建议等次 {row.grade or '—'}　{rank}"
        f"　报送日期 {record['submitted'] or '未知'}"
    ])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([_flag_text(row.flags) or "预审未发现问题"])
    sheet["A2"].alignment = WRAP
    sheet.append([])
    header = ["一级指标", "二级指标", "指标", "满分", "建议得分", "可能区间", "计数", "置信度", "需复核", "自评分",
              "自评核查", "评分说明", "证据摘录"]
    claims = result.self_evaluation.rows if result.self_evaluation else []
    claimed = {r.indicator: r.self_score for r in claims if r.indicator}
    findings: dict[str | None, list[str]] = {}
    for finding in result.audit:
        findings.setdefault(finding.indicator, []).append(finding.message)
    sheet.append(header)
    header_row = sheet.max_row
    for p in result.indicators:
        path = [*p.path, "", ""]
        low, high = p.score_range
        quotes = "\n".join(
            f"［{documents.get(e.document, e.document)} 第{e.page or 1}页］{_clip(e.text)}"
            for e in p.evidence[:QUOTES_PER_INDICATOR]
        )
        sheet.append([
            path[0], path[1], p.label, p.max, "待录入" if p.pending else p.proposed_score,
            f"{num(low)}–{num(high)}", p.proposed_count, p.confidence, "是" if p.needs_review else "",
            claimed.get(p.id), "\n".join(findings.get(p.id, [])) or None,
            p.explanation or p.rule, quotes or "未找到相关材料",
        ])
        for column in (3, 11, 12, 13):
            sheet.cell(sheet.max_row, column).alignment = WRAP
    last_indicator = sheet.max_row
    sheet.append([])
    sheet.append(["材料文件", "类别", "页数", "问题"])
    for cell in sheet[sheet.max_row]:
        cell.font = HEADER_FONT
    for f in record["files"]:
        sheet.append([f["name"], f["kind"] or "未识别", f["pages"], "；".join(f["errors"] + f["warnings"]) or None])
    for note in [*result.notes, *findings.get(None, [])]:
        sheet.append([note])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(header))
    sheet.row_dimensions[2].height = 15 * max(1, len(row.flags))
    _finish_table(sheet, header_row=header_row, freeze=f"D{header_row + 1}", last_row=last_indicator,
                  skip_rows={1, 2})


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def _finish_table(sheet: Worksheet, header_row: int, freeze: str, last_row: int | None = None,
                  skip_rows: set[int] = frozenset()) -> None:
    """Bold shaded header, filter over the table, frozen panes, widths to fit."""
    last_row = last_row or sheet.max_row
    for cell in sheet[header_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(sheet.max_column)}{max(last_row, header_row)}"
    sheet.freeze_panes = freeze
    _fit_widths(sheet, skip_rows)


def _fit_widths(sheet: Worksheet, skip_rows: set[int] = frozenset()) -> None:
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None or cell.row in skip_rows:
                continue
            longest = max(display_width(line) for line in str(cell.value).split("\n"))
            widths[cell.column] = max(widths.get(cell.column, 0), longest)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, MAX_WIDTH)
