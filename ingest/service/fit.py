"""Whether a submission's materials fit the rubric chosen for them: the province and the kind of body.

A Jiangxi society's summary scored against a Chongqing district table gives a
meaningless score; the review page says so. The materials' province and kind
are read from the society's name (as recognised or given) and the start of the
工作总结; the rubric's from its issuing body and its title. Either side left
unknown is not checked.
"""

from __future__ import annotations

from ingest.db.models import Submission
from rubrics.schema import Rubric

PROVINCES = (
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西",
    "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃",
    "青海", "宁夏", "新疆",
)
# Kinds of body, as rubric titles name them, and the words that mark a body's name as one.
KINDS = {
    "区县": ("区县科协", ("区科协", "县科协", "区科学技术协会", "县科学技术协会")),
    "高校": ("高校科协", ("大学科协", "学院科协", "大学科学技术协会", "学院科学技术协会")),
    "企业": ("企业、园区、科研院所科协", ("公司科协", "园区科协", "企业科协", "研究院科协", "研究所科协")),
    "学会": ("学会（协会、研究会）", ("学会", "协会", "研究会")),
}
# The start of the 工作总结 that is searched besides the society's name (its title and first lines).
HEAD = 200


def _province(text: str) -> str | None:
    """The province named first in `text`."""
    found = [(text.find(p), p) for p in PROVINCES if p in text]
    return min(found)[1] if found else None


def _body_kind(name: str) -> str | None:
    """The kind of body a name is: a 科协 of some kind first (a university's 科协 is no 学会)."""
    for kind, (_, marks) in KINDS.items():
        if any(mark in name for mark in marks):
            return kind
    return None


def _rubric_kind(rubric: Rubric) -> str | None:
    return next((kind for kind in KINDS if kind in rubric.title), None)


def misfit(submission: Submission, rubric: Rubric) -> str | None:
    """A warning when the materials seem to come from another province or kind of body than the rubric's."""
    summary = next((d.text for d in submission.documents if d.text and not d.self_evaluation), "") or ""
    named = submission.society or ""
    problems = []
    ours, theirs = _province(named + summary[:HEAD]), _province(rubric.body)
    if ours and theirs and ours != theirs:
        problems.append(f"材料来自{ours}，评分表是{rubric.body}的")
    ours, theirs = _body_kind(named or summary[:HEAD]), _rubric_kind(rubric)
    if ours and theirs and ours != theirs:
        problems.append(f"材料是{KINDS[ours][0]}的，评分表用于{KINDS[theirs][0]}")
    if not problems:
        return None
    return f"所选评分表“{rubric.title}”可能不适用于这份材料：{'；'.join(problems)}。如选错了评分表，请按正确的评分表重新上传。"
