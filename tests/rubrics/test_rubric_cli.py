"""`kaohe rubric check` and `kaohe score` with every bundled rubric, through the command line."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.cli import app
from rubrics import loader
from rubrics.engine import max_possible
from rubrics.loader import list_rubrics

DATA = Path(loader.__file__).parent / "data"
SAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "samples"
RUBRIC_IDS = [r.id for r in list_rubrics()]

runner = CliRunner()


def run(*args) -> object:
    return runner.invoke(app, [str(a) for a in args])


def test_all_seven_seed_rubrics_are_bundled():
    assert RUBRIC_IDS == [
        "chongqing-2020-district",
        "chongqing-2020-enterprise",
        "chongqing-2020-society",
        "chongqing-2020-university",
        "jiangxi-2021-society",
        "zhejiang-2020-society",
        "zizhiqu-2022-society",
    ]


@pytest.mark.parametrize("rubric_id", RUBRIC_IDS)
def test_check_passes_every_bundled_rubric_and_summarises_it(rubric_id):
    result = run("rubric", "check", DATA / f"{rubric_id}.yaml")
    assert result.exit_code == 0, result.output
    assert f"{rubric_id}.yaml：评分表" in result.stdout and "校验通过" in result.stdout
    assert "个一级指标" in result.stdout and "最高可得" in result.stdout


def test_check_summarises_bonus_deductions_and_weights():
    out = run("rubric", "check", DATA / "chongqing-2020-district.yaml").stdout
    assert "加分项4项，合计不超过10分，每项不超过3分" in out
    assert "总分 = 工作考核100分×70% + 服务对象评价20分 + 市科协评价10分" in out
    assert "满分100分，最高可得107分" in out


def broken_copy(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    text = (DATA / "chongqing-2020-society.yaml").read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_check_names_file_line_and_reason_for_a_total_that_does_not_add_up(tmp_path):
    path, text = broken_copy(tmp_path, "rule: {kind: per_item, points: 3, cap: 15}", "rule: {kind: per_item, points: 3, cap: 12}")
    result = run("rubric", "check", path)
    assert result.exit_code == 1
    assert f"broken.yaml 第{line_of(text, 'cap: 12}')}行：指标“cq20s.popularization.events”按规则最多得12分，达不到满分15分" in result.stderr
    assert "broken.yaml：共 1 处问题，评分表不可用" in result.stderr


def test_check_refuses_a_bonus_item_above_the_per_item_cap(tmp_path):
    path, text = broken_copy(tmp_path, "          - id: cq20s.bonus.awards\n            label: 学会集体获省部级以上奖项（加5分/项）\n            max: 3",
                             "          - id: cq20s.bonus.awards\n            label: 学会集体获省部级以上奖项（加5分/项）\n            max: 5")
    result = run("rubric", "check", path)
    assert result.exit_code == 1
    assert f"第{line_of(text, 'max: 5')}行：指标“cq20s.bonus.awards”满分5分超过每项上限3分" in result.stderr


def test_check_refuses_duplicate_ids(tmp_path):
    path, _ = broken_copy(tmp_path, "id: cq20s.innovation.service", "id: cq20s.innovation.government")
    result = run("rubric", "check", path)
    assert result.exit_code == 1 and "指标编号“cq20s.innovation.government”重复" in result.stderr


def test_check_of_a_missing_file_says_so(tmp_path):
    result = run("rubric", "check", tmp_path / "none.yaml")
    assert result.exit_code == 1 and "none.yaml：无法读取文件" in result.stderr


# One sample per rubric, so that scoring meets a different summary each time.
SAMPLE_FOR = dict(zip(RUBRIC_IDS, sorted(SAMPLES.glob("*.docx"))))

CONTRACT_KEYS = {"rubric", "year", "documents", "activities", "indicators", "total", "total_range", "grade", "audit"}
INDICATOR_KEYS = {"id", "label", "path", "max", "proposed_count", "proposed_score", "score_range", "confidence",
                  "needs_review", "activities", "rule"}


@pytest.mark.parametrize("rubric_id", RUBRIC_IDS)
def test_score_end_to_end_with_each_rubric(rubric_id):
    sample = SAMPLE_FOR[rubric_id]
    result = run("score", sample, "--rubric", rubric_id, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= CONTRACT_KEYS
    rubric = next(r for r in list_rubrics() if r.id == rubric_id)
    assert data["rubric"]["id"] == rubric_id and data["rubric"]["max_total"] == rubric.max_total
    assert data["rubric"]["sha256"] == hashlib.sha256((DATA / f"{rubric_id}.yaml").read_bytes()).hexdigest()
    indicators = data["indicators"]
    assert [i["id"] for i in indicators] == [ind.id for _, _, ind in rubric.indicators()]
    for indicator in indicators:
        assert set(indicator) >= INDICATOR_KEYS
        assert 0 <= indicator["score_range"][0] <= indicator["proposed_score"] <= indicator["score_range"][1] <= indicator["max"]
    low, high = data["total_range"]
    assert 0 <= low <= data["total"] <= high <= max_possible(rubric) == data["rubric"]["max_possible"]
    assert data["grade"] is None or isinstance(data["grade"], str)
    # A real summary gives something to score under every rubric.
    assert data["total"] > 0 and any(i["evidence"] for i in indicators)
    if rubric.composition:
        assert [c["id"] for c in data["components"]] == [c.id for c in rubric.composition]
