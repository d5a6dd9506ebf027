"""Evidence reused across the societies of one batch: the 共用材料 sheet and each society's flag."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from corpora.reuse_benchmark import KINDS, generate
from ingest.batch.run import run_batch
from batch_materials import RUBRIC

COUNT = 14  # one pair per kind, one co-organised pair, and two societies that share nothing


@pytest.fixture(scope="module")
def reuse_batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("reuse") / "2021年学会考核材料"
    planted = generate(COUNT, 1, root)
    report = run_batch(root, RUBRIC, tmp_path_factory.mktemp("out") / "预审报告.xlsx", workers=2)
    return planted, report


def _pairs(report, kind=None):
    return {frozenset({f.first.submission, f.second.submission}) for f in report.reuse if kind in (None, f.kind)}


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_planted_reuse_is_found_between_its_two_societies(reuse_batch, kind):
    planted, report = reuse_batch
    assert planted[kind] <= _pairs(report, kind)


def test_only_planted_pairs_are_found_and_a_co_organised_event_is_not(reuse_batch):
    planted, report = reuse_batch
    assert _pairs(report) <= set().union(*(planted[k] for k in KINDS))
    assert not planted["co_organised"] & _pairs(report)


def test_the_workbook_lists_each_finding_with_both_societies_files_and_similarity(reuse_batch):
    planted, report = reuse_batch
    sheet = load_workbook(report.output)["共用材料"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    [(a, b)] = [tuple(p) for p in planted["document"]]
    contract = next(r for r in rows if r[0] == "相同文本")
    assert {contract[2], contract[5]} == {a, b}
    assert contract[3].endswith("技术服务合同.docx") and contract[6].endswith("技术服务合同.docx")
    assert contract[1].endswith("%")
    flagged = {r.society for r in report.rows if any(f["kind"] == "reused_evidence" for f in r.flags)}
    assert flagged == {society for k in KINDS for pair in planted[k] for society in pair}


def test_societies_sending_the_notices_own_forms_and_templates_share_nothing(year_batch):
    # Every society of this year sends the same 自评表, 汇总表 and meeting-notice templates under its own name.
    assert year_batch.report.reuse == []
    assert not any(f["kind"] == "reused_evidence" for r in year_batch.report.rows for f in r.flags)
