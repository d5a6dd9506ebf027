"""Each input file has one id, from the moment it is numbered (or stored) to the results that cite it."""

from __future__ import annotations

from pathlib import Path

from ingest.files import InputFile
from ingest.pipeline import process

ROOT = Path(__file__).resolve().parents[2]
SOCIETY = ROOT / "corpora" / "audit" / "submissions" / "zuowu"
SUMMARY = SOCIETY / "2021年度工作总结（作物学会）.docx"
SELF_EVALUATION = SOCIETY / "作物学会自评表.xlsx"
RUBRIC = "jiangxi-2021-society"


def _file(path: Path, id: str | None = None) -> InputFile:
    return InputFile(path.name, path.read_bytes(), id)


def test_files_are_numbered_in_input_order_the_self_evaluation_last_and_a_refused_file_keeps_its_number():
    broken = InputFile("佐证材料.docx", "不是 Word 文件".encode())
    submission = process([_file(SUMMARY), broken], RUBRIC, None, (), _file(SELF_EVALUATION))
    assert [d.id for d in submission.documents] == ["d1"]
    assert [(f.id, f.name) for f in submission.failures] == [("d2", "佐证材料.docx")]
    assert submission.self_evaluation_document.id == "d3"
    assert {span.document for a in submission.activities for span in a.evidence} == {"d1"}


def test_a_stored_file_is_read_and_cited_under_the_key_it_was_stored_with():
    # The reviewer service hands the pipeline each stored file with its key: results pair with rows by it.
    news = SOCIETY / "新闻稿-科创中国专家服务团走进赣州经开区.docx"
    broken = InputFile("坏文件.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 200, "d1")
    submission = process([_file(news, "d3"), broken, _file(SUMMARY, "d2")], RUBRIC, None, (),
                         _file(SELF_EVALUATION, "d4"))
    assert {d.name: d.id for d in submission.documents} == {news.name: "d3", SUMMARY.name: "d2"}
    assert [(f.id, f.name) for f in submission.failures] == [("d1", "坏文件.pdf")]
    assert submission.self_evaluation_document.id == "d4"
    assert {span.document for a in submission.activities for span in a.evidence} <= {"d2", "d3"}
