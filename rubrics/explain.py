"""The Chinese words the engine and the loader speak to reviewers, in one place.

Rubric files name levels and activity types by their English ids (the same
values as the extractors' enums, see the contract); reviewers read them in
Chinese. Explanations must let a reviewer redo the arithmetic, so numbers are
written the way the table writes them ("10分", not "10.0").
"""

from __future__ import annotations

from core.vocabulary import LEVEL_LABELS

# Tags the matcher gives decision-consulting items (a rubric's own tags are named by its tiers).
TAG_LABELS: dict[str, str] = {
    "adopted": "获批示或被采纳",
    "consulting": "未获批示或采纳",
}

NOTHING_FOUND = "未找到相关材料"


def num(value: float) -> str:
    """A score as the tables write it: 18, 2.5, 0.25 (no trailing .0)."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def level_label(level: str | None) -> str:
    if level is None:
        return "未标明级别"
    return LEVEL_LABELS.get(level, level)


def tag_label(tag: str | None) -> str:
    if tag is None:
        return "未分类"
    return TAG_LABELS.get(tag, tag)


def earned(text: str, score: float) -> str:
    """"年检合格" → "年检合格 得5分"; "五次以上（6次）" → "五次以上（6次）得5分"."""
    space = "" if text.endswith("）") else " "
    return f"{text}{space}得{num(score)}分"


def nothing_found(subject: str = "") -> str:
    return f"未找到{subject}相关材料" if subject else NOTHING_FOUND


def capped(limit: float, raw: float) -> str:
    return f"封顶{num(limit)}分（原始计算{num(raw)}分）"
