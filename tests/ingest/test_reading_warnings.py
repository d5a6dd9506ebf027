"""A file the role guess does not take for a summary is still read, and the output says what was guessed."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from core.vocabulary import DocumentRole
from extractors.evidence import classify_document
from extractors.parse import parse
from fixtures.build import word_bytes
from ingest.cli import app
from ingest.files import InputFile
from ingest.pipeline import process

RUBRIC = "jiangxi-2021-society"
# A report titled without 工作总结 whose sentences use a sign-in sheet's words (单位, 职务) and news words (记者).
REPORT = [
    "江西省农业工程学会2021年工作开展情况",
    "2021年6月18日，学会在南昌举办2021年学术年会，来自全省52个会员单位的代表300余人参会，"
    "省科协相关职务负责同志出席并讲话，江西日报记者进行了采访报道。",
    "9月15日，学会在赣州市举办丘陵山区农机化技术培训班，培训基层农技人员120人。",
]
# Long enough to be a summary, but it tells no piece of work (principles only).
EMPTY = ["江西省某某学会2021年工作总结",
         "学会始终坚持以服务科技工作者为宗旨，不断加强自身建设，充分发挥桥梁纽带作用，" * 20]

runner = CliRunner()


def _docx(tmp_path, name: str, paragraphs: list[str]):
    path = tmp_path / name
    path.write_bytes(word_bytes(paragraphs))
    return path


def test_prose_is_never_taken_for_a_sign_in_sheet():
    told = [*REPORT, "年会报到时，参会代表按单位、姓名、职务逐一签名，并登记联系方式，会务组现场核对签到表。"]
    assert classify_document(parse(word_bytes(told), "情况.docx", "d1")) != DocumentRole.SIGN_IN
    sheet = [["姓名", "单位", "职务", "签名"], ["王明", "南昌大学", "教授", ""], ["李华", "江西农业大学", "副教授", ""]]
    assert classify_document(parse(word_bytes(["年会签到表"], sheet), "签到.docx", "d2")) == DocumentRole.SIGN_IN


def test_a_lone_report_is_scored_as_the_summary_and_the_output_says_so(tmp_path):
    path = _docx(tmp_path, "2021年工作开展情况.docx", REPORT)
    result = runner.invoke(app, ["score", str(path), "--rubric", RUBRIC, "--json"])
    assert result.exit_code == 0, result.output
    scored = json.loads(result.stdout)
    kinds = {(a["type"], a["date_start"]) for a in scored["activities"]}
    assert {("academic_conference", "2021-06-18"), ("training", "2021-09-15")} <= kinds
    [warning] = [w for w in scored["warnings"] if w["code"] == "no_summary"]
    assert "2021年工作开展情况.docx" in warning["message"] and warning["document"] == "d1"
    assert scored["documents"][0]["role"] == "summary"


def test_extract_reads_every_file_whatever_its_role(tmp_path):
    news = tmp_path / "年会报道.txt"
    news.write_text("本报讯（记者 王明）2021年6月18日，江西省农业工程学会在南昌举办学术年会，300余名代表参会。",
                    encoding="utf-8")
    summary = _docx(tmp_path, "工作总结.docx", REPORT)
    result = runner.invoke(app, ["extract", str(summary), str(news), "--json"])
    assert result.exit_code == 0, result.output
    extracted = json.loads(result.stdout)
    roles = {d["name"]: d["role"] for d in extracted["documents"]}
    assert roles["年会报道.txt"] == "news"
    read_from = {e["document"] for a in extracted["activities"] for e in a["evidence"]}
    assert read_from == {"d1", "d2"}
    assert extracted["warnings"] == []


def test_a_long_summary_without_activities_is_a_warning_not_a_silent_zero(tmp_path):
    path = _docx(tmp_path, "工作总结.docx", EMPTY)
    submission = process([InputFile(path.name, path.read_bytes())], RUBRIC, 2021)
    assert submission.activities == []
    [warning] = submission.warnings
    assert warning.code == "no_activities" and "工作总结.docx" in warning.message
    table = runner.invoke(app, ["score", str(path), "--rubric", RUBRIC])
    assert "没有识别出任何活动" in table.output


def test_a_summary_among_evidence_needs_no_stand_in(tmp_path):
    summary = _docx(tmp_path, "2021年度工作总结.docx", ["江西省农业工程学会2021年度工作总结", *REPORT[1:]])
    news = InputFile("报道.txt", "本报讯（记者 王明）6月18日，学会在南昌举办学术年会。".encode())
    submission = process([InputFile(summary.name, summary.read_bytes()), news], RUBRIC, 2021)
    assert [w.code for w in submission.warnings] == []
    assert submission.roles["d1"] == DocumentRole.SUMMARY and submission.roles["d2"] == DocumentRole.NEWS
