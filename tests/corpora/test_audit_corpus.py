"""The audit corpus's gold agrees with its files and the rubric, and the audit report scores against it.

These check the labels and the measuring, not kaohe: how well kaohe audits
the submissions is what `python -m corpora.audit_report` prints.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import openpyxl
import pdfplumber
import pytest

from corpora.audit import SETS, summary_source
from corpora.audit.model import FINDING_KINDS, ROLES
from corpora.audit_report import cer, evaluate, format_report, load_gold, run, summarize
from rubrics.loader import load_rubric

ROOT = Path(__file__).resolve().parents[2]
AUDIT = ROOT / "corpora" / "audit"
GOLDS = load_gold()
HELDOUT = load_gold(corpus=SETS["heldout"])
FOLDERS = {g["key"]: SETS[name].submissions / g["key"] for name in SETS for g in load_gold(corpus=SETS[name])}
IMAGES = (".jpg", ".jpeg", ".png")


def _folder(gold: dict) -> Path:
    return FOLDERS[gold["key"]]


def _sample(gold: dict) -> dict:
    return json.loads(summary_source(gold["sample"])[1].read_text(encoding="utf-8"))


def test_the_corpus_has_every_case_the_audit_must_catch():
    assert 8 <= len(GOLDS) <= 10
    kinds = [f["kind"] for g in GOLDS for f in g["audit"]["findings"]]
    assert set(kinds) == set(FINDING_KINDS)
    assert any(not g["audit"]["findings"] for g in GOLDS), "an honest submission"
    assert kinds.count("sum_mismatch") == 1
    roles = {role for g in GOLDS for role in g["roles"].values()}
    assert roles == set(ROLES)
    scans = [s for g in GOLDS for s in g["scans"]]
    assert {s["quality"] for s in scans} == {"clean", "degraded"}
    assert any(f.endswith(".pdf") for f in (s["file"] for s in scans)), "an image-only PDF"
    assert any(g["evidence_only"] for g in GOLDS)
    size = sum(p.stat().st_size for p in (AUDIT / "submissions").rglob("*") if p.is_file())
    assert size < 6_000_000


def test_the_heldout_set_is_written_on_societies_the_tuning_set_never_uses():
    assert len(HELDOUT) >= 10
    assert not {g["key"] for g in HELDOUT} & {g["key"] for g in GOLDS}
    assert not {g["sample"] for g in HELDOUT} & {g["sample"] for g in GOLDS}
    assert {f["kind"] for g in HELDOUT for f in g["audit"]["findings"]} == set(FINDING_KINDS)
    assert any(g["sample"].startswith("h") for g in HELDOUT), "summaries written by hand, not generated"


def test_the_report_measures_the_heldout_set_apart():
    report = run(["zidonghua"], corpus=SETS["heldout"])
    assert report["set"] == "heldout" and report["summary"]["audit"]["overall"]["gold"] == 1
    assert "留出集" in format_report(report) and "F1" in format_report(report)


@pytest.fixture(params=GOLDS + HELDOUT, ids=lambda g: g["key"])
def gold(request):
    return request.param


def test_every_file_the_gold_names_exists_and_every_file_has_a_role(gold):
    on_disk = {p.name for p in _folder(gold).iterdir()}
    named = {gold["summary"], gold["self_evaluation"], *gold["evidence"], *(s["file"] for s in gold["scans"]),
             *(f for c in gold["corroboration"] for f in c["evidence"]), *(e["file"] for e in gold["evidence_only"]),
             *(p["file"] for p in gold["photos"])}
    assert named <= on_disk
    assert set(gold["roles"]) == on_disk
    assert all(role in ROLES for role in gold["roles"].values())
    assert gold["roles"][gold["summary"]] == "summary"
    assert gold["roles"][gold["self_evaluation"]] == "self_evaluation"
    assert all(gold["roles"][p["file"]] == "photo" and p["file"].endswith(IMAGES) for p in gold["photos"])


def test_findings_refer_to_the_rubric_and_follow_from_the_claims(gold):
    rubric = load_rubric(gold["rubric"])
    maxima = {ind.id: ind.max for _, _, ind in rubric.indicators()}
    audit = gold["audit"]
    assert set(audit["claims"]) == set(maxima) == set(audit["supported"])
    assert audit["rows_total"] == sum(audit["claims"].values())
    for finding in audit["findings"]:
        assert finding["kind"] in FINDING_KINDS and finding["why"]
        if finding["kind"] == "sum_mismatch":
            assert finding["indicator"] is None and audit["claimed_total"] != audit["rows_total"]
            continue
        claim, supported = audit["claims"][finding["indicator"]], audit["supported"][finding["indicator"]]
        if finding["kind"] == "over_cap":
            assert claim > maxima[finding["indicator"]]
        elif finding["kind"] == "under_claim":
            assert claim < supported
        elif finding["kind"] == "over_claim":
            # Supported 0 is an over-claim, not no evidence, when the materials speak against it (年检不合格).
            assert min(claim, maxima[finding["indicator"]]) > supported >= 0
        else:
            assert claim > 0 and supported == 0
    over_cap = {f["indicator"] for f in audit["findings"] if f["kind"] == "over_cap"}
    assert over_cap == {ind for ind, claim in audit["claims"].items() if claim > maxima[ind]}


def _table_scores(path: Path) -> list[float]:
    """The self-score column of a 自评表, top to bottom, read with the office and PDF libraries (not kaohe)."""
    if path.suffix == ".xlsx":
        rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    elif path.suffix == ".docx":
        rows = [[c.text for c in row.cells] for row in docx.Document(str(path)).tables[0].rows]
    else:
        with pdfplumber.open(path) as pdf:
            rows = [row for page in pdf.pages for table in page.extract_tables() for row in table]
    cells = [[re.sub(r"\s+", "", "" if c is None else str(c)) for c in row] for row in rows]
    col = next(row.index(c) for row in cells for c in row if c in ("自评分", "自评得分"))
    # Header rows repeat on every page and a row cut by a page break has no score: numbers only.
    return [float(row[col].removesuffix("分")) for row in cells if re.fullmatch(r"\d+(\.\d+)?分?", row[col])]


def test_the_self_evaluation_file_holds_the_claims_of_the_gold(gold):
    *rows, total = _table_scores(_folder(gold) / gold["self_evaluation"])
    assert rows == [gold["audit"]["claims"][ind] for ind in gold["audit"]["claims"]]
    assert total == gold["audit"]["claimed_total"]


def test_corroboration_links_name_events_of_the_summary(gold):
    activities = {a["id"]: a for a in _sample(gold)["activities"]}
    for link in gold["corroboration"]:
        activity = activities[link["activity"]]
        assert activity["quote"] == link["quote"]
        assert activity["status"] == "done" or activity["december_evidence"]
        assert all(gold["roles"][f] not in ("summary", "self_evaluation") for f in link["evidence"])


def test_scans_have_their_true_text(gold):
    for scan in gold["scans"]:
        assert scan["file"].endswith((*IMAGES, ".pdf")) and scan["page"] >= 1
        assert scan["quality"] in ("clean", "degraded")
        assert len(scan["text"]) > 50 and not re.search(r"\s", scan["text"])


def test_character_error_rate_ignores_layout_and_width_but_counts_each_wrong_character():
    assert cer("关于召开 学术年会\n的通知（二）", "关于召开学术年会的通知(二)") == 0
    assert cer("一二三四五六七八九零", "一二三四五六七八九十") == pytest.approx(0.1)
    assert cer("", "通知") == 1


def _perfect(gold: dict):
    """A prediction that says exactly what the gold says, in the contract's shape."""
    names = [gold["summary"], *gold["evidence"]]
    ids = {name: f"d{i}" for i, name in enumerate(names, start=1)}

    def predict(paths, self_evaluation, rubric_id, year):
        return {
            "documents": [{"id": ids[n], "name": n, "role": gold["roles"][n]} for n in names],
            "activities": [{"id": f"a{i}", "type": "other", "date_start": None,
                            "evidence": [{"document": ids[gold["summary"]], "text": link["quote"]}],
                            "corroboration": [{"document": ids[f], "text": ""} for f in link["evidence"]]}
                           for i, link in enumerate(gold["corroboration"])]
                          + [{"id": f"e{i}", "type": item["type"], "date_start": item["date_start"],
                              "evidence": [{"document": ids[item["file"]], "text": item["quote"]}]}
                             for i, item in enumerate(gold["evidence_only"])],
            "indicators": [],
            "audit": [{"indicator": f["indicator"], "kind": f["kind"], "self_score": 0, "supported": 0}
                      for f in gold["audit"]["findings"]],
        }
    return predict


