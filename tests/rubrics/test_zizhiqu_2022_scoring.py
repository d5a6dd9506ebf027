"""Hand-worked scores from the autonomous region's 2022 table (附件3, A/B/C indicators)."""

import pytest

from rubric_facts import evidenced, result
from rubrics.engine import score
from rubrics.loader import load_rubric
from rubrics.schema import FactItem, IndicatorFacts

RUBRIC = load_rubric("zizhiqu-2022-society")


def test_the_a_levels_add_up_to_110():
    assert {c.name: c.points for c in RUBRIC.categories} == {
        "A1 自身建设": 15,
        "A2 党建工作": 20,
        "A3 业务工作": 65,
        "A4 特色工作": 10,
    }
    assert RUBRIC.max_total == 110
    groups = {g.name: sum(i.max for i in g.indicators) for c in RUBRIC.categories for g in c.groups}
    assert groups["B6 政治引领"] == 14 and groups["B7 学术活动"] == 15 and groups["B12 常规工作"] == 10


def test_not_done_deducts_2():
    missing = result(RUBRIC, "zzq22.a3.talent", IndicatorFacts())
    assert missing.score == 0 and missing.explanation == "未找到相关材料，扣2分：2 − 2 = 0，得0分"
    assert result(RUBRIC, "zzq22.a3.talent", evidenced()).score == 2


def test_one_point_off_per_missing_routine():
    facts = IndicatorFacts(parts={"meetings": evidenced(), "lessons": evidenced()})
    r = result(RUBRIC, "zzq22.a2.routines", facts)
    assert r.score == 2 and "主题党日：未找到相关材料，扣1分：1 − 1 = 0，得0分" in r.explanation


def test_quarterly_branch_meetings_one_off_for_each_missed():
    r = result(RUBRIC, "zzq22.a2.branch_meetings", evidenced(3))
    assert r.score == 3 and r.explanation == "应有4项，现有3项，缺1项，每项扣1分：4 − 1 = 3，得3分"
    assert result(RUBRIC, "zzq22.a2.branch_meetings", evidenced(6)).score == 4
    # A reviewer's count of missed meetings wins; the floor is 0.
    assert result(RUBRIC, "zzq22.a2.branch_meetings", IndicatorFacts(missing=5)).score == 0


@pytest.mark.parametrize(("outcome", "points"), [("合格", 5), ("基本合格", 2), ("不合格", 0), ("未完成年检", 0)])
def test_inspection_outcomes_without_veto(outcome, points):
    r = result(RUBRIC, "zzq22.a1.inspection", IndicatorFacts(outcome=outcome))
    assert r.score == points and not r.vetoed


@pytest.mark.parametrize(("outcome", "points"), [("班子齐全", 4), ("班子不齐", 2), ("未成立", 0)])
def test_party_organisation(outcome, points):
    assert result(RUBRIC, "zzq22.a2.organization", IndicatorFacts(outcome=outcome)).score == points


def test_an_incident_costs_the_security_points():
    # Entered by a reviewer: pending (0, up to 2) until entered, not full.
    pending = result(RUBRIC, "zzq22.a1.security", IndicatorFacts())
    assert pending.pending and (pending.score, pending.score_range) == (0, (0, 2))
    assert result(RUBRIC, "zzq22.a1.security", IndicatorFacts(value=2)).score == 2
    r = result(RUBRIC, "zzq22.a1.security", evidenced())
    assert r.score == 0 and r.explanation == "发生1次，每次扣2分：2 − 2 = 0，得0分"


def test_meetings_score_by_the_best_kind_held():
    national = result(RUBRIC, "zzq22.a3.meetings", IndicatorFacts(items=[FactItem(level="national"), FactItem(level="grassroots", count=2)]))
    assert national.score == 5
    assert "取最高一档：承办国际性、全国性或跨区域性学术会议1次计5" in national.explanation
    assert result(RUBRIC, "zzq22.a3.meetings", evidenced(2, level="grassroots")).score == 2
    assert result(RUBRIC, "zzq22.a3.meetings", evidenced(level="provincial", tag="brand")).score == 5


def test_awards_national_4_regional_3():
    both = IndicatorFacts(items=[FactItem(level="national"), FactItem(level="provincial")])
    assert result(RUBRIC, "zzq22.a3.awards", both).score == 4
    assert result(RUBRIC, "zzq22.a3.awards", evidenced(2, tag="region_award")).score == 3


def test_advice_scores_its_highest_endorsement_once():
    facts = IndicatorFacts(items=[FactItem(tag="bureau"), FactItem(tag="ccast_project", count=2)])
    r = result(RUBRIC, "zzq22.a3.advice", facts)
    assert r.score == 2
    assert r.explanation == (
        "获得自治区厅局批示1项、列入科协咨询项目2项，取最高一档：获得自治区厅局批示1项计2 ≤ 3，得2分"
    )
    assert result(RUBRIC, "zzq22.a3.advice", evidenced(tag="region_leader")).score == 3


def test_threshold_three_or_more():
    assert result(RUBRIC, "zzq22.a3.attendance", evidenced(3)).score == 3
    assert result(RUBRIC, "zzq22.a3.attendance", evidenced(2)).score == 0
    assert result(RUBRIC, "zzq22.a3.information", evidenced(12)).explanation == "≥3条（12条）得3分"


def test_discretionary_items_suggest_the_middle_of_their_range_when_unmeasured():
    r = result(RUBRIC, "zzq22.a3.deradicalization", evidenced())
    assert (r.score, r.score_range) == (1.5, (0, 3))


def test_featured_work_2_each_up_to_10():
    assert result(RUBRIC, "zzq22.a4.featured", evidenced(3)).score == 6
    capped = result(RUBRIC, "zzq22.a4.featured", evidenced(6))
    assert capped.score == 10 and "6项×2 = 12，封顶10分" in capped.explanation


def test_a_silent_summary_loses_every_deduction_item():
    sheet = score(RUBRIC, {})
    # Nothing found: deduction items lose all; the security item waits for a reviewer (0–2).
    assert sheet.total == 0 and sheet.total_range == (0, 2) and sheet.grade is None
    assert sheet.pending == ["zzq22.a1.security"] and sheet.pending_range == (0, 2)
    assert any("自评表未规定考核等次" in n for n in sheet.notes)


def test_a_society_that_shows_everything_scores_110():
    facts: dict[str, IndicatorFacts] = {}
    for _, _, ind in RUBRIC.indicators():
        facts[ind.id] = evidenced(5, support=1.0, level="national", tag="region_leader")
    facts["zzq22.a1.security"] = IndicatorFacts(value=2)
    for indicator_id, parts in {
        "zzq22.a1.staff": ("secretary", "employees"),
        "zzq22.a2.basics": ("roster", "dues"),
        "zzq22.a2.routines": ("meetings", "lessons", "theme_days"),
        "zzq22.a3.summary_plan": ("summary", "plan"),
    }.items():
        facts[indicator_id] = IndicatorFacts(parts={p: evidenced() for p in parts})
    sheet = score(RUBRIC, facts)
    assert sheet.total == 110 and sheet.category_scores == {"a1": 15, "a2": 20, "a3": 65, "a4": 10}
    discretionary = 4 + 1 + 6 + 3 + 3 + 1 + 2 + 15 + 1 + 2 + 2
    assert sheet.total_range == (110 - discretionary, 110)
