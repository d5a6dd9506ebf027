"""The accuracy report scores a perfect reading as perfect and notices what a reading gets wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpora.report import align, evaluate, format_report, run, summarize

GOLD_DIR = Path(__file__).resolve().parents[2] / "corpora" / "gold"
GOLD = json.loads((GOLD_DIR / "03_kangfu.json").read_text(encoding="utf-8"))
FIELDS = ("type", "date_start", "date_end", "level", "participants", "views", "count", "status", "location")


def prediction(gold: dict) -> dict:
    """What a flawless kaohe would answer: the contract JSON rebuilt from the gold."""
    activities = [
        {"id": f"a{i}", **{f: a[f] for f in FIELDS}, "title": a["title"],
         "evidence": [{"document": "d1", "page": 1, "start": 0, "end": len(a["quote"]), "text": a["quote"]}]}
        for i, a in enumerate(gold["activities"])
    ]
    indicators = []
    for ind, g in gold["indicators"].items():
        ids = [f"a{i}" for i, a in enumerate(gold["activities"]) if ind in a["indicators"]]
        evidence = [{"text": s["quote"]} for s in gold["statements"] if ind in s["indicators"]]
        indicators.append({"id": ind, "proposed_count": g["count"], "proposed_score": g["score"],
                           "activities": ids, "evidence": evidence})
    return {"activities": activities, "indicators": indicators, "total": gold["total"], "grade": gold["grade"]}


def test_perfect_prediction_scores_one():
    s = summarize([evaluate(GOLD, prediction(GOLD))])
    assert s["detection"]["precision"] == s["detection"]["recall"] == 1.0
    assert all(f["accuracy"] == 1.0 for f in s["fields"].values())
    assert all(v["count_accuracy"] == 1.0 and v["score_mae"] == 0 for v in s["indicators"].values())
    assert all(v["recall"] in (1.0, None) and v["precision"] in (1.0, None) for v in s["indicators"].values())
    assert s["total"] == {"mae": 0.0, "max_error": 0.0, "grade_agreement": 1.0}


def test_a_missing_activity_lowers_recall_not_precision():
    pred = prediction(GOLD)
    del pred["activities"][3]
    d = summarize([evaluate(GOLD, pred)])["detection"]
    assert d["precision"] == 1.0
    assert d["recall"] == pytest.approx((len(GOLD["activities"]) - 1) / len(GOLD["activities"]))


def test_a_wrong_date_lowers_date_accuracy():
    pred = prediction(GOLD)
    dated = next(a for a in pred["activities"] if a["date_start"])
    dated["date_start"] = "2021-03-10"  # "3.10月15日" read as March 10
    f = summarize([evaluate(GOLD, pred)])["fields"]["date_start"]
    assert f["accuracy"] < 1.0 and f["precision"] < 1.0 and f["recall"] < 1.0
    assert summarize([evaluate(GOLD, pred)])["fields"]["type"]["accuracy"] == 1.0


def test_pdf_evidence_with_line_breaks_still_aligns():
    pred = prediction(GOLD)
    for a in pred["activities"]:
        text = a["evidence"][0]["text"]
        a["evidence"][0]["text"] = text[:10] + "\n" + text[10:] + " 下一句。"
    assert len(align(GOLD["activities"], pred["activities"])) == len(GOLD["activities"])


def test_statement_picked_up_as_activity_is_no_false_alarm_but_filler_is():
    pred = prediction(GOLD)
    pred["activities"].append({"id": "s", "type": "party_building", "evidence": [{"text": GOLD["statements"][0]["quote"]}]})
    assert summarize([evaluate(GOLD, pred)])["detection"]["precision"] == 1.0
    pred["activities"].append({"id": "f", "type": "other", "evidence": [{"text": "在此，向一年来关心支持学会工作的各级领导表示衷心感谢！"}]})
    assert summarize([evaluate(GOLD, pred)])["detection"]["precision"] < 1.0


def test_wrong_indicator_assignment_and_total_are_reported():
    pred = prediction(GOLD)
    academic = next(i for i in pred["indicators"] if i["id"] == "jx21.capability.academic")
    academic["activities"] = academic["activities"][:1]
    academic["proposed_count"] = 1
    pred["total"] = GOLD["total"] - 16
    pred["grade"] = "合格"
    s = summarize([evaluate(GOLD, pred)])
    assert s["indicators"]["jx21.capability.academic"]["recall"] < 1.0
    assert s["indicators"]["jx21.capability.academic"]["count_accuracy"] == 0.0
    assert s["total"]["mae"] == 16 and s["total"]["grade_agreement"] == 0.0


def test_run_reports_docx_and_pdf_apart_with_an_injected_predictor():
    golds = {g.stem: json.loads(g.read_text(encoding="utf-8")) for g in GOLD_DIR.glob("*.json")}
    report = run(kind="all", predict=lambda paths, rubric, year: prediction(golds[paths[0].stem]))
    assert set(report["kinds"]) == {"docx", "pdf", "all"}
    assert report["kinds"]["pdf"]["documents"] == len(golds)
    assert report["kinds"]["all"]["detection"]["f1"] == 1.0
    text = format_report(report)
    assert "活动识别" in text and "总分平均绝对误差" in text


def test_the_reliability_table_gives_the_share_right_per_confidence_bin():
    pred = prediction(GOLD)
    confident, doubtful = pred["indicators"][0], pred["indicators"][1]
    for i in pred["indicators"]:
        i["confidence"] = 0.9
    doubtful["confidence"] = 0.55
    doubtful["proposed_score"] += 1
    confident["confidence"] = 0.85
    confident["proposed_score"] += 1
    rows = summarize([evaluate(GOLD, pred)])["reliability"]
    n = len(pred["indicators"])
    by_bin = {(r["from"], r.get("trusted", False)): r for r in rows}
    assert by_bin[(0.5, False)] == {"from": 0.5, "to": 0.6, "count": 1, "right": 0.0}
    assert by_bin[(0.8, False)]["count"] == 1 and by_bin[(0.9, False)]["right"] == 1.0
    trusted = by_bin[(0.8, True)]
    assert trusted["count"] == n - 1 and trusted["right"] == (n - 2) / (n - 1)
    assert "置信度可靠性" in format_report({"kinds": {"docx": summarize([evaluate(GOLD, pred)])}})
