"""What kaohe suggests where a reviewer decides: discretionary ranges, pending entries, weak evidence."""

from pathlib import Path

from typer.testing import CliRunner

from ingest.cli import app
from ingest.pipeline import run_files

# A weak Chongqing society's summary: every line says that something was done,
# none says when, where, with whom or how many (issue 12: a reviewer put such a
# society at about 58, within 53–66; kaohe had suggested 87 and 一等).
THIN = (Path(__file__).resolve().parents[1] / "fixtures" / "thin-chongqing-summary.txt").read_text(encoding="utf-8")
REVIEWER = (53, 66)

# The same party work told as a careful society tells it: dated, placed, counted.
STRONG_PARTY = """重庆市某某学会2020年度工作总结

一、加强党建工作
3月12日，学会党支部在渝中区组织38名党员开展主题党日活动。
5月20日，学会党委在重庆市科技馆举办党史学习教育专题报告会，参加党员120人。
6月28日，学会党支部在红岩革命纪念馆组织45名党员开展“重温入党誓词”主题党日活动。
7月1日，学会党委在沙坪坝区召开庆祝建党99周年党员大会，参会党员150余人。
9月16日，学会党支部在北碚区组织30名党员学习党的十九届五中全会精神。
11月5日，学会党委在江北区举办科技工作者政治引领专题培训班，培训党员和科技工作者200人。
"""
WEAK_PARTY = """重庆市某某学会2020年度工作总结

一、加强党建工作
学会党支部组织全体党员开展了主题党日活动。
"""


def score_text(tmp_path: Path, text: str, rubric: str = "chongqing-2020-society") -> dict:
    path = tmp_path / "工作总结.txt"
    path.write_text(text, encoding="utf-8")
    return run_files([path], rubric, 2020)


def indicator(result: dict, indicator_id: str) -> dict:
    return next(p for p in result["indicators"] if p["id"] == indicator_id)


def test_a_thin_chongqing_summary_is_not_suggested_a_top_grade_and_its_range_holds_the_reviewers(tmp_path):
    result = score_text(tmp_path, THIN)
    assert result["grade"] not in ("特等", "一等")
    low, high = result["total_range"]
    assert low <= REVIEWER[0] and REVIEWER[1] <= high
    party = indicator(result, "cq20s.guidance.party")
    assert party["proposed_score"] < 10 and party["score_range"] == [0, 20]


def test_discretionary_suggestion_rises_with_the_evidence_and_never_reaches_the_top_by_default(tmp_path):
    weak = indicator(score_text(tmp_path, WEAK_PARTY), "cq20s.guidance.party")
    strong = indicator(score_text(tmp_path, STRONG_PARTY), "cq20s.guidance.party")
    assert 0 < weak["proposed_score"] < strong["proposed_score"] < 20
    assert weak["score_range"] == strong["score_range"] == [0, 20]
    assert weak["needs_review"] and strong["needs_review"]


def test_reviewer_entered_deductions_are_pending_and_the_grade_waits_for_them(tmp_path):
    result = score_text(tmp_path, THIN)
    assert result["pending"] == ["cq20s.deduction.absent", "cq20s.deduction.unapproved"]
    assert result["pending_range"] == [-10, 0]
    # The grade is given on what the known part guarantees: the total less what the deductions may still take.
    assert result["guaranteed_total"] == result["total"] - 10
    absent = indicator(result, "cq20s.deduction.absent")
    assert absent["pending"] and absent["score_range"] == [0, 10] and "尚未录入" in absent["review_reasons"][0]
    assert any(n.startswith("待评审录入：") and "学术活动未报批或备案" in n for n in result["notes"])


def test_the_cli_table_says_which_items_wait(tmp_path):
    path = tmp_path / "工作总结.txt"
    path.write_text(THIN, encoding="utf-8")
    out = CliRunner().invoke(app, ["score", str(path), "--rubric", "chongqing-2020-society", "--year", "2020"]).output
    assert "待录入（0–10）" in out and "材料支持的部分" in out and "待录入项可变化 -10 至 +0 分" in out


def test_an_incidental_keyword_outside_any_event_is_reviewed_with_its_reason_and_may_be_worth_nothing(tmp_path):
    result = score_text(tmp_path, "重庆市某某学会2020年度工作总结\n\n学会副理事长王某某是市信息化专家委员会委员。\n")
    informatization = indicator(result, "cq20s.self.informatization")
    assert informatization["proposed_score"] == 4 and informatization["score_range"] == [0, 4]
    assert informatization["needs_review"]
    assert any("仅凭一句陈述中的关键词" in r for r in informatization["review_reasons"])
    assert result["total_range"][0] < result["total_range"][1]
