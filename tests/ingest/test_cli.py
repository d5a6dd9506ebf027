"""The `kaohe` command line as scripts and reviewers use it (the public contract)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractors.parse import parse
from ingest.cli import app

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpora" / "samples" / "01_kuangye.docx"
FIXTURES = ROOT / "tests" / "fixtures"
RUBRIC = "jiangxi-2021-society"
GRADES = {"优秀", "良好", "合格", "不合格"}

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def scored() -> dict:
    result = run("score", SAMPLE, "--rubric", RUBRIC, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_rubrics_lists_ids_with_title_year_body_and_max():
    result = run("rubrics", "--json")
    assert result.exit_code == 0
    by_id = {r["id"]: r for r in json.loads(result.stdout)}
    jiangxi = by_id[RUBRIC]
    assert set(jiangxi) >= {"id", "title", "year", "body", "max_total"}
    assert jiangxi["year"] == 2021 and jiangxi["max_total"] == 100


def test_score_json_has_the_contract_keys(scored):
    assert set(scored) >= {"rubric", "year", "documents", "activities", "indicators", "total", "total_range", "grade"}
    assert scored["rubric"]["id"] == RUBRIC and scored["year"] == 2021
    [document] = scored["documents"]
    assert set(document) >= {"id", "name", "kind", "pages", "sha256", "warnings", "errors"}
    assert document["kind"] == "docx" and document["name"] == SAMPLE.name and document["errors"] == []
    activity = scored["activities"][0]
    assert set(activity) >= {"id", "type", "title", "date_start", "date_end", "level", "participants", "views",
                             "count", "location", "organizer", "status", "evidence"}
    indicator = scored["indicators"][0]
    assert set(indicator) >= {"id", "label", "path", "max", "proposed_count", "proposed_score", "score_range",
                              "confidence", "needs_review", "activities", "rule"}


def test_every_number_is_traceable_to_words_in_the_document(scored):
    text = parse(SAMPLE.read_bytes(), SAMPLE.name, "d1").text
    for activity in scored["activities"]:
        assert activity["evidence"], activity
        for span in activity["evidence"]:
            assert span["document"] == "d1"
            assert text[span["start"]:span["end"]] == span["text"]
    known = {a["id"] for a in scored["activities"]}
    for indicator in scored["indicators"]:
        assert set(indicator["activities"]) <= known
        assert 0 <= indicator["proposed_score"] <= indicator["max"]
        low, high = indicator["score_range"]
        assert low <= indicator["proposed_score"] <= high


def test_total_is_the_sum_of_the_indicators_and_graded(scored):
    assert scored["total"] == pytest.approx(sum(i["proposed_score"] for i in scored["indicators"]))
    low, high = scored["total_range"]
    assert low <= scored["total"] <= high <= 100
    assert scored["grade"] in GRADES


def test_dates_are_iso_and_enums_are_the_contract_vocabularies(scored):
    types = {"academic_conference", "training", "science_popularization", "volunteer_rural", "tech_service",
             "decision_consulting", "government_function", "award_recognition", "party_building", "governance",
             "publication", "international_exchange", "other"}
    levels = {None, "international", "national", "regional", "provincial", "municipal", "county", "grassroots"}
    for a in scored["activities"]:
        assert a["type"] in types and a["level"] in levels
        assert a["status"] in {"done", "planned", "previous_year", "negated"}
        for key in ("date_start", "date_end"):
            assert a[key] is None or len(a[key]) in (7, 10) and a[key][4] == "-"


def test_the_reviewer_reads_a_chinese_table_with_quotes_total_and_grade(scored):
    result = run("score", SAMPLE, "--rubric", RUBRIC)
    assert result.exit_code == 0
    assert f"建议总分：{scored['total']:g}" in result.stdout
    assert f"建议等次：{scored['grade']}" in result.stdout
    assert "学术会议" in result.stdout
    # The words behind a proposal are quoted from the summary itself.
    quote = scored["activities"][0]["evidence"][0]["text"]
    assert quote[:4] in result.stdout


def test_extract_needs_no_rubric_and_proposes_nothing():
    result = run("extract", FIXTURES / "summary-gb18030.txt", "--year", "2021", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "indicators" not in data or not data["indicators"]
    assert data["activities"] and data["documents"][0]["kind"] in ("txt", "text")


def test_year_option_places_dates_written_without_a_year(tmp_path):
    summary = tmp_path / "工作总结.txt"
    summary.write_text("6月18日，学会在南昌举办学术年会，参会代表300余人。", encoding="utf-8")
    data = json.loads(run("extract", summary, "--year", "2022", "--json").stdout)
    assert data["year"] == 2022
    assert data["activities"][0]["date_start"] == "2022-06-18"


def test_bad_files_are_named_with_a_reason_and_the_good_one_is_still_scored(tmp_path):
    good = shutil.copy(SAMPLE, tmp_path / "工作总结.docx")
    empty = tmp_path / "空白.pdf"
    empty.write_bytes(b"")
    not_a_docx = tmp_path / "伪装.docx"
    not_a_docx.write_text("这不是 Word 文档", encoding="utf-8")
    encrypted = shutil.copy(FIXTURES / "encrypted.pdf", tmp_path / "加密.pdf")
    corrupt = shutil.copy(FIXTURES / "corrupt.pdf", tmp_path / "损坏.pdf")
    bomb = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document>" + "<w:p><w:r><w:t>学会</w:t></w:r></w:p>" * 200_000)
    result = run("score", good, empty, not_a_docx, encrypted, corrupt, bomb, "--rubric", RUBRIC, "--json")
    assert result.exit_code == 1
    assert "炸弹.docx: 文件内部压缩比异常，疑似压缩炸弹，已拒绝" in result.stderr
    for bad in ("空白.pdf", "伪装.docx", "加密.pdf", "损坏.pdf", "炸弹.docx"):
        line = next((said for said in result.stderr.splitlines() if bad in said), None)
        assert line is not None, result.stderr
        assert "：" in line or ":" in line  # file, then the reason
    data = json.loads(result.stdout)
    assert data["activities"] and data["total"] > 0
    errors = {d["name"]: d["errors"] for d in data["documents"]}
    assert errors["工作总结.docx"] == []
    assert all(errors[name] for name in ("空白.pdf", "伪装.docx", "加密.pdf", "损坏.pdf", "炸弹.docx"))


def test_a_block_of_a_million_characters_without_a_sentence_end_is_read_beside_the_good_file(tmp_path):
    # spaCy refuses a text over a million characters; such a block must neither stop the call nor be dropped.
    good = tmp_path / "工作总结.txt"
    good.write_text("6月18日，学会在南昌举办学术年会，参会代表300余人。", encoding="utf-8")
    filler = "学会始终坚持以服务科技工作者为宗旨，" * 28000
    huge = tmp_path / "附件.txt"
    huge.write_text(f"{filler}9月15日学会在赣州市举办农机化技术培训班，培训基层农技人员120人，{filler}", encoding="utf-8")
    result = run("extract", good, huge, "--year", "2021", "--json")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and result.stderr == ""
    data = json.loads(result.stdout)
    told = {(a["evidence"][0]["document"], a["date_start"]) for a in data["activities"]}
    assert {("d1", "2021-06-18"), ("d2", "2021-09-15")} <= told
    [warning] = [w for w in data["warnings"] if w["code"] == "unbroken_text"]
    assert warning["document"] == "d2" and "附件.txt" in warning["message"]


def test_text_and_word_files_past_the_size_limits_are_refused_in_one_line_and_the_rest_is_read(tmp_path):
    # Memory is bounded by the input limits: more text than any summary holds is refused before it is read.
    good = shutil.copy(SAMPLE, tmp_path / "工作总结.docx")
    text = tmp_path / "附件.txt"
    text.write_text("6月18日，学会在南昌举办学术年会，参会代表300余人。\n" * 120_000, encoding="utf-8")
    word = tmp_path / "名册.docx"
    with zipfile.ZipFile(word, "w", zipfile.ZIP_DEFLATED) as archive:
        # Random text compresses only twice: no zip bomb, just more XML than a document holds.
        noise = os.urandom(5 * 1024 * 1024).hex()
        archive.writestr("word/document.xml", f"<w:document><w:t>{noise}</w:t></w:document>")
    result = run("extract", good, text, word, "--json")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        "无法处理 附件.txt: 文本过大（8.4 MB，上限 5 MB），已拒绝；工作总结的文字远少于此，如确为正常文件，请拆分后分别提交",
        "无法处理 名册.docx: 文件解压后内容过大（10.1 MB，上限 8 MB），已拒绝；如确为正常文件，请拆分后分别提交",
    ]
    data = json.loads(result.stdout)
    assert data["activities"] and all(a["evidence"][0]["document"] == "d1" for a in data["activities"])


def test_a_missing_file_is_reported_not_a_traceback(tmp_path):
    result = run("extract", tmp_path / "不存在.docx")
    assert result.exit_code == 1
    assert "不存在.docx" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_rubric_is_wrong_usage():
    result = run("score", SAMPLE, "--rubric", "nowhere-1999")
    assert result.exit_code == 2
    assert "nowhere-1999" in result.stderr


def test_the_installed_console_script_exits_with_the_contract_codes(tmp_path):
    kaohe = shutil.which("kaohe", path=str(Path(sys.executable).parent))
    if kaohe is None:
        pytest.skip("the kaohe console script is not installed in this environment (pip install -e .)")
    ok = subprocess.run([kaohe, "rubrics"], capture_output=True, text=True)
    assert ok.returncode == 0 and RUBRIC in ok.stdout
    usage = subprocess.run([kaohe, "score"], capture_output=True, text=True)
    assert usage.returncode == 2
