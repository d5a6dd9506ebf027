"""The hierarchy of a self-evaluation table: 一级 / 二级 / 三级指标, numbered items
whose points are written in their text, and the 加分/扣分 items.

Merged cells read empty, so rows are read in order and the reader remembers
the current category and group. Nothing here gives ids or writes YAML: the
hierarchy stays as the table has it until `assemble` checks its arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assess.draft.clauses import Clause, clauses, clean_label, split_top
from assess.draft.rules import describe, single_rule
from assess.draft.tables import SourceTable
from assess.draft.tiers import rate_tiers

# Header cells name a column's role; these columns hold the society's answer, not the rubric.
ANSWER_COLUMNS = ("自评", "核分", "完成情况", "备注", "得分", "评分人", "佐证")
HEADER_WORDS = ("指标", "分值", "自评", "核分", "备注", "序号", "类别", "项目", "评价内容", "评分标准", "完成情况",
                "考核内容", "评估", "说明", "依据", "标准", "分数", "内容")
TOTAL_WORDS = ("合计", "总计", "总分", "合计分")
POINTS_CELL = re.compile(r"^(\d+(?:\.\d+)?)\s*分?$")
SEQUENCE_CELL = re.compile(r"^\d{1,3}$")
CODE = re.compile(r"^([A-Z])(\d{1,2})\s*")
ORDINAL = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*")
ITEM_NUMBER = re.compile(r"^\d{1,2}\s*[.．、]+\s*")
LABEL_POINTS = re.compile(r"\s*([（(])?\s*(\d+(?:\.\d+)?)\s*分\s*[）)]?\s*$")
# A row that opens the 加分/扣分 items ("加、扣分项（每项加分不超过3分，加减均不超过10分）").
ADJUSTMENTS = re.compile(r"^[^，。]{0,6}(?:加、扣分|加减分|加分项|扣分项|加分、扣分)")


@dataclass
class DraftIndicator:
    """A 三级指标 as read from its row, before it has an id."""

    label: str
    max: float | None
    rule_text: str
    # The row's line in a text, or page in a document: where a person checks the figure.
    line: int
    rule: dict = field(default_factory=dict)
    todos: list[str] = field(default_factory=list)
    # Entered by a reviewer (扣分项: summaries do not confess what went wrong).
    manual: bool = False


@dataclass
class DraftGroup:
    """A 二级指标; `points` when the table states them ("B1 组织机构 5分")."""

    name: str
    points: float | None = None
    indicators: list[DraftIndicator] = field(default_factory=list)


@dataclass
class DraftCategory:
    """A 一级指标, or the 加分项/扣分项 with their caps (`points` overall, `item_cap` each)."""

    name: str
    points: float | None
    role: str = "base"
    item_cap: float | None = None
    groups: list[DraftGroup] = field(default_factory=list)


@dataclass
class Label:
    """A category or group cell read apart: its name, stated points and numbering."""

    name: str
    points: float | None
    code: str
    ordinal: bool
    bracketed: bool


def read_label(cell: str) -> Label:
    """"A1 自身建设（15分）", "一、为科技工作者服务 (35分)", "B3意识形态工作5分", "思想建设"."""
    text = cell.replace("\n", "")
    code = ""
    if m := CODE.match(text):
        code, text = m.group(1), text[m.end() :]
    ordinal = bool(ORDINAL.match(text))
    text = ORDINAL.sub("", text)
    points, bracketed = None, False
    if m := LABEL_POINTS.search(text):
        points, bracketed, text = float(m.group(2)), bool(m.group(1)), text[: m.start()]
    return Label(re.sub(r"\s+", "", text).strip("：:"), points, code, ordinal, bracketed)


def _is_header(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and all(len(c) <= 14 and any(w in c for w in HEADER_WORDS) for c in filled)


def _answer_columns(header_rows: list[list[str]], width: int) -> set[int]:
    """Columns a society fills in (自评分, 完成情况, 备注); short header rows are merged at the left."""
    columns: set[int] = set()
    for row in header_rows:
        offset = width - len(row)
        for i, cell in enumerate(row):
            if cell and any(w in cell for w in ANSWER_COLUMNS):
                columns.add(i + offset)
    return columns


@dataclass
class TableDraft:
    """The hierarchy read from one table, before ids and YAML."""

    categories: list[DraftCategory]
    stated_total: float | None


def read_table(table: SourceTable) -> TableDraft:
    """Categories, groups and indicators of a self-evaluation table."""
    headers = [r for r in table.rows[:4] if _is_header(r)]
    width = max((len(r) for r in table.rows), default=0)
    answers = _answer_columns(headers, width) if table.exact else set()
    has_max = any(any("分值" in c or "分数" in c for c in r) for r in headers)
    has_rule = any(any("评分标准" in c or "评分细则" in c for c in r) for r in headers)
    reader = _RowReader(has_max, has_rule)
    for row, line in zip(table.rows, table.lines):
        if row in headers:
            continue
        cells = [c for i, c in enumerate(row) if c and c.strip("　 /") and i not in answers]
        if cells:
            reader.read(cells, line)
    return TableDraft(reader.categories, reader.total)


class _RowReader:
    """Reads rows in order, remembering the current category and group (merged cells read empty)."""

    def __init__(self, has_max: bool, has_rule: bool):
        self.has_max = has_max
        self.has_rule = has_rule
        self.categories: list[DraftCategory] = []
        self.total: float | None = None
        # The code letter of 一级指标 ("A" in A1…A4), once seen: B1… are then groups.
        self.category_letter = ""
        # After the "加、扣分项" row: its caps, and the bonus and deduction categories made so far.
        self.adjust: DraftCategory | None = None
        self.adjust_kinds: dict[str, DraftCategory] = {}
        self.last_group_set: DraftGroup | None = None

    def read(self, cells: list[str], line: int) -> None:
        first = re.sub(r"\s+", "", cells[0])
        if first in TOTAL_WORDS or first.startswith(("合计", "总计")):
            points = [POINTS_CELL.match(c) for c in cells[1:]]
            self.total = next((float(m.group(1)) for m in points if m), self.total)
            return
        if first.startswith(("备注", "注：", "注:")):
            return
        if ADJUSTMENTS.match(first):
            self._open_adjustments(first)
            return
        if self.adjust is not None:
            self._adjustment(cells, line)
            return
        if not self.has_max:
            self._item(cells[0], line)
            return
        self._row(cells, line)

    # -- tables with a 分值 column --

    def _row(self, cells: list[str], line: int) -> None:
        if SEQUENCE_CELL.match(cells[0]) and len(cells) > 1 and not POINTS_CELL.match(cells[1]):
            cells = cells[1:]
        at = next((i for i, c in enumerate(cells) if i and POINTS_CELL.match(c)), None)
        if at is None:
            self._row_without_points(cells, line)
            return
        texts, maximum, after = cells[:at], float(POINTS_CELL.match(cells[at]).group(1)), cells[at + 1 :]
        labels, text = [read_label(t) for t in texts[:-1]], texts[-1]
        self._place(labels)
        rule_text = "\n".join(after) if self.has_rule and after else ""
        self._add(DraftIndicator(label=text.replace("\n", ""), max=maximum, rule_text=rule_text, line=line))

    def _row_without_points(self, cells: list[str], line: int) -> None:
        labels = [read_label(c) for c in cells]
        if len(cells) == 1 and len(cells[0]) <= 8 and self.last_group_set is not None:
            # A group name split over two lines by the flattening ("规范学术" / "行为").
            self.last_group_set.name += labels[0].name
            return
        if all(len(c) <= 20 for c in cells):
            self._place(labels)
            return
        self._place(labels[:-1])
        self._add(DraftIndicator(label=cells[-1].replace("\n", ""), max=None, rule_text="", line=line))

    def _place(self, labels: list[Label]) -> None:
        """Set category and group from a row's label cells (none: both carry on from the row above)."""
        self.last_group_set = None
        if not labels:
            return
        if len(labels) >= 2 or self._is_category(labels[0]):
            self._new_category(labels[0])
            labels = labels[1:]
        if labels:
            self._new_group(labels[-1])

    def _is_category(self, label: Label) -> bool:
        if label.code:
            return not self.category_letter or label.code == self.category_letter
        return label.ordinal or label.bracketed

    def _new_category(self, label: Label) -> None:
        self.category_letter = self.category_letter or label.code
        self.categories.append(DraftCategory(label.name, label.points))

    def _new_group(self, label: Label) -> None:
        if not self.categories:
            self.categories.append(DraftCategory("", None))
        group = DraftGroup(label.name, label.points)
        self.categories[-1].groups.append(group)
        self.last_group_set = group

    def _add(self, indicator: DraftIndicator) -> None:
        if not self.categories:
            self.categories.append(DraftCategory("", None))
        category = self.categories[-1]
        if not category.groups:
            category.groups.append(DraftGroup(category.name))
        category.groups[-1].indicators.append(indicator)

    # -- tables whose points are written in the text (numbered items) --

    def _item(self, text: str, line: int) -> None:
        """"2.为创新驱动发展服务，承办…（10分，5分/项），承接…（6分，3分/项）": one category per item."""
        body = ITEM_NUMBER.sub("", text.replace("\n", ""))
        found = [c for c in clauses(body) if c.gain is not None or c.cap is not None]
        head = split_top(body)[0]
        name = clean_label(re.sub(r"[（(][^）)]*分[^）)]*[）)]", "", head))
        category = DraftCategory(name, None)
        group = DraftGroup(name)
        category.groups.append(group)
        self.categories.append(category)
        if not found:
            group.indicators.append(DraftIndicator(clean_label(body), None, "", line))
            return
        for c in found:
            if len(found) == 1:
                c.label = clean_label(re.sub(r"[（(][^）)]*\d+分[^）)]*[）)]", "", body))
            else:
                c.label = c.label.removeprefix(name).lstrip("，") or c.label
            points = c.gain if c.gain is not None else c.cap
            rule = single_rule(c, points)
            group.indicators.append(DraftIndicator(c.label, points, describe(c, points), line, rule=rule))

    # -- 加分项 / 扣分项 --

    def _open_adjustments(self, text: str) -> None:
        item_cap = re.search(r"每项加分不超过(\d+(?:\.\d+)?)分", text)
        overall = re.search(r"(?:加减|合计|总计)[^，；。]*?不超过(\d+(?:\.\d+)?)分", text)
        self.adjust = DraftCategory("", float(overall.group(1)) if overall else None,
                                    item_cap=float(item_cap.group(1)) if item_cap else None)

    def _adjustment(self, cells: list[str], line: int) -> None:
        text = ITEM_NUMBER.sub("", cells[0].replace("\n", "")).rstrip("；;。")
        found = [c for c in clauses(text) if c.scored]
        if not found:
            return
        role = "deduction" if any(c.sign == "扣" or c.deduct is not None for c in found) else "bonus"
        if role not in self.adjust_kinds:
            category = DraftCategory("加分项" if role == "bonus" else "扣分项", self.adjust.points, role=role,
                                     item_cap=self.adjust.item_cap if role == "bonus" else None)
            category.groups.append(DraftGroup(category.name))
            self.adjust_kinds[role] = category
            self.categories.append(category)
        category = self.adjust_kinds[role]
        label = clean_label(re.sub(r"[（(][^）)]*分[^）)]*[）)]", "", text))
        indicator = DraftIndicator(label, None, text, line)
        indicator.rule, indicator.max, indicator.todos = _adjustment_rule(found, category)
        indicator.manual = role == "deduction"
        category.groups[0].indicators.append(indicator)


def _adjustment_rule(found: list[Clause], category: DraftCategory) -> tuple[dict, float, list[str]]:
    """Rule and maximum of a 加分/扣分 item ("获得市科协表彰（加1分/次）、中国科协表彰（加2分/次）").

    The item's maximum is the per-item cap (每项加分不超过3分), else the group's;
    an item worth more than the cap (加5分/项) is clipped to it, as the notice says.
    """
    cap = category.item_cap or category.points or max(c.points or c.deduct or 0 for c in found)
    amounts = [c.points if c.points is not None else c.deduct for c in found]
    if len(found) > 1:
        tiers, todos = rate_tiers(found, amounts)
        unit = found[0].per[1] if found[0].per else "项"
        return {"kind": "tiered", "tiers": tiers, "cap": cap, "unit": unit}, cap, todos
    c = found[0]
    if c.per:
        return {"kind": "per_item", "points": amounts[0], "cap": cap, "unit": c.per[1]}, cap, []
    return {"kind": "presence", "points": amounts[0]}, min(amounts[0], cap), []
