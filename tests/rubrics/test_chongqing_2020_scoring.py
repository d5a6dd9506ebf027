"""Hand-worked scores from the Chongqing 2020 tables (渝科协发〔2020〕105号 附件1–4)."""

import pytest

from rubric_facts import evidenced, result, tagged
from rubrics.engine import max_possible, score
from rubrics.loader import load_rubric
from rubrics.schema import Entered, FactItem, IndicatorFacts

DISTRICT = load_rubric("chongqing-2020-district")
SOCIETY = load_rubric("chongqing-2020-society")
ENTERPRISE = load_rubric("chongqing-2020-enterprise")
UNIVERSITY = load_rubric("chongqing-2020-university")


def everything(rubric) -> dict[str, IndicatorFacts]:
    """Evidence for every base indicator, enough for its full marks."""
    return {
        ind.id: evidenced(20, support=1.0, level="national", tag="adopted")
        for category, _, ind in rubric.indicators()
        if category.role == "base"
    }


# ---- 附件1 区县科协 --------------------------------------------------------------


def test_district_table_adds_up_with_item_6_worth_10():
    points = {c.name: c.points for c in DISTRICT.categories}
    assert points["6.改革研讨与决策咨询"] == 10 and DISTRICT.base_points() == 100
    assert [(c.id, c.source, c.points, c.weight) for c in DISTRICT.composition] == [
        ("work", "assessment", 100, 0.7),
        ("clients", "entered", 20, 1),
        ("ccast", "entered", 10, 1),
    ]
    # 100 × 70% + 20 + 10, and with the full 10 of bonus 110 × 70% + 30.
    assert DISTRICT.max_total == 100 and max_possible(DISTRICT) == 107


def test_three_campaigns_or_more_make_10_and_two_make_nothing():
    three = result(DISTRICT, "cq20d.guidance.campaigns", evidenced(3))
    assert three.score == 10 and three.explanation == "3次以上（3次）得10分"
    two = result(DISTRICT, "cq20d.guidance.campaigns", evidenced(2))
    assert two.score == 0 and "未达到最低档（3次）" in two.explanation


def test_honours_by_who_awarded_them_capped_at_3_per_item():
    r = result(DISTRICT, "cq20d.bonus.honours", tagged(("ccast_national", 1), ("ccast_city", 2)))
    assert r.score == 3
    assert r.explanation == "中国科协表彰1次×2 + 市科协表彰2次×1 = 4，封顶3分（原始计算4分）"


def test_deductions_are_entered_by_a_reviewer():
    nothing = result(DISTRICT, "cq20d.deduction.unfinished", IndicatorFacts())
    assert nothing.score == 0 and nothing.explanation.startswith("由评审录入")
    assert result(DISTRICT, "cq20d.deduction.unfinished", evidenced(2)).score == 4


def district_example() -> dict[str, IndicatorFacts]:
    """A district worked by hand: table 76, bonus 6, deduction 2."""
    facts = {
        "cq20d.guidance.campaigns": evidenced(4),  # 10
        "cq20d.guidance.volunteers": evidenced(3),  # 5
        "cq20d.exchange.academic": evidenced(1),  # 0: fewer than 2
        "cq20d.exchange.workers": evidenced(),  # 6
        "cq20d.innovation.enterprise_associations": evidenced(),  # 4
        "cq20d.innovation.platforms": evidenced(),  # 3
        "cq20d.innovation.talent_projects": evidenced(),  # 4
        "cq20d.innovation.methods": evidenced(),  # 2
        "cq20d.popularization.events": evidenced(9),  # 5
        "cq20d.popularization.community": evidenced(),  # 5
        "cq20d.informatization.kitchen": evidenced(),  # 10
        "cq20d.consulting.advice": evidenced(4),  # 10
        "cq20d.reform.grassroots": evidenced(),  # 6
        "cq20d.publicity.media": evidenced(5),  # 0: fewer than 6
        "cq20d.publicity.reports": evidenced(),  # 4
        "cq20d.publicity.newspaper": evidenced(),  # 2
        "cq20d.bonus.honours": tagged(("ccast_national", 1), ("ccast_city", 2)),  # 4 → 3
        "cq20d.bonus.instructions": tagged(("city_leader", 1)),  # 1
        "cq20d.bonus.hosting": evidenced(2),  # 2
        "cq20d.deduction.unfinished": evidenced(1),  # −2
    }
    return facts


