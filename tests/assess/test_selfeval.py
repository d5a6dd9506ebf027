"""A filled 自评表 is read row by row: each row mapped to its rubric indicator, with self-score, 自评依据 and total.

The tables are built the way offices fill in the notice's form (corpora/forms.py):
Word with merged category cells and header rows that repeat on every page, the
same exported to PDF by LibreOffice (committed), Excel with a title row and its
own column names, and the other provinces' layouts. Rows are copied, shortened
or rephrased; the truth of which indicator each row is for sits in the fixture.
"""

import itertools
import random

import pytest

from extractors.parse import parse
from assess.selfeval import read_self_evaluation
from corpora.forms import (
    LAYOUTS, METEOROLOGY, METEOROLOGY_TOTAL, MINING, MINING_TOTAL, REPHRASED, Row, filled_rows,
    generic_docx, jiangxi_docx, jiangxi_xlsx,
)
from fixtures.selfeval.build import PDF
from rubrics.loader import list_rubrics, load_rubric


@pytest.fixture(scope="module")
def jiangxi():
    return load_rubric("jiangxi-2021-society")


def read(path, rubric):
    document = parse(path.read_bytes(), path.name, "d1")
    return document, read_self_evaluation(document, rubric)


def assert_read_as_typed(document, evaluation, truth: list[Row]):
    """Every row mapped to the indicator it was typed for, its values read with their provenance."""
    assert [row.indicator for row in evaluation.rows] == [row.indicator for row in truth]
    assert [row.self_score for row in evaluation.rows] == [float(row.score.removesuffix("分")) for row in truth]
    for row, typed in zip(evaluation.rows, truth):
        assert row.wording == typed.wording
        assert row.score_span.text == typed.score
        assert document.text[row.score_span.start:row.score_span.end] == typed.score
        if typed.basis:
            assert row.basis == typed.basis == row.basis_span.text


def test_word_table_with_merged_cells(tmp_path, jiangxi):
    document, evaluation = read(jiangxi_docx(tmp_path / "自评表.docx", jiangxi), jiangxi)
    assert_read_as_typed(document, evaluation, MINING)
    assert evaluation.claimed_total == float(MINING_TOTAL) == evaluation.rows_total()
    assert evaluation.total_span.text == MINING_TOTAL
    # The merged 一级/二级指标 cells are every row's path, not only the first row's.
    ledger = next(row for row in evaluation.rows if row.indicator == "jx21.party.ledger")
    assert ledger.path == ["党建工作（18分）", "制度建设"] and ledger.max == 3
    assert evaluation.missing == [] and evaluation.warnings == []


def test_pdf_table_split_across_pages_with_repeated_header(jiangxi):
    document, evaluation = read(PDF, jiangxi)
    assert_read_as_typed(document, evaluation, MINING)
    # The header repeated on page 2 is not a row; rows after the break point at page 2.
    assert {row.wording_span.page for row in evaluation.rows} == {1, 2}
    assert evaluation.claimed_total == float(MINING_TOTAL) and evaluation.total_span.page == 2
    # A category cell cut by the page break still names the rows below it.
    government = next(row for row in evaluation.rows if row.indicator == "jx21.service.government")
    assert government.wording_span.page == 2 and government.path == ["科技服务（25分）", "承接政府职能"]


def test_spreadsheet_with_abbreviated_rows_and_a_mis_added_total(tmp_path, jiangxi):
    document, evaluation = read(jiangxi_xlsx(tmp_path / "自评表.xlsx", jiangxi), jiangxi)
    assert_read_as_typed(document, evaluation, METEOROLOGY)
    assert evaluation.claimed_total == float(METEOROLOGY_TOTAL)
    assert evaluation.rows_total() == 80 != evaluation.claimed_total
    assert evaluation.claims()["jx21.popularization.campaigns"] == 3  # typed "3分"


def test_rephrased_rows_in_any_order_without_other_hints(tmp_path, jiangxi):
    """Only 指标说明 / 完成情况 / 自评分 columns; rows in the office's own words, shuffled, plus one the rubric lacks."""
    rows = [*REPHRASED, Row(None, "其他特色工作：编写《江西矿产资源志》", "2", "已出版")]
    random.Random(5).shuffle(rows)
    document, evaluation = read(generic_docx(tmp_path / "自评表.docx", jiangxi, "chongqing", rows), jiangxi)
    assert [row.indicator for row in evaluation.rows] == [row.indicator for row in rows]
    assert evaluation.missing == []
    assert evaluation.warnings == ["自评表中“其他特色工作：编写《江西矿产资源志》”一行未能对应到评分表的指标"]
    assert evaluation.claimed_total == evaluation.rows_total() == sum(float(row.score) for row in rows)


CASES = [(seed, rubric, layout) for seed, (rubric, layout) in enumerate(zip(list_rubrics(), itertools.cycle(LAYOUTS)))]


@pytest.mark.parametrize(("seed", "rubric", "layout"), CASES, ids=[f"{r.id}-{layout}" for _, r, layout in CASES])
def test_every_bundled_rubric_in_one_of_the_provinces_layouts(tmp_path, seed, rubric, layout):
    """Each rubric's own form, filled in with wordings shortened in four ways, rows shuffled."""
    rows = filled_rows(rubric, seed)
    random.Random(seed).shuffle(rows)
    _, evaluation = read(generic_docx(tmp_path / "自评表.docx", rubric, layout, rows), rubric)
    assert [row.indicator for row in evaluation.rows] == [row.indicator for row in rows]
    assert evaluation.claimed_total == pytest.approx(sum(float(row.score) for row in rows))


def test_a_document_without_a_self_evaluation_table(jiangxi):
    from corpora.report import SAMPLES

    path = sorted(SAMPLES.glob("*.docx"))[0]
    _, evaluation = read(path, jiangxi)
    assert evaluation.rows == [] and evaluation.claimed_total is None
    assert evaluation.warnings == [f"“{path.name}”中没有找到自评表（表头应有“自评分”一列）"]


def test_a_table_read_against_the_wrong_rubric_says_so(tmp_path, jiangxi):
    zhejiang = load_rubric("zhejiang-2020-society")
    path = generic_docx(tmp_path / "自评表.docx", zhejiang, "zhejiang", filled_rows(zhejiang, 1))
    _, evaluation = read(path, jiangxi)
    assert "请确认是否选对了评分表" in evaluation.warnings[0]
