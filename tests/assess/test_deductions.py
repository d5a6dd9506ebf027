"""Deductions a summary admits itself, applied by the rubric's own rules for a reviewer to confirm."""

from __future__ import annotations

from assess.deductions import apply_admissions
from assess.match import propose
from core.vocabulary import Level
from extractors.activities import extract_activities
from extractors.parse import parse
from rubrics.engine import score
from rubrics.loader import load_rubric

CHONGQING = load_rubric("chongqing-2020-society")
JIANGXI = load_rubric("jiangxi-2021-society")

BODY = (
    "一、学术交流\n"
    "5月20日，学会在渝北区召开2020年学术年会，参会代表210人。\n"
    "二、科普工作\n"
    "9月19日全国科普日期间，学会在沙坪坝区开展科普进社区活动，居民400余人参加。\n"
)


def _proposed(rubric, text):
    document = parse(text.encode("utf-8"), "工作总结.txt", "d1")
    activities = extract_activities([document], rubric.year, Level.PROVINCIAL)
    proposals, facts = propose(rubric, activities, [document], rubric.year)
    proposals, facts = apply_admissions(rubric, [document], proposals, facts, rubric.year)
    return {p.id: p for p in proposals}, facts


def test_admitted_shortfalls_are_deducted_by_the_rubric_rows_they_fall_under():
    text = ("重庆市示例学会2020年工作总结\n" + BODY + "三、存在的问题\n"
            "全年举办的12次学术活动中有2场学术沙龙未报批。\n"
            "学会未参加市科协组织的学会秘书长培训班。\n")
    proposals, facts = _proposed(CHONGQING, text)
    unapproved, absent = proposals["cq20s.deduction.unapproved"], proposals["cq20s.deduction.absent"]
    assert (unapproved.proposed_count, unapproved.proposed_score) == (2, 2)
    assert (absent.proposed_count, absent.proposed_score) == (1, 1)
    # Quoted from the summary, and left for the reviewer to confirm.
    assert "2场学术沙龙未报批" in unapproved.evidence[0].text and "未报批" in unapproved.explanation
    assert unapproved.needs_review and absent.needs_review
    sheet = score(CHONGQING, facts)
    deducted = {r.indicator: r.score for r in sheet.results if r.role == "deduction"}
    assert deducted["cq20s.deduction.unapproved"] == 2 and deducted["cq20s.deduction.absent"] == 1


def test_denials_prevention_and_plans_deduct_nothing():
    text = ("重庆市示例学会2020年工作总结\n" + BODY +
            "全年未发生学术活动未报批的情况，各类报表未出现逾期报送。\n"
            "学会严格执行学术活动报批制度，杜绝未经审批擅自举办学术活动。\n"
            "学会督促未按时报送年报的分支机构完成整改。\n"
            "四、2021年工作打算\n"
            "确保不出现缺席市科协集中活动的情况。\n")
    proposals, _ = _proposed(CHONGQING, text)
    for row in ("cq20s.deduction.unapproved", "cq20s.deduction.absent"):
        assert proposals[row].proposed_score == 0 and not proposals[row].evidence


def test_an_admitted_failed_inspection_vetoes_and_a_prevented_one_does_not():
    head = "江西省示例学会2021年度工作总结\n" + BODY.replace("2020", "2021")
    failed, _ = _proposed(JIANGXI, head + "学会按时参加社会组织年检，2020年度年检结论为不合格。\n")
    assert failed["jx21.self.inspection"].proposed_score == 0
    assert "年检结论为不合格" in failed["jx21.self.inspection"].evidence[0].text
    assert score(JIANGXI, _proposed(JIANGXI, head + "2020年度年检结论为不合格。\n")[1]).vetoed

    # Said in other words than the admission cues, the stated outcome still stands.
    assert score(JIANGXI, _proposed(JIANGXI, head + "学会参加了2020年度年检，结论不合格。\n")[1]).vetoed

    prevented, facts = _proposed(JIANGXI, head + "学会规范内部管理，按时参加年检，确保年检不出现不合格。\n")
    assert not score(JIANGXI, facts).vetoed
    assert prevented["jx21.self.inspection"].needs_review
