"""kaohe's per-indicator proposals on real summaries against the reviewer scores given by hand.

Called by `python -m corpora.report --set real-dev-scores|real-test-scores`.
Each scored text is handed to kaohe alone, as TXT, with its rubric and year
(as `kaohe score FILE --rubric ID --year YYYY --json`). An indicator agrees
when kaohe's proposed score lies in the reviewer's [low, high]; it agrees
exactly when it equals the reviewer's score. Totals are the table's own
(before reviewer-entered components), which both sides can read from a text.
On the development part each text's confidence is measured without its own
site's fold (`assess.evidence.holding_out`), since the development scores are
part of the calibration.
"""

from __future__ import annotations

import tempfile
from contextlib import nullcontext
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assess.evidence import holding_out
from corpora.real import TEXTS, RealText, load
from corpora.real.report import fold_of
from corpora.real.scores import EPSILON, SCORES, IndicatorScore, ReviewerScores, load_scores
from rubrics.grading import grade_order
from rubrics.loader import load_rubric

SPLITS = {"real-dev-scores": "development", "real-test-scores": "test"}
WORST = 10
# Confidence bands of the reliability table, lowest first: (label, lower bound).
BANDS = (("<0.5", 0.0), ("0.5–0.8", 0.5), ("≥0.8", 0.8))

Score = Callable[[Path, str, int], dict]


def score_alone(path: Path, rubric_id: str, year: int) -> dict:
    """The contract JSON of `kaohe score PATH --rubric ID --year YEAR`: one file, nothing added."""
    from ingest.pipeline import run_files

    return run_files([path], rubric_id, year, evidence_apart=False)


def score_text(text: RealText, rubric_id: str, folder: Path, score: Score = score_alone) -> dict:
    """kaohe's proposals for one text handed in alone as TXT; a development text's confidence is cross-fitted."""
    path = folder / f"{text.id}.txt"
    path.write_text(text.text, encoding="utf-8")
    with holding_out(fold_of(text.site)) if text.split == "development" else nullcontext():
        return score(path, rubric_id, text.year)


def within(given: IndicatorScore, suggested: float) -> bool:
    """Is a suggested score one a careful reviewer could defensibly give?"""
    return given.low - EPSILON <= suggested <= given.high + EPSILON


def kaohe_table_total(pred: dict) -> float:
    """kaohe's total of the table itself: the assessment component where entered ones are added to it."""
    assessed = [c for c in pred.get("components", []) if not c.get("entered")]
    return float(assessed[0]["score"]) if assessed else float(pred.get("total") or 0.0)


@dataclass
class IndicatorTally:
    """How kaohe's proposals for one indicator compare with the reviewer, over the texts scored."""

    n: int = 0
    within: int = 0
    exact: int = 0
    # Texts where the reviewer's range or kaohe's suggestion is above 0: the agreement that is not both sides
    # leaving an indicator the text never speaks to at 0.
    spoken: int = 0
    spoken_within: int = 0
    spoken_exact: int = 0
    error: float = 0.0
    examples: list[str] = field(default_factory=list)


def _band(confidence: float) -> str:
    return [label for label, low in BANDS if confidence >= low][-1]


def _better(rubric_id: str, grade: str | None, than: str | None) -> bool:
    order = grade_order(load_rubric(rubric_id))
    return grade in order and than in order and order.index(grade) < order.index(than)


def compare(reviewer: ReviewerScores, pred: dict, tallies: dict[str, IndicatorTally]) -> dict:
    """Add one text's per-indicator comparison to `tallies`; the text's totals and how its proposals fared.

    `proposals` holds, for each indicator kaohe gave points, (confidence band, inside the reviewer's range,
    needs_review): what a reliability table needs.
    """
    by_id = {i["id"]: i for i in pred.get("indicators", [])}
    proposals = []
    for ind_id, given in reviewer.indicators.items():
        proposal = by_id.get(ind_id, {})
        suggested = float(proposal.get("proposed_score", 0.0))
        tally = tallies.setdefault(ind_id, IndicatorTally())
        tally.n += 1
        inside = within(given, suggested)
        exact = abs(suggested - given.score) <= EPSILON
        tally.within += inside
        tally.exact += exact
        if given.high > 0 or suggested > 0:
            tally.spoken += 1
            tally.spoken_within += inside
            tally.spoken_exact += exact
        tally.error += abs(suggested - given.score)
        if not inside:
            tally.examples.append(f"{reviewer.text_id}（人工 {given.score:g} [{given.low:g}, {given.high:g}]，kaohe {suggested:g}）")
        if suggested > 0:
            proposals.append((_band(float(proposal.get("confidence", 0.0))), inside, bool(proposal.get("needs_review"))))
    grade = pred.get("grade")
    return {"text": reviewer.text_id, "rubric": reviewer.rubric_id, "reviewer": reviewer.total,
            "kaohe": kaohe_table_total(pred), "kaohe_grade": grade, "reviewer_grade": reviewer.grade,
            "grade_above": _better(reviewer.rubric_id, grade, reviewer.grade), "proposals": proposals}


def reliability(rows: list[dict]) -> list[dict]:
    """Per confidence band, kaohe's scored proposals: how many, the share inside the reviewer's range, and the
    share of those outside it that said `needs_review`."""
    table = []
    for label, _ in BANDS:
        chosen = [(inside, flagged) for row in rows for band, inside, flagged in row["proposals"] if band == label]
        wrong = [flagged for inside, flagged in chosen if not inside]
        table.append({"band": label, "n": len(chosen),
                      "within": sum(inside for inside, _ in chosen) / len(chosen) if chosen else None,
                      "wrong_flagged": sum(wrong) / len(wrong) if wrong else None})
    return table


