"""Reviewer scores by hand for real summaries: the files are checked against text and rubric, and the
report counts agreement with kaohe the way the guide defines it."""

from __future__ import annotations

import json

import pytest

from corpora.real import RealText, text_id
from corpora.real.scores import SCORES, load_scores, problems
from corpora.real.scores.report import run
from rubrics.loader import load_rubric

RUBRIC = "jiangxi-2021-society"


def society_summary(url: str, text: str) -> RealText:
    return RealText(text_id(url), url, "summary", 2021, "江西省某某学会", text, [])


ANNUAL = society_summary(
    "https://example.org.cn/a/1.html",
    "江西省某某学会2021年工作总结\n一、学术交流\n6月18日，学会在南昌举办2021年学术年会，参会代表300余人。\n"
    "二、自身建设\n学会按时参加年检，年检结果为合格。学会专家库收录专家120名。",
)
BRIEF = society_summary(
    "https://example.org.cn/a/2.html",
    "某某学会2021年工作总结\n学会召开四届三次理事会，审议通过年度工作报告。本年度理事长张某当选中国科协委员。",
)


def score_file(text: RealText, given: dict[str, tuple[float, float, float, str]], rubric_id: str = RUBRIC,
               grade: str | None = None, pending: tuple[str, ...] = ()) -> dict:
    """A complete file: every leaf indicator, those not given at 0 with range [0, 0]."""
    rubric = load_rubric(rubric_id)
    indicators = {ind.id: {"score": 0, "low": 0, "high": 0, "quote": ""} for _, _, ind in rubric.indicators()}
    for ind_id, (score, low, high, quote) in given.items():
        indicators[ind_id] = {"score": score, "low": low, "high": high, "quote": quote}
    total = sum(e["score"] for e in indicators.values())
    return {"text_id": text.id, "rubric": rubric_id, "scorer": "h21", "indicators": indicators, "total": total,
            "grade": grade, "pending": list(pending)}


ANNUAL_SCORES = {
    "jx21.capability.academic": (4, 4, 4, "6月18日，学会在南昌举办2021年学术年会"),
    "jx21.self.inspection": (5, 5, 5, "年检结果为合格"),
    "jx21.self.members": (2, 0, 2, "学会专家库收录专家120名"),
}
BRIEF_SCORES = {"jx21.self.governance": (2, 2, 2, "学会召开四届三次理事会")}


def test_a_correct_file_has_no_problems():
    assert problems(score_file(ANNUAL, ANNUAL_SCORES), ANNUAL) == []


def test_each_kind_of_mistake_is_named():
    raw = score_file(ANNUAL, ANNUAL_SCORES)
    del raw["indicators"]["jx21.self.media"]
    raw["indicators"]["jx21.capability.conference"] = {"score": 0, "low": 0, "high": 0, "quote": ""}
    raw["indicators"]["jx21.capability.academic"] = {"score": 24, "low": 4, "high": 24,
                                                     "quote": "6月18日，学会在南昌举办2021年学术年会"}
    raw["indicators"]["jx21.self.inspection"]["quote"] = "年检结果为优秀"
    raw["indicators"]["jx21.self.members"]["quote"] = ""
    found = "\n".join(problems(raw, ANNUAL))
    assert "缺少指标 jx21.self.media" in found
    assert "没有指标 jx21.capability.conference" in found
    assert "jx21.capability.academic：应满足 0 ≤ low ≤ score ≤ high ≤ 满分 20" in found
    assert "jx21.self.inspection：引文在原文中找不到" in found
    assert "jx21.self.members：可能得分（上限 2）却没有引文" in found


def test_a_total_that_is_not_the_sum_and_a_grade_a_rank_rubric_cannot_give_are_named():
    raw = score_file(ANNUAL, ANNUAL_SCORES)
    raw["total"], raw["grade"] = 12, "合格"
    found = "\n".join(problems(raw, ANNUAL))
    assert "total 应为各指标之和 11" in found
    assert "grade 应为 None" in found


def test_every_committed_score_file_is_valid():
    assert len(load_scores()) == len(list(SCORES.glob("*.json")))


def _kaohe(suggested: dict[str, dict[str, tuple[float, float, bool]]], grades: dict[str, str] | None = None):
    """A stand-in for `kaohe score --json`: per indicator (score, confidence, needs_review), their table total."""
    def score(path, rubric_id, year):
        proposals = suggested[path.stem]
        return {"indicators": [{"id": i, "proposed_score": s, "confidence": c, "needs_review": r}
                               for i, (s, c, r) in proposals.items()],
                "total": sum(s for s, _, _ in proposals.values()), "grade": (grades or {}).get(path.stem)}
    return score


