"""The result JSON is the contract's models dumped: what a reader loads back is what was written."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from assess.contract import SCHEMA_PATH, SubmissionResult, schema_text
from ingest.files import InputFile
from ingest.pipeline import process, to_json

ROOT = Path(__file__).resolve().parents[2]
SOCIETY = ROOT / "corpora" / "audit" / "submissions" / "zuowu"
RUBRIC = "jiangxi-2021-society"


def _file(path: Path) -> InputFile:
    return InputFile(path.name, path.read_bytes())


@pytest.fixture(scope="module")
def audited() -> dict:
    """作物学会's summary and evidence, a file that is not what its name says, and the 自评表 audited."""
    evidence = [_file(p) for p in sorted(SOCIETY.iterdir()) if p.suffix != ".xlsx"]
    broken = InputFile("佐证材料.docx", "不是 Word 文件".encode())
    return to_json(process([*evidence, broken], RUBRIC, None, (), _file(SOCIETY / "作物学会自评表.xlsx")))


def test_a_score_loads_back_into_the_model_and_dumps_to_the_same_json(audited):
    result = SubmissionResult.model_validate(audited)
    assert result.model_dump(mode="json") == audited
    assert list(result.model_dump(mode="json")) == list(audited)
    assert result.total == audited["total"] and result.self_evaluation is not None
    assert {f.kind for f in result.audit} >= {"no_evidence"}


def test_a_file_that_could_not_be_read_is_listed_without_role_or_pages_to_ocr(audited):
    [failed] = [d for d in audited["documents"] if d["id"] is None]
    assert failed["name"] == "佐证材料.docx" and failed["errors"]
    assert "role" not in failed and "needs_ocr" not in failed
    assert {d["role"] for d in audited["documents"] if d["id"]} >= {"summary", "self_evaluation"}


def test_an_extraction_has_no_score_keys_and_reloads_unchanged():
    extracted = to_json(process([_file(ROOT / "corpora" / "samples" / "01_kuangye.docx")], None, None))
    assert list(extracted) == ["year", "society", "documents", "activities", "warnings"]
    result = SubmissionResult.model_validate(extracted)
    assert result.rubric is None and result.activities
    assert result.model_dump(mode="json") == extracted


def test_the_checked_in_schema_is_the_one_the_models_give():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        f"{SCHEMA_PATH.name} no longer matches the models in assess/contract.py: "
        "regenerate it with `python -m ingest.schema` and commit it"
    )


def test_the_checked_in_schema_accepts_what_score_and_extract_write(audited):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    extracted = to_json(process([_file(ROOT / "corpora" / "samples" / "01_kuangye.docx")], None, None))
    for written in (audited, extracted):
        jsonschema.validate(written, schema)
    # It is the reference for readers: a kind outside the vocabulary is refused.
    wrong = json.loads(json.dumps(audited))
    wrong["audit"][0]["kind"] = "over_claimed"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong, schema)


def test_a_result_stored_before_the_extension_keys_existed_still_loads(audited):
    # The contract's original keys only (CONTRACT.md): readers must not need the later ones.
    original = {k: audited[k] for k in ("year", "documents", "activities", "indicators", "total", "total_range",
                                        "grade", "audit")}
    original["rubric"] = {k: audited["rubric"][k] for k in ("id", "title", "max_total")}
    result = SubmissionResult.model_validate(original)
    assert result.warnings == [] and result.society is None and result.total == audited["total"]
