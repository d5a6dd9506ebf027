"""The same summary handed in twice (the same file again, or the PDF exported from the DOCX) is counted once."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.files import InputFile
from ingest.pipeline import process, to_json

SAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "samples"
RUBRIC = "jiangxi-2021-society"


def _file(name: str, as_name: str | None = None) -> InputFile:
    return InputFile(as_name or name, (SAMPLES / name).read_bytes())


def _scored(*files: InputFile) -> dict:
    return to_json(process(list(files), RUBRIC, None))


def _counts(result: dict) -> dict[str, int]:
    return {i["id"]: i["proposed_count"] for i in result["indicators"]}


@pytest.fixture(scope="module")
def single() -> dict:
    return _scored(_file("01_kuangye.docx"))


def test_the_same_docx_twice_counts_as_once_and_says_so(single):
    twice = _scored(_file("01_kuangye.docx"), _file("01_kuangye.docx", "工作总结（副本）.docx"))
    assert _counts(twice) == _counts(single) and twice["total"] == single["total"]
    assert len(twice["activities"]) == len(single["activities"])
    # Both files are still listed; the copy is named in the warning, beside the file read in its place.
    assert [d["name"] for d in twice["documents"]] == ["01_kuangye.docx", "工作总结（副本）.docx"]
    [warning] = [w for w in twice["warnings"] if w["code"] == "duplicate_document"]
    assert warning["document"] == "d2"
    assert "工作总结（副本）.docx" in warning["message"] and "01_kuangye.docx" in warning["message"]


def test_a_docx_and_the_pdf_exported_from_it_count_as_the_docx_alone(single):
    # The PDF comes first: the DOCX is still the one read, for its headings and whole sentences.
    both = _scored(_file("01_kuangye.pdf"), _file("01_kuangye.docx"))
    assert _counts(both) == _counts(single) and both["total"] == single["total"]
    assert {a["evidence"][0]["document"] for a in both["activities"]} == {"d2"}
    [warning] = [w for w in both["warnings"] if w["code"] == "duplicate_document"]
    assert warning["document"] == "d1"
    assert "01_kuangye.pdf" in warning["message"] and "01_kuangye.docx" in warning["message"]
    assert [d["role"] for d in both["documents"]] == ["summary", "summary"]


def test_two_societies_summaries_are_both_read():
    # Summaries written from the same phrase bank share much wording, but are not the same document.
    result = _scored(_file("01_kuangye.docx"), _file("02_zuowu.docx"))
    assert not [w for w in result["warnings"] if w["code"] == "duplicate_document"]
    assert {a["evidence"][0]["document"] for a in result["activities"]} == {"d1", "d2"}
