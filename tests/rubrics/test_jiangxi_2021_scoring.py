"""Hand-worked scores from the Jiangxi 2021 table (赣科协字〔2021〕135号 附件1)."""

from datetime import date

from rubrics.engine import score, score_indicator
from rubrics.loader import load_rubric, rubric_sha256
from rubrics.schema import Entered, FactItem, IndicatorFacts

RUBRIC = load_rubric("jiangxi-2021-society")


def meetings(*levels: tuple[str, int]) -> IndicatorFacts:
    return IndicatorFacts(items=[FactItem(level=level, count=n) for level, n in levels])


def result(indicator_id: str, facts: IndicatorFacts):
    return score_indicator(RUBRIC.indicator(indicator_id), facts)


def evidenced(n: int = 1) -> IndicatorFacts:
    return IndicatorFacts(items=[FactItem(count=n)])


def test_one_international_and_two_provincial_meetings_make_18():
    r = result("jx21.capability.academic", meetings(("international", 1), ("provincial", 2)))
    assert (r.score, r.score_range, r.max) == (18, (18, 18), 20)
    assert r.explanation == "国际性学术会议1次×10 + 全省性学术会议2次×4 = 18 ≤ 20，得18分"


def test_three_national_and_one_provincial_are_capped_at_20():
    r = result("jx21.capability.academic", meetings(("national", 3), ("provincial", 1)))
    assert r.score == 20
    assert "全国或区域性学术会议3次×6 + 全省性学术会议1次×4 = 22" in r.explanation
    assert "封顶20分（原始计算22分）" in r.explanation


def test_regional_meetings_score_as_national_and_city_meetings_not_at_all():
    r = result("jx21.capability.academic", meetings(("regional", 1), ("municipal", 2)))
    assert r.score == 6
    assert "另有2次（市级）不在计分范围" in r.explanation
    only_city = result("jx21.capability.academic", meetings(("municipal", 1)))
    assert only_city.score == 0 and "市级" in only_city.explanation


def test_no_meetings_found():
    r = result("jx21.capability.academic", IndicatorFacts())
    assert r.score == 0 and r.explanation == "未找到相关材料 得0分"


def popularization(team: bool, events: int) -> IndicatorFacts:
    parts = {"events": evidenced(events)} if events else {}
    if team:
        parts["team"] = evidenced()
    return IndicatorFacts(parts=parts)


def test_six_popularization_events_and_a_team_make_7():
    r = result("jx21.popularization.activities", popularization(team=True, events=6))
    assert r.score == 7
    assert "五次以上（6次）得5分" in r.explanation and "合计7分" in r.explanation


def test_four_events_without_a_team_make_2():
    r = result("jx21.popularization.activities", popularization(team=False, events=4))
    assert r.score == 2
    assert "五次以下（4次）得2分" in r.explanation
    assert "组建科技志愿服务队伍：未找到相关材料 得0分" in r.explanation


def test_exactly_five_events_is_five_or_more():
    assert result("jx21.popularization.activities", popularization(team=False, events=5)).score == 5


def test_science_day_and_ganpo_lectures_are_separate_parts():
    science_day = IndicatorFacts(parts={"science_day": evidenced()})
    both = IndicatorFacts(parts={"science_day": evidenced(), "ganpo": evidenced(3)})
    assert result("jx21.popularization.campaigns", science_day).score == 3
    assert result("jx21.popularization.campaigns", both).score == 8


def test_adopted_advice_plus_other_consulting_make_6():
    facts = IndicatorFacts(items=[FactItem(tag="adopted"), FactItem(tag="consulting", count=2)])
    r = result("jx21.service.consulting", facts)
    assert r.score == 6
    assert "被采纳或获批示的建议1项计4 + 其他决策咨询2项计2 = 6" in r.explanation


def test_many_unadopted_reports_still_score_2():
    assert result("jx21.service.consulting", IndicatorFacts(items=[FactItem(tag="consulting", count=5)])).score == 2


