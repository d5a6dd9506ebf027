"""The tuning set's gold agrees with its Word documents and with the rubric it is scored by.

This checks the labels, not kaohe: how well kaohe reads these documents is
what `python -m corpora.report --set tuning` measures.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from test_gold import LEVELS, STATUSES, TYPES, docx_text, rubric_maxima

from corpora.tuning.build import gold, problems, write_docx
from corpora.tuning.summaries import SUMMARIES
from rubrics.loader import load_rubric

TUNING = Path(__file__).resolve().parents[2] / "corpora" / "tuning"
GOLD_FILES = sorted((TUNING / "gold").glob("*.json"))


def test_the_set_is_several_societies_each_written_its_own_way():
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in GOLD_FILES]
    assert len(golds) >= 6
    assert len({g["society"] for g in golds}) == len(golds)
    assert len({g["grade"] for g in golds}) >= 3


@pytest.fixture(scope="module", params=GOLD_FILES, ids=lambda p: p.stem)
def case(request):
    labels = json.loads(request.param.read_text(encoding="utf-8"))
    return labels, docx_text(TUNING / "samples" / f"{labels['sample']}.docx")


def test_listed_files_exist(case):
    labels, _ = case
    assert labels["files"][0] == f"{labels['sample']}.docx"
    for name in labels["files"]:
        assert (TUNING / "samples" / name).stat().st_size > 0


def test_every_quote_is_in_the_docx_text(case):
    labels, text = case
    quotes = [q for a in labels["activities"] for q in (a["quote"], *a["other_quotes"])]
    quotes += [s["quote"] for s in labels["statements"]]
    missing = [q for q in quotes if q not in text]
    assert not missing


def test_labels_use_the_contract_vocabularies(case):
    labels, _ = case
    ids = {a["id"] for a in labels["activities"]}
    for a in labels["activities"]:
        assert a["type"] in TYPES and a["level"] in LEVELS and a["status"] in STATUSES, a["quote"]
        assert all(d is None or len(d) in (7, 10) for d in (a["date_start"], a["date_end"])), a["quote"]
        assert set(a["covers"]) <= ids and (a["is_tally"] or not a["covers"])
        if a["status"] != "done" and not a["december_evidence"]:
            assert a["indicators"] == [], a["quote"]


def test_scores_stay_within_the_rubric_and_add_up_to_the_grade(case):
    labels, _ = case
    maxima = rubric_maxima()
    assert set(labels["indicators"]) == set(maxima)
    for ind, g in labels["indicators"].items():
        assert 0 <= g["score"] <= maxima[ind], ind
    assert labels["total"] == pytest.approx(sum(g["score"] for g in labels["indicators"].values()))
    bands = load_rubric(labels["rubric"]).grading.bands
    assert labels["grade"] == next(b.grade for b in bands if labels["total"] >= b.min)


def test_builder_refuses_a_quote_that_is_not_in_the_document(tmp_path):
    summary = SUMMARIES[0]
    wrong = dataclasses.replace(summary.activities[0], quote="3月25日召开党史学习教育动员大会")
    broken = dataclasses.replace(summary, activities=(wrong, *summary.activities[1:]))
    path = tmp_path / "broken.docx"
    texts = write_docx(broken, path)
    # What the builder checks against is what Word holds.
    assert all(t in docx_text(path) for t in texts)
    found = problems(broken, texts, gold(broken, [path.name]))
    assert found == [f"{summary.sample}：引文不在文中：{wrong.quote}"]
