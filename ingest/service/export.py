"""The scored sheet as an XLSX workbook, the form 学会部 files and forwards.

Sheet “评分表”: one row per indicator in the rubric's order (category, group,
indicator, max, kaohe's suggestion, the decision, the score counted, the
arithmetic, the evidence by file name (and page, in a PDF), the reviewer's reason), then the
total and grade. Sheet “审核记录”: the review trail.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from assess.match import Proposal as Suggestion
from ingest.db.models import Document, ReviewEvent, Submission
from ingest.service.display import ACTION_LABELS, DECISION_LABELS, local_time, person, source_label, state_text
from ingest.service.schemas import ScoreOut
from ingest.spreadsheet import text_only

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["一级指标", "二级指标", "三级指标", "满分", "建议得分", "审核结论", "认定得分", "计算说明", "依据（文件、页码：原文）", "审核理由"]
WIDTHS = [12, 14, 48, 7, 9, 10, 9, 44, 60, 24]
TRAIL_HEADER = ["时间", "评审", "指标", "操作", "改前结论", "改前得分", "改后结论", "改后得分", "理由"]
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")


def _evidence(proposed: Suggestion, documents: dict[str, Document]) -> str:
    return "\n".join(f"{source_label(documents, e.document, e.page)}：{e.text}" for e in proposed.evidence)


def _header(sheet, row: int, names: list[str]) -> None:
    for column, name in enumerate(names, start=1):
        cell = sheet.cell(row=row, column=column, value=name)
        cell.font, cell.fill = BOLD, HEAD_FILL


def score_workbook(
    submission: Submission, score: ScoreOut, events: list[ReviewEvent], labels: dict[str, str], zone: str
) -> bytes:
    """The workbook; `labels` names what trail entries are about (views.trail_labels)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "评分表"
    sheet.append([score.rubric["title"]])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"学会：{submission.society or '（未识别）'}　考核年度：{submission.year or '（未识别）'}　提交编号：#{submission.id}"])
    _header(sheet, 3, HEADER)
    proposals = {p.indicator_id: p for p in submission.proposals}
    documents = {d.key: d for d in submission.documents}
    for indicator in score.indicators:
        proposal = proposals.get(indicator.id)
        sheet.append([
            indicator.path[0], indicator.path[1], indicator.label, indicator.max, indicator.proposed_score,
            indicator.decision_label, indicator.score, indicator.explanation,
            _evidence(proposal.proposed, documents) if proposal is not None else "", indicator.reason or "",
        ])
    for row in sheet.iter_rows(min_row=4, max_row=sheet.max_row):
        for cell in row:
            cell.alignment = WRAP
    sheet.append([])
    for label, value in [
        ("合计", score.total), ("等次", score.grade or ""), ("建议总分", score.suggested_total),
        ("审核进度", f"已审核{score.reviewed}项，待审核{score.pending}项"),
    ]:
        sheet.append(["", "", label, "", "", "", value])
        sheet.cell(row=sheet.max_row, column=3).font = BOLD
    for note in score.notes:
        sheet.append(["", "", note])
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A4"

    trail = book.create_sheet("审核记录")
    _header(trail, 1, TRAIL_HEADER)
    for event in events:
        trail.append([
            local_time(event.at, zone), person(event.user), labels.get(event.indicator_id, event.indicator_id),
            ACTION_LABELS[event.action],
            *_state_cells(event.before), *_state_cells(event.after), event.reason or "",
        ])
    for column, width in enumerate([17, 12, 30, 10, 10, 9, 10, 9, 40], start=1):
        trail.column_dimensions[get_column_letter(column)].width = width

    stream = io.BytesIO()
    text_only(book).save(stream)
    return stream.getvalue()


def _state_cells(state: dict) -> tuple[str, float | None]:
    """The conclusion and the score of a trail entry's before or after (entered scores and conditions too)."""
    if "suggested" in state:
        return "kaohe 建议（待审核）", state["suggested"]
    if "decision" in state:
        return DECISION_LABELS[state["decision"]], state["score"]
    return state_text(state), state.get("score")
