"""Released rubrics are frozen: a score must always name the rules it was computed with."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.cli import app
from rubrics.loader import DATA, list_rubrics, released_rules, rules_sha256

runner = CliRunner()


@pytest.mark.parametrize("rubric", list_rubrics(), ids=lambda r: r.id)
def test_every_bundled_rubric_is_released_with_the_rules_it_has(rubric):
    assert released_rules().get(rubric.id) == rules_sha256(rubric), (
        f"{rubric.id} 的计分规则与发布时不同：已用于评分的评分表不得修改，请另建文件")


def test_changing_a_released_rubrics_points_is_refused_by_check(tmp_path: Path):
    text = (DATA / "jiangxi-2021-society.yaml").read_text(encoding="utf-8")
    edited = tmp_path / "jiangxi-2021-society.yaml"
    edited.write_text(text.replace("rule: {kind: presence, points: 5}", "rule: {kind: presence, points: 4}", 1)
                      .replace("max: 5\n", "max: 4\n", 1).replace("points: 18", "points: 17", 1)
                      .replace("max_total: 100", "max_total: 99", 1), encoding="utf-8")
    result = runner.invoke(app, ["rubric", "check", str(edited)])
    assert result.exit_code == 1
    assert "已发布并用于评分" in result.stderr


def test_tuning_a_released_rubrics_keywords_is_allowed(tmp_path: Path):
    text = (DATA / "jiangxi-2021-society.yaml").read_text(encoding="utf-8")
    edited = tmp_path / "jiangxi-2021-society.yaml"
    edited.write_text(text.replace("keywords: [七一,", "keywords: [七一, 学习强国,", 1), encoding="utf-8")
    assert "学习强国" in edited.read_text(encoding="utf-8")
    result = runner.invoke(app, ["rubric", "check", str(edited)])
    assert result.exit_code == 0, result.output
