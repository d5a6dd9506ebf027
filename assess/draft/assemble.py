"""A rubric as data from one table's hierarchy and the notice around it.

The other modules each read one thing; this one puts them together: ids, the
table's arithmetic checked against the points it states, a rule and a match
for every indicator, and a TODO wherever a person must decide.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from extractors.models import Document
from extractors.normalize import normalize_text
from assess.draft import facts
from assess.draft.hierarchy import DraftCategory, DraftGroup, DraftIndicator, TableDraft, read_table
from assess.draft.ids import REGIONS, UNIT_KINDS, category_id
from assess.draft.marks import Marks
from assess.draft.match import draft_match
from assess.draft.render import render_yaml
from assess.draft.rules import guess_rule
from assess.draft.tables import SourceTable, tables_from_document, tables_from_text
from rubrics.explain import num


@dataclass
class Draft:
    """A drafted rubric: the data, the table it came from, and what a person must still do."""

    rubric: dict
    table: SourceTable
    marks: Marks

    @property
    def todos(self) -> dict[tuple, list[str]]:
        return self.marks.todos

    def yaml(self) -> str:
        return render_yaml(self)

    def todo_count(self) -> int:
        return sum(len(t) for t in self.todos.values())


def draft_from_text(text: str) -> list[Draft]:
    """A draft per scoring table in a notice's text (tables flattened as the seeds are)."""
    return draft_tables(tables_from_text(text), text)


def draft_from_document(doc: Document) -> list[Draft]:
    """A draft per scoring table in a parsed Word, PDF or Excel notice."""
    return draft_tables(tables_from_document(doc), doc.text)


def draft_tables(tables: list[SourceTable], notice: str) -> list[Draft]:
    """Drafts for the tables that score (a 分值 column or points in the text); other tables are skipped."""
    notice = normalize_text(notice)
    drafts = []
    for table in tables:
        read = read_table(table)
        if sum(1 for c in read.categories for g in c.groups for i in g.indicators if i.max) >= 2:
            drafts.append(_draft(table, read, notice))
    return drafts


def _draft(table: SourceTable, read: TableDraft, notice: str) -> Draft:
    """One table's draft; keys are set in the order the bundled rubric files use, so the YAML reads like them."""
    marks = Marks(table.unit)
    title = table.title or "评分表"
    year = facts.year(title) or facts.year(notice)
    region = next((r for r in REGIONS if r[0] in notice[:400] or r[0] in title), None)
    kind = next((k for word, k in UNIT_KINDS if word in title), "society")
    prefix = f"{region[2] if region else 'x'}{str(year or 0)[-2:]}"

    base = [c for c in read.categories if c.role == "base"]
    _merge_split_groups(base, marks)
    total = read.stated_total or facts.stated_total(notice) or sum(_points(c) for c in base)
    _fill_missing_maxima(base, total)
    used: set[str] = set()
    categories = [_category(c, ci, category_id(c, ci, used), prefix, marks) for ci, c in enumerate(read.categories)]
    base_total = sum(c["points"] for c in categories if "role" not in c)
    if not math.isclose(base_total, total):
        marks.todo(("max_total",), f"表中合计{num(total)}分，各一级指标合计{num(base_total)}分，请核对")

    rubric: dict = {
        "id": f"{region[1] if region else 'draft'}-{year or 'yyyy'}-{kind}",
        "title": title,
        "year": year or 0,
        "body": facts.body(notice) or "",
        "source": facts.source(notice, table.attachment or facts.attachment(notice, title)),
        "max_total": total,
    }
    marks.todo(("id",), "编号按地区、年度、对象类型起草，须与文件名一致，请核对")
    if not year:
        marks.todo(("year",), "未能从标题读出年度，请填写")
    if not rubric["body"]:
        marks.todo(("body",), "未能读出发文单位，请填写")
    if deadline := facts.deadline(notice, year):
        rubric["deadline"] = deadline
    if facts.december_evidence(notice):
        rubric["december_evidence"] = True
    rubric["categories"] = categories
    if conditions := facts.conditions(notice):
        rubric["conditions"] = conditions
        for i in range(len(conditions)):
            marks.todo(("conditions", i), "按通知措辞起草，请核对触发方式与等次")
    if weighted := facts.weighting(notice, table.attachment):
        # The schema's composition needs the other terms' sources, which the wording rarely settles.
        marks.todo((), f"通知写明“{weighted}”，请按需补写 composition（加权合成与评审录入的分项）")
    rubric["grading"] = facts.grading(notice, marks)
    return Draft(_tidy(rubric), table, marks)


def _points(category: DraftCategory) -> float:
    """A category's points as the table states them, else the sum of its indicators."""
    if category.points is not None:
        return category.points
    return sum(i.max or 0 for g in category.groups for i in g.indicators)