def test_district_work_is_weighted_70_percent_plus_entered_scores():
    sheet = score(DISTRICT, district_example(), entered=Entered(components={"clients": 18, "ccast": 9}))
    base = {k: v for k, v in sheet.category_scores.items() if k not in {"bonus", "deduction"}}
    assert sum(base.values()) == 76
    assert (sheet.category_scores["bonus"], sheet.category_scores["deduction"]) == (6, -2)
    work, clients, ccast = sheet.components
    assert (work.score, work.weighted) == (80, 56)
    assert (clients.weighted, ccast.weighted) == (18, 9)
    # 未按要求完成老科协组建 is not entered yet: it may still cost 2 × 70%.
    assert sheet.total == 83 and sheet.total_range == (81.6, 83) and sheet.guaranteed_total == 81.6
    assert sheet.grade == "一等"
    # A deduction bars 特等; here the grade is 一等 anyway, and the notes say so.
    assert sheet.conditions == ["deducted"]
    assert any("不能评为特等（当前等次不受影响）" in n for n in sheet.notes)
    assert any("通知未规定各等次分数线" in n for n in sheet.notes)


def test_entered_scores_not_yet_given_widen_the_range():
    sheet = score(DISTRICT, district_example())
    assert sheet.total == 56 and sheet.total_range == (54.6, 86)
    assert sheet.pending == ["cq20d.deduction.elders", "clients", "ccast"] and sheet.pending_range == (-1.4, 30)
    assert "待录入（0–20分）" in sheet.components[1].explanation


def top_district() -> dict[str, IndicatorFacts]:
    facts = everything(DISTRICT)
    facts["cq20d.bonus.honours"] = tagged(("ccast_national", 2))
    facts["cq20d.bonus.instructions"] = tagged(("state_leader", 2))
    facts["cq20d.bonus.experience"] = tagged(("ccast_national", 2))
    facts["cq20d.bonus.hosting"] = evidenced(3)
    return facts


def test_a_deduction_bars_the_top_grade():
    full = Entered(components={"clients": 20, "ccast": 10})
    clean = score(DISTRICT, top_district(), entered=full)
    # Bonus 12 is capped at 10: (100 + 10) × 70% + 30.
    assert clean.category_scores["bonus"] == 10 and clean.total == 107 and clean.grade == "特等"
    assert any("加分合计12分，超过上限10分" in n for n in clean.notes)
    facts = top_district()
    facts["cq20d.deduction.elders"] = evidenced()
    deducted = score(DISTRICT, facts, entered=full)
    assert deducted.total == 105.6 and deducted.grade == "一等"
    assert any("等次由特等改为一等" in n for n in deducted.notes)


@pytest.mark.parametrize(
    ("incident", "grade"),
    [("incident_minor", "一等"), ("incident_serious", "二等"), ("incident_grave", None)],
)
def test_incidents_follow_the_rule_of_events(incident, grade):
    sheet = score(DISTRICT, top_district(), entered=Entered(components={"clients": 20, "ccast": 10}, conditions=[incident]))
    assert sheet.grade == grade
    assert sheet.excluded == (grade is None)
    if grade is None:
        assert any("不予考核" in n for n in sheet.notes)


def test_unknown_entered_score_or_condition_is_refused():
    with pytest.raises(ValueError, match="没有可录入的分项：peers"):
        score(DISTRICT, {}, entered=Entered(components={"peers": 5}))
    with pytest.raises(ValueError, match="deducted"):
        # Set by a deduction, not by a reviewer.
        score(DISTRICT, {}, entered=Entered(conditions=["deducted"]))


# ---- 附件2 市级学会 --------------------------------------------------------------


def test_society_meetings_five_each_with_a_cap_per_kind():
    facts = IndicatorFacts(items=[FactItem(level="national", count=3), FactItem(level="municipal", count=1)])
    r = result(SOCIETY, "cq20s.innovation.academic", facts)
    assert r.score == 15
    assert r.explanation == "国际性全国性学术交流活动3项×5（15，本档封顶10） + 其他市内学术交流活动1项×5 = 15 ≤ 20，得15分"


def test_society_only_adopted_advice_scores():
    r = result(SOCIETY, "cq20s.consulting.adopted", tagged(("adopted", 2), ("consulting", 3)))
    assert r.score == 10
    assert "另有3次（未获批示或采纳）不在计分范围" in r.explanation


