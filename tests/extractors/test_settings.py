"""The tuned thresholds: read from one settings file, so that changing one is an edit there and nowhere else."""

from __future__ import annotations

import pytest
import yaml
from pydantic import ValidationError

from extractors import settings as settings_module
from extractors.duplicates import find_duplicates
from extractors.parse import parse
from extractors.reader import ReaderPolicy
from extractors.settings import SETTINGS_FILE, Settings, load, settings

# A summary long enough to be compared by its wording, sent again with a line break after every sentence.
SUMMARY = "".join(
    f"{month}月{day}日，江西省示例学会在南昌举办第{month}期青年科技工作者学术沙龙，参会代表{day * 10}人。"
    for month, day in ((3, 12), (4, 16), (5, 20), (6, 18), (7, 9), (9, 10), (10, 15), (11, 5))
)


@pytest.fixture
def tuned(monkeypatch, tmp_path):
    """Read the settings from a copy of the file with some values changed."""
    def change(section: str, **values: object) -> None:
        data = yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8"))
        data[section].update(values)
        copy = tmp_path / "settings.yaml"
        copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        monkeypatch.setattr(settings_module, "SETTINGS_FILE", copy)
        settings.cache_clear()

    yield change
    settings.cache_clear()


def two_copies():
    word = parse(f"2021年度工作总结\n{SUMMARY}\n".encode(), "工作总结.txt", "d1")
    lines = SUMMARY.replace("。", "。\n")
    exported = parse(f"2021年度工作总结\n{lines}".encode(), "工作总结（另存）.txt", "d2")
    return [word, exported]


def test_a_summary_sent_twice_is_read_once_under_the_shipped_settings():
    assert [(d.copy.id, d.original.id) for d in find_duplicates(two_copies())] == [("d2", "d1")]


def test_a_threshold_changed_in_the_settings_file_changes_what_is_found(tuned):
    tuned("duplicates", min_chars=len(SUMMARY) + 100)
    assert find_duplicates(two_copies()) == []


def test_the_reader_policy_takes_its_defaults_from_the_settings_file(tuned):
    shipped = yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8"))["reader"]
    assert (ReaderPolicy().veto, ReaderPolicy().rescue) == (shipped["veto"], shipped["rescue"])
    tuned("reader", veto=0.3, mode="rules")
    assert (ReaderPolicy().veto, ReaderPolicy().mode) == (0.3, "rules")


def test_a_misspelt_setting_is_refused_not_left_at_a_default(tmp_path):
    data = yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8"))
    data["duplicates"]["same_txt"] = data["duplicates"].pop("same_text")
    copy = tmp_path / "settings.yaml"
    copy.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValidationError, match="same_txt"):
        load(Settings, copy)