def test_a_prediction_equal_to_the_gold_scores_full_marks_and_an_empty_one_recalls_nothing():
    golds = [g for g in GOLDS if g["evidence_only"]] + [g for g in GOLDS if g["audit"]["findings"]][:2]
    perfect = summarize([evaluate(g, _perfect(g), ocr=False) for g in golds], None)
    assert perfect["audit"]["overall"]["precision"] == perfect["audit"]["overall"]["recall"] == 1
    assert perfect["roles"]["accuracy"] == 1
    assert perfect["corroboration"]["precision"] == perfect["corroboration"]["recall"] == 1
    assert perfect["evidence_only"]["recall"] == 1
    empty = summarize([evaluate(g, lambda *args: {}, ocr=False) for g in golds], None)
    assert empty["audit"]["overall"]["recall"] == empty["corroboration"]["recall"] == 0
    assert empty["roles"]["accuracy"] == 0


def _figures(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in ("precision", "recall", "accuracy", "cer", "worst_cer"):
                yield inner
            else:
                yield from _figures(inner)


def test_the_report_runs_kaohe_on_one_submission_and_gives_rates():
    report = run(["zuowu"])
    summary = report["summary"]
    gold = next(g for g in GOLDS if g["key"] == "zuowu")
    assert summary["submissions"] == 1
    assert summary["audit"]["overall"]["gold"] == len(gold["audit"]["findings"])
    figures = list(_figures(summary))
    assert figures and all(f is None or 0 <= f <= 1 for f in figures)
    assert summary["roles"]["accuracy"] is not None and summary["corroboration"]["recall"] is not None
    assert "【审核发现】" in format_report(report)