def test_society_bonus_of_5_is_held_to_3_per_item():
    r = result(SOCIETY, "cq20s.bonus.awards", evidenced(1))
    assert r.score == 3 and "1项×5 = 5，封顶3分" in r.explanation


def test_society_evaluation_3a_or_better():
    assert result(SOCIETY, "cq20s.self.evaluation", IndicatorFacts(outcome="AAA")).score == 4
    assert result(SOCIETY, "cq20s.self.evaluation", IndicatorFacts(outcome="2A")).score == 0


def test_society_worked_example():
    facts = {
        "cq20s.guidance.party": evidenced(3, support=1.0),  # discretionary 0–20, evidence reaching the top: 20
        "cq20s.innovation.academic": IndicatorFacts(
            items=[FactItem(level="national", count=3), FactItem(level="municipal", count=1)]
        ),  # 15
        "cq20s.innovation.government": evidenced(3),  # 9 → 6
        "cq20s.innovation.service": evidenced(2),  # 4
        "cq20s.popularization.events": evidenced(4),  # 12
        "cq20s.consulting.adopted": tagged(("adopted", 2)),  # 10
        "cq20s.self.office": evidenced(),  # 8
        "cq20s.self.informatization": evidenced(),  # 4
        "cq20s.self.inspection": IndicatorFacts(outcome="合格"),  # 4
        "cq20s.self.evaluation": IndicatorFacts(outcome="3A"),  # 4
        "cq20s.bonus.awards": evidenced(1),  # 5 → 3
        "cq20s.bonus.commissions": evidenced(2),  # 10 → 3
        "cq20s.deduction.absent": evidenced(3),  # −3
        "cq20s.deduction.unapproved": evidenced(1),  # −1
    }
    sheet = score(SOCIETY, facts)
    assert sum(v for k, v in sheet.category_scores.items() if k not in {"bonus", "deduction"}) == 87
    assert (sheet.category_scores["bonus"], sheet.category_scores["deduction"]) == (6, -4)
    assert sheet.total == 89 and sheet.total_range == (69, 89)
    # 附件2 has no 有事法则 and no bar on deductions: the reference bands decide.
    assert sheet.grade == "一等" and sheet.conditions == [] and not sheet.components


# ---- 附件3、4 企事业科协 ----------------------------------------------------------


def test_enterprise_deductions_are_capped_at_10():
    facts = everything(ENTERPRISE)
    facts |= {
        "cq20e.bonus.national": evidenced(2),  # 4 → 3
        "cq20e.bonus.city": evidenced(5),  # 5 → 3
        "cq20e.deduction.station": evidenced(2),  # 4
        "cq20e.deduction.project": evidenced(1),  # 2
        "cq20e.deduction.reports": evidenced(2),  # 4
        "cq20e.deduction.other": evidenced(1),  # 2
    }
    sheet = score(ENTERPRISE, facts)
    assert (sheet.category_scores["bonus"], sheet.category_scores["deduction"]) == (6, -10)
    assert sheet.total == 96 and sheet.grade == "特等"
    assert any("扣分合计12分，超过上限10分，按10分计" in n for n in sheet.notes)
    deduction = next(r for r in sheet.results if r.indicator == "cq20e.deduction.station")
    assert deduction.role == "deduction" and deduction.explanation.startswith("扣分项：")


def test_university_table_follows_annex_4():
    assert {c.name: c.points for c in UNIVERSITY.categories if c.role == "base"} == {
        "1.政治引领与学风建设": 30,
        "2.学术交流与技术服务": 30,
        "3.科普工作": 20,
        "4.智库与决策咨询": 10,
        "5.组织建设与宣传": 10,
    }
    facts = {
        "cq20u.popularization.bases": evidenced(),  # 10
        "cq20u.popularization.schools": evidenced(2),  # 10
        "cq20u.thinktank.advice": evidenced(),  # 5
        "cq20u.academic.brand": evidenced(2, support=1.0),  # 0–10, evidence reaching the top: 10
        "cq20u.bonus.national": evidenced(1),  # 2
    }
    sheet = score(UNIVERSITY, facts)
    # The four reviewer-entered deductions wait: they may still take up to 10.
    assert sheet.total == 37 and sheet.total_range == (17, 37) and sheet.grade == "二等"
    assert sheet.pending_range == (-10, 0) and sheet.guaranteed_total == 27
