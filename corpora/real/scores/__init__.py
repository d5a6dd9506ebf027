"""Reviewer scores given by hand to real summaries, one file per text (see GUIDE.md in this folder).

    python -m corpora.real.scores check    # validate every score file against its text and rubric

A file holds, for every leaf indicator of the rubric the text is scored
against, the score a careful reviewer gives from the text alone, the range
[low, high] another careful reviewer could defensibly give, and the quote it
rests on. `total` is the table's own total (base + bonus − deductions, before
any weighting with reviewer-entered components, which stay pending).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from corpora.real import TEXTS, RealText, load, missing_keys, squash
from rubrics.grading import grade_total
from rubrics.loader import load_rubric
from rubrics.schema import Rubric

SCORES = Path(__file__).parent
EPSILON = 0.01


@dataclass(frozen=True)
class IndicatorScore:
    score: float
    low: float
    high: float
    quote: str


@dataclass(frozen=True)
class ReviewerScores:
    """One text scored by hand against one rubric."""

    text_id: str
    rubric_id: str
    scorer: str
    indicators: dict[str, IndicatorScore]
    total: float
    grade: str | None
    pending: list[str]


def table_total(rubric: Rubric, scores: dict[str, float]) -> float:
    """Base indicators, plus bonus and minus deductions each within its group's cap, never below 0."""
    total = 0.0
    for category in rubric.categories:
        amount = sum(scores.get(ind.id, 0.0) for group in category.groups for ind in group.indicators)
        if category.role == "base":
            total += amount
        else:
            total += min(amount, category.points) * (1 if category.role == "bonus" else -1)
    return round(max(total, 0.0), 2)


def readable_grade(rubric: Rubric, total: float) -> str | None:
    """The grade a single text's total settles, or None.

    Only score lines (`threshold`) grade one submission; rank grading needs the
    batch. With reviewer-entered components pending, a grade is read only when
    the least and the most they can add give the same one.
    """
    if rubric.grading.method != "threshold":
        return None
    low = high = 0.0
    for component in rubric.composition:
        if component.source == "assessment":
            low += total * component.weight
            high += total * component.weight
        else:
            high += component.points * component.weight
    if not rubric.composition:
        low = high = total
    least, most = grade_total(rubric, low), grade_total(rubric, high)
    return least if least == most else None


def problems(raw: dict, text: RealText) -> list[str]:
    """What is wrong with one score file, in the guide's terms (empty when it is right)."""
    found = missing_keys(raw, ("text_id", "rubric", "scorer", "indicators", "total", "grade"))
    if found:
        return found
    if raw["text_id"] != text.id:
        found.append(f"text_id {raw['text_id']} 与文本 {text.id} 不一致")
    try:
        rubric = load_rubric(raw["rubric"])
    except (KeyError, FileNotFoundError, ValueError):
        return [*found, f"没有评分表 {raw['rubric']}"]
    leaves = {ind.id: ind for _, _, ind in rubric.indicators()}
    given = raw["indicators"]
    for unknown in sorted(set(given) - set(leaves)):
        found.append(f"评分表 {rubric.id} 中没有指标 {unknown}")
    for missing in sorted(set(leaves) - set(given)):
        found.append(f"缺少指标 {missing}（每个末级指标都要给分，没有依据给 0 分）")
    body = squash(text.text)
    for ind_id, entry in given.items():
        if ind_id not in leaves:
            continue
        top = leaves[ind_id].max
        score, low, high = entry.get("score"), entry.get("low"), entry.get("high")
        if not all(isinstance(v, (int, float)) for v in (score, low, high)):
            found.append(f"{ind_id}：score、low、high 应为数值")
            continue
        if not 0 <= low <= score <= high <= top:
            found.append(f"{ind_id}：应满足 0 ≤ low ≤ score ≤ high ≤ 满分 {top:g}（现为 {low:g}、{score:g}、{high:g}）")
        quote = entry.get("quote", "")
        if quote and squash(quote) not in body:
            found.append(f"{ind_id}：引文在原文中找不到：{quote[:30]}")
        if high > 0 and not quote:
            found.append(f"{ind_id}：可能得分（上限 {high:g}）却没有引文")
    if found:
        return found
    scores = {i: float(e["score"]) for i, e in given.items()}
    expected = table_total(rubric, scores)
    if abs(float(raw["total"]) - expected) > EPSILON:
        found.append(f"total 应为各指标之和 {expected:g}（现为 {raw['total']}）")
    grade = readable_grade(rubric, expected)
    if raw["grade"] != grade:
        found.append(f"grade 应为 {grade!r}（按评分表的等次规则，只在能定下时给出），现为 {raw['grade']!r}")
    pending = sorted(c.id for c in rubric.composition if c.source == "entered")
    if sorted(raw.get("pending", [])) != pending:
        found.append(f"pending 应列出待录入的分项 {pending}")
    return found


def parse(raw: dict) -> ReviewerScores:
    return ReviewerScores(
        raw["text_id"], raw["rubric"], raw["scorer"],
        {i: IndicatorScore(float(e["score"]), float(e["low"]), float(e["high"]), e.get("quote", ""))
         for i, e in raw["indicators"].items()},
        float(raw["total"]), raw["grade"], list(raw.get("pending", [])),
    )


def load_scores(folder: Path = SCORES, texts: Path = TEXTS) -> list[ReviewerScores]:
    """Every score file in `folder`, validated; a file with problems raises ValueError naming them."""
    by_id = {t.id: t for t in load(folder=texts)}
    result = []
    for path in sorted(folder.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("text_id") not in by_id:
            raise ValueError(f"{path.name}：没有文本 {raw.get('text_id')}")
        found = problems(raw, by_id[raw["text_id"]])
        if path.stem != raw.get("text_id"):
            found.append("文件名应为 <text_id>.json")
        if found:
            raise ValueError(f"{path.name}：" + "；".join(found))
        result.append(parse(raw))
    return result


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] != ["check"]:
        print("用法：python -m corpora.real.scores check", file=sys.stderr)
        return 2
    try:
        scores = load_scores()
    except ValueError as error:
        print(error)
        return 1
    print(f"检查 {len(scores)} 个评分文件，无问题")
    return 0