def _corpus(tmp_path, scored: list[tuple[RealText, dict]]):
    """Score files in `tmp_path`, their texts in `tmp_path/texts`."""
    texts = tmp_path / "texts"
    texts.mkdir()
    for text, raw in scored:
        (tmp_path / f"{text.id}.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
        (texts / f"{text.id}.json").write_text(json.dumps(
            {"id": text.id, "url": text.url, "genre": text.genre, "year": text.year, "body": text.body,
             "text": text.text, "activities": []}, ensure_ascii=False), encoding="utf-8")
    return texts


def test_the_report_counts_agreement_within_the_range_and_exactly(tmp_path):
    texts = _corpus(tmp_path, [(ANNUAL, score_file(ANNUAL, ANNUAL_SCORES)), (BRIEF, score_file(BRIEF, BRIEF_SCORES))])
    kaohe = _kaohe({
        # Academic right, 年检 right, members 1 (inside [0, 2], not exact), media 2 where the text says nothing.
        ANNUAL.id: {"jx21.capability.academic": (4, 0.9, False), "jx21.self.inspection": (5, 0.9, False),
                    "jx21.self.members": (1, 0.6, False), "jx21.self.media": (2, 0.9, False)},
        # Governance missed; 2 talent points from a title ("当选中国科协委员"), sent for review.
        BRIEF.id: {"jx21.self.talent": (2, 0.85, True)},
    })
    report = run("real-dev-scores", kaohe, folder=tmp_path, texts=[ANNUAL, BRIEF], text_folder=texts)
    leaves = len(load_rubric(RUBRIC).indicators())
    assert report["texts"] == 2 and report["indicators"] == 2 * leaves
    outside = 3  # media on ANNUAL; governance and talent on BRIEF
    assert report["within_range"] == pytest.approx((2 * leaves - outside) / (2 * leaves))
    assert report["exact"] == pytest.approx((2 * leaves - outside - 1) / (2 * leaves))
    # Indicators either side scores: academic, 年检, members, media; governance, talent.
    assert report["spoken"] == 6
    assert report["spoken_within_range"] == pytest.approx(3 / 6)
    assert report["spoken_exact"] == pytest.approx(2 / 6)
    # ANNUAL: kaohe 12 against 11; BRIEF: kaohe 2 against 2.
    assert report["total_mae"] == pytest.approx(0.5)
    assert report["per_rubric"][RUBRIC]["total_bias"] == pytest.approx(0.5)
    worst = {w["indicator"]: w for w in report["worst"]}
    assert set(worst) == {"jx21.self.media", "jx21.self.governance", "jx21.self.talent"}
    assert worst["jx21.self.governance"]["within"] == 0.5
    bands = {row["band"]: row for row in report["reliability"]}
    assert bands["≥0.8"]["n"] == 4 and bands["≥0.8"]["within"] == 0.5 and bands["≥0.8"]["wrong_flagged"] == 0.5
    assert bands["0.5–0.8"]["n"] == 1 and bands["0.5–0.8"]["within"] == 1.0
    assert bands["<0.5"]["n"] == 0


DISTRICT = RealText(text_id("https://example.gov.cn/kx/1.html"), "https://example.gov.cn/kx/1.html", "summary",
                    2021, "某某区科协", "区科协2021年工作总结\n5月，区科协在广场举办科技活动周启动仪式，发放科普资料2000份。",
                    [])


def test_a_grade_better_than_the_reviewer_can_read_is_counted(tmp_path):
    given = {"cq20d.popularization.events": (5, 5, 5, "区科协在广场举办科技活动周启动仪式")}
    raw = score_file(DISTRICT, given, "chongqing-2020-district", grade="二等", pending=("ccast", "clients"))
    assert problems(raw, DISTRICT) == []
    texts = _corpus(tmp_path, [(DISTRICT, raw)])
    kaohe = _kaohe({DISTRICT.id: {"cq20d.popularization.events": (5, 0.9, False)}}, grades={DISTRICT.id: "一等"})
    report = run("real-dev-scores", kaohe, folder=tmp_path, texts=[DISTRICT], text_folder=texts)
    assert report["graded"] == 1 and report["grades_above"] == [DISTRICT.id]


def test_a_grade_the_pending_components_could_still_change_is_not_given():
    # 75 points of the table make 52.5 weighted; the 30 entered points still pending could lift it past 一等's 80.
    strong = RealText(DISTRICT.id, DISTRICT.url, "summary", 2021, DISTRICT.body, DISTRICT.text, [])
    rubric = load_rubric("chongqing-2020-district")
    given = {ind.id: (ind.max, 0, ind.max, "区科协在广场举办科技活动周启动仪式")
             for _, _, ind in rubric.indicators()[:14]}
    raw = score_file(strong, given, "chongqing-2020-district", grade="二等", pending=("ccast", "clients"))
    assert sum(e["score"] for e in raw["indicators"].values()) == 75
    assert "grade 应为 None" in "\n".join(problems(raw, strong))