def _totals(rows: list[dict]) -> dict:
    """Mean absolute and mean signed error of kaohe's table totals (kaohe minus reviewer)."""
    return {"texts": len(rows),
            "total_mae": sum(abs(r["kaohe"] - r["reviewer"]) for r in rows) / len(rows) if rows else None,
            "total_bias": sum(r["kaohe"] - r["reviewer"] for r in rows) / len(rows) if rows else None}


def summarize(tallies: dict[str, IndicatorTally], totals: list[dict]) -> dict:
    n = sum(t.n for t in tallies.values())
    spoken = sum(t.spoken for t in tallies.values())
    # Most texts outside the reviewer's range first: an indicator of a rubric few texts use does not crowd out
    # one that is wrong as often on many.
    disagree = sorted(tallies.items(), key=lambda kv: (kv[1].within - kv[1].n, -kv[1].error, kv[0]))
    return {
        "indicators": n,
        "within_range": sum(t.within for t in tallies.values()) / n if n else None,
        "exact": sum(t.exact for t in tallies.values()) / n if n else None,
        "spoken": spoken,
        "spoken_within_range": sum(t.spoken_within for t in tallies.values()) / spoken if spoken else None,
        "spoken_exact": sum(t.spoken_exact for t in tallies.values()) / spoken if spoken else None,
        **_totals(totals),
        "per_rubric": {rubric: _totals([r for r in totals if r["rubric"] == rubric])
                       for rubric in sorted({r["rubric"] for r in totals})},
        "grades_above": [r["text"] for r in totals if r["grade_above"]],
        "graded": sum(r["reviewer_grade"] is not None for r in totals),
        "reliability": reliability(totals),
        "per_text": [{k: v for k, v in r.items() if k != "proposals"} for r in totals],
        "worst": [{"indicator": i, "n": t.n, "outside": t.n - t.within, "within": t.within / t.n, "exact": t.exact / t.n,
                   "mean_error": t.error / t.n, "examples": t.examples[:3]}
                  for i, t in disagree[:WORST] if t.within < t.n],
    }


def run(set_name: str, score: Score = score_alone, folder: Path = SCORES, texts: list[RealText] | None = None,
        text_folder: Path = TEXTS) -> dict:
    """The agreement report for the scored texts of one part of the corpus."""
    by_id = {t.id: t for t in (texts if texts is not None else load(SPLITS[set_name]))}
    reviewed = [r for r in load_scores(folder, text_folder) if r.text_id in by_id]
    tallies: dict[str, IndicatorTally] = {}
    totals = []
    with tempfile.TemporaryDirectory() as tmp:
        for reviewer in reviewed:
            pred = score_text(by_id[reviewer.text_id], reviewer.rubric_id, Path(tmp), score)
            totals.append(compare(reviewer, pred, tallies))
    return summarize(tallies, totals)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def format_report(report: dict) -> str:
    if not report["texts"]:
        return "没有可比较的人工评分文件"
    out = [
        f"人工评分的真实总结 {report['texts']} 篇，指标 {report['indicators']} 项",
        f"kaohe 建议分落在评审区间内：{_pct(report['within_range'])}；与评审分完全一致：{_pct(report['exact'])}",
        f"其中评审或 kaohe 至少一方给分的 {report['spoken']} 项：区间内 {_pct(report['spoken_within_range'])}；"
        f"完全一致 {_pct(report['spoken_exact'])}（其余是文本没讲、双方都给 0 的指标）",
        f"评分表合计的平均绝对误差：{report['total_mae']:.2f} 分（kaohe 减评审的平均值 {report['total_bias']:+.2f} 分）",
        f"评审能定等次的 {report['graded']} 篇中，kaohe 建议等次高于评审的：{len(report['grades_above'])} 篇"
        + (f"（{'、'.join(report['grades_above'])}）" if report["grades_above"] else ""),
        "",
        "按评分表：",
        *[f"  {rubric}：{row['texts']} 篇，合计平均绝对误差 {row['total_mae']:.2f} 分（平均 {row['total_bias']:+.2f} 分）"
          for rubric, row in report["per_rubric"].items()],
        "",
        "置信度与对错（kaohe 给了分的建议；“对”= 落在评审区间内）：",
    ]
    for row in report["reliability"]:
        out.append(f"  置信度 {row['band']}：{row['n']} 项，对 {_pct(row['within'])}；"
                   f"错的当中标了需复核 {_pct(row['wrong_flagged'])}")
    out += [
        "",
        "各篇合计（评分表本身，不含待录入分项）：",
    ]
    for row in report["per_text"]:
        out.append(f"  {row['text']}  {row['rubric']}  评审 {row['reviewer']:g}  kaohe {row['kaohe']:g}"
                   f"  差 {row['kaohe'] - row['reviewer']:+g}")
    out += ["", "分歧最多的指标（落在区间外的篇数、区间内比例、完全一致比例、平均差）："]
    for w in report["worst"]:
        out.append(f"  {w['indicator']}  {w['outside']}/{w['n']} 篇在区间外  区间内 {_pct(w['within'])}  一致 {_pct(w['exact'])}"
                   f"  平均差 {w['mean_error']:.2f}")
        out += [f"    例：{e}" for e in w["examples"]]
    return "\n".join(out)