def test_annual_inspection_outcomes():
    passed = result("jx21.self.inspection", IndicatorFacts(outcome="合格"))
    assert (passed.score, passed.vetoed, passed.explanation) == (5, False, "年检合格 得5分")
    mentioned = result("jx21.self.inspection", evidenced())
    assert mentioned.score == 5 and "未写明结果" in mentioned.explanation
    silent = result("jx21.self.inspection", IndicatorFacts())
    assert (silent.score, silent.vetoed) == (0, False)
    assert "不据此否决" in silent.explanation


def full_marks() -> dict[str, IndicatorFacts]:
    """Everything a model society could show (total 100)."""
    facts = {ind.id: evidenced() for _, _, ind in RUBRIC.indicators()}
    facts["jx21.capability.academic"] = meetings(("international", 2))
    facts["jx21.service.consulting"] = IndicatorFacts(items=[FactItem(tag="adopted"), FactItem(tag="consulting")])
    facts["jx21.popularization.activities"] = popularization(team=True, events=12)
    facts["jx21.popularization.campaigns"] = IndicatorFacts(parts={"science_day": evidenced(), "ganpo": evidenced()})
    facts["jx21.self.inspection"] = IndicatorFacts(outcome="合格")
    return facts


def test_a_model_society_scores_100_and_is_excellent():
    sheet = score(RUBRIC, full_marks(), sha256=rubric_sha256(RUBRIC.id))
    assert sheet.total == 100 and sheet.total_range == (100, 100)
    assert sheet.category_scores == {"party": 18, "capability": 27, "service": 25, "popularization": 15, "self": 15}
    assert sheet.grade == "优秀" and not sheet.vetoed
    assert sheet.rubric == RUBRIC.id and len(sheet.rubric_sha256) == 64
    # Rank grading: a single submission is graded by the reference bands, and says so.
    assert any("参考分数线" in note for note in sheet.notes)


def test_failed_inspection_vetoes_whatever_the_total():
    facts = full_marks()
    facts["jx21.self.inspection"] = IndicatorFacts(outcome="不合格")
    sheet = score(RUBRIC, facts)
    assert sheet.total == 95 and sheet.vetoed and sheet.grade == "不合格"
    assert any("一票否决" in note and "年检不合格" in note for note in sheet.notes)


def test_no_inspection_vetoes_too():
    facts = full_marks()
    facts["jx21.self.inspection"] = IndicatorFacts(outcome="未年检")
    assert score(RUBRIC, facts).grade == "不合格"


def test_a_typical_society_grade_by_reference_bands():
    facts = full_marks()
    facts["jx21.capability.academic"] = meetings(("provincial", 2))  # 8 of 20
    facts["jx21.popularization.campaigns"] = IndicatorFacts(parts={"science_day": evidenced()})  # 3 of 8
    facts["jx21.party.room"] = IndicatorFacts()  # 0 of 3
    sheet = score(RUBRIC, facts)
    assert sheet.total == 100 - 12 - 5 - 3
    assert sheet.grade == "良好"
    assert sheet.category_scores["capability"] == 15


def test_nothing_found_at_all():
    sheet = score(RUBRIC, {})
    assert sheet.total == 0 and sheet.grade == "不合格" and not sheet.vetoed
    assert len(sheet.results) == 22
    assert all(r.explanation for r in sheet.results)


def test_materials_after_the_deadline_are_graded_not_qualified():
    on_time = score(RUBRIC, full_marks(), entered=Entered(submitted=date(2021, 11, 30)))
    assert on_time.grade == "优秀" and on_time.conditions == []
    late = score(RUBRIC, full_marks(), entered=Entered(submitted=date(2021, 12, 1)))
    assert late.total == 100 and late.grade == "不合格" and late.conditions == ["late"]
    assert any("未在2021年11月30日前提供佐证材料：考核等次定为不合格" in n for n in late.notes)


def test_the_sheet_names_the_exact_rubric_file_it_used():
    sheet = score(RUBRIC, {})
    assert sheet.rubric_sha256 == rubric_sha256(RUBRIC.id) == RUBRIC.content_sha256