def _category(category: DraftCategory, index: int, cid: str, prefix: str, marks: Marks) -> dict:
    """One category as rubric data, its arithmetic checked against the points the table states."""
    where = ("categories", index)
    summed = sum(i.max or 0 for g in category.groups for i in g.indicators)
    if category.role == "base" and category.points is not None and not math.isclose(summed, category.points):
        marks.todo(where, f"一级指标“{category.name}”标明{num(category.points)}分，其下指标满分合计{num(summed)}分，请核对")
    if not category.name:
        marks.todo(where, "表中没有一级指标名称，请补上")
    entry: dict = {"id": cid, "name": category.name or f"一级指标{index + 1}", "points": _points(category)}
    if category.role != "base":
        entry["role"] = category.role
        if category.item_cap is not None:
            entry["item_cap"] = category.item_cap
    entry["groups"] = []
    number = 0
    for gi, group in enumerate(category.groups):
        group_sum = sum(i.max or 0 for i in group.indicators)
        if group.points is not None and not math.isclose(group_sum, group.points):
            marks.todo((*where, "groups", gi),
                       f"二级指标“{group.name}”标明{num(group.points)}分，其下指标合计{num(group_sum)}分，请核对")
        indicators = []
        for ii, ind in enumerate(group.indicators):
            number += 1
            indicators.append(_indicator(ind, f"{prefix}.{cid}.{number}"))
            at = (*where, "groups", gi, "indicators", ii)
            marks.sources[at] = f"原文第{ind.line}{marks.unit}"
            for todo in ind.todos:
                marks.todo(at, todo)
        entry["groups"].append({"name": group.name or category.name, "indicators": indicators})
    return entry


def _tidy(value):
    """Whole numbers as the tables write them (5, not 5.0)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    return value


def _indicator(ind: DraftIndicator, indicator_id: str) -> dict:
    """One indicator as rubric data; its rule is guessed from the wording unless the row reader set it."""
    maximum = ind.max or 0
    if not ind.rule:
        wording = ind.rule_text or ind.label
        guess = guess_rule(wording, maximum)
        ind.rule = guess.rule
        ind.todos.extend(guess.todos)
    rule = ind.rule
    if rule["kind"] == "parts":
        for part in rule["parts"]:
            part["match"] = draft_match(part["label"], part["rule"])
    entry: dict = {"id": indicator_id, "label": ind.label, "max": maximum, "rule": rule}
    entry["rule_text"] = _rule_text(ind, maximum)
    if ind.manual:
        entry["match"] = {"manual": True}
    elif rule["kind"] != "parts":
        entry["match"] = draft_match(ind.label, rule)
    return entry


def _rule_text(ind: DraftIndicator, maximum: float) -> str:
    """The scoring wording a reviewer sees beside the indicator: the table's own, or what the draft assumes."""
    wording = (ind.rule_text or "").replace("\n", "；")
    wording = re.sub(r"[；;]{2,}", "；", wording).strip("；;")
    if wording:
        return wording
    if re.search(r"\d分|扣|赋分|否决|以上", ind.label):
        return ind.label
    return f"有相关工作得{num(maximum)}分"


def _merge_split_groups(categories: list[DraftCategory], marks: Marks) -> None:
    """Two one- or two-character groups in a row are one name the flattening split ("促进" / "转化")."""
    for category in categories:
        merged: list[DraftGroup] = []
        for group in category.groups:
            prev = merged[-1] if merged else None
            if prev and len(prev.name) <= 2 and len(group.name) <= 2 and prev.points is None and group.name:
                marks.todo((), f"二级指标“{prev.name}”“{group.name}”疑为跨行拆开的同一名称，已合并为“{prev.name + group.name}”")
                prev.name += group.name
                prev.indicators.extend(group.indicators)
                continue
            merged.append(group)
        category.groups = merged


def _fill_missing_maxima(categories: list[DraftCategory], total: float) -> None:
    """An indicator without points gets what its category (or the table's total) leaves over, marked TODO."""
    for category in categories:
        missing = [i for g in category.groups for i in g.indicators if not i.max]
        if not missing:
            continue
        if category.points is not None:
            known = sum(i.max or 0 for g in category.groups for i in g.indicators)
            left, scope = category.points - known, f"一级指标“{category.name}”的{num(category.points)}分"
        else:
            known = sum(i.max or 0 for c in categories for g in c.groups for i in g.indicators)
            left, scope = total - known, f"总分{num(total)}分"
        share = left / len(missing) if left > 0 else 0
        for ind in missing:
            ind.max = share
            ind.todos.append(f"表中未写分值，按{scope}减去其余指标推算为{num(share)}分，请核对")
