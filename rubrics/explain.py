"""The Chinese words the engine and the loader speak to reviewers, in one place.

Rubric files name levels and activity types by their English ids (the same
values as the extractors' enums, see the contract); reviewers read them in
Chinese. Explanations must let a reviewer redo the arithmetic, so numbers are
written the way the table writes them ("10分", not "10.0").
"""

from __future__ import annotations

# Activity levels (contract: `level`), as the notices write them.
LEVEL_LABELS: dict[str, str] = {
    "international": "国际性",
    "national": "全国性",
    "regional": "区域性",
    "provincial": "全省性",
    "municipal": "市级",
    "county": "区县级",
    "grassroots": "基层",
}

# Activity types (contract: `type`); a rubric's `match.types` must be one of these.
TYPE_LABELS: dict[str, str] = {
    "academic_conference": "学术会议",
    "training": "继续教育培训",
    "science_popularization": "科普活动",
    "volunteer_rural": "科技志愿服务",
    "tech_service": "科技服务",
    "decision_consulting": "决策咨询",
    "government_function": "承接政府职能",
    "award_recognition": "表彰举荐",
    "party_building": "党建",
    "governance": "学会治理",
    "publication": "出版物",
    "international_exchange": "国际交流",
    "other": "其他",
}

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
