"""Hand-worked scores from the Zhejiang 2020 table (浙科协学发〔2020〕27号 附表)."""

from rubric_facts import evidenced, result
from rubrics.engine import score
from rubrics.loader import load_rubric
from rubrics.schema import FactItem, IndicatorFacts

RUBRIC = load_rubric("zhejiang-2020-society")


def test_categories_and_items_follow_the_table():
    assert {c.name: c.points for c in RUBRIC.categories} == {
        "为科技工作者服务": 35,
        "为创新驱动发展服务": 15,
        "为提高全民素质服务": 12,
        "为党和政府决策咨询服务": 10,
        "加强自身建设": 28,
    }
    assert len(RUBRIC.indicators()) == 25
    assert [g.name for g in RUBRIC.categories[4].groups] == ["组织建设", "财务管理", "社团评估", "本职职能", "其他"]


def test_training_needs_two_sessions_a_year():
    assert result(RUBRIC, "zj20.workers.training", evidenced(1)).explanation == "1期，未达到最低档（2期）得0分"
    assert result(RUBRIC, "zj20.workers.training", evidenced(3)).score == 2


def test_rating_of_4a_or_better():
    assert result(RUBRIC, "zj20.self.rating", IndicatorFacts(outcome="4A")).score == 5
    assert result(RUBRIC, "zj20.self.rating", IndicatorFacts(outcome="AAAAA")).score == 5
    three = result(RUBRIC, "zj20.self.rating", IndicatorFacts(outcome="AAA"))
    assert three.score == 0 and three.explanation == "社团等级评估AAA 得0分"


def test_inspection_passed_at_first_attempt():
    assert result(RUBRIC, "zj20.self.inspection", IndicatorFacts(outcome="一次性通过")).score == 2
    assert result(RUBRIC, "zj20.self.inspection", IndicatorFacts(outcome="基本合格")).score == 0


def test_only_endorsed_advice_scores_and_once():
    adopted = IndicatorFacts(items=[FactItem(tag="adopted", count=2), FactItem(tag="consulting")])
    r = result(RUBRIC, "zj20.consulting.endorsed", adopted)
    assert r.score == 5 and "获得批示或被采纳推广的建议2项计5" in r.explanation
    assert result(RUBRIC, "zj20.consulting.endorsed", evidenced(3, tag="consulting")).score == 0


def test_content_without_arithmetic_is_for_the_reviewer_to_grade():
    r = result(RUBRIC, "zj20.workers.academic", evidenced(2, level="national"))
    assert (r.score, r.score_range) == (5, (0, 10))
    assert "需评审确定" in r.explanation


def test_a_full_table_scores_100_without_a_grade():
    facts = {ind.id: evidenced(3, support=1.0, level="national", tag="adopted") for _, _, ind in RUBRIC.indicators()}
    facts["zj20.self.rating"] = IndicatorFacts(outcome="4A")
    sheet = score(RUBRIC, facts)
    assert sheet.total == 100 and sheet.grade is None and not sheet.vetoed
    fixed = 2 + 5 + 3 + 1 + 5 + 1 + 2 + 2  # training, endorsed, accountant, evaluation, rating, catalogue, functions, inspection
    assert sheet.total_range == (fixed, 100)
    assert any("未规定考核等次" in n for n in sheet.notes)
