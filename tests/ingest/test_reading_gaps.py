"""Files offices really send that kaohe once refused or misnamed: each is read, the other files of the call too.

Notepad's "Unicode" (UTF-16 with a BOM) and UTF-16 without one, UTF-8 with a BOM, UTF-8 with one
stray byte (read, the bad byte replaced, a warning naming the file), and
member names from Info-ZIP and macOS archives (UTF-8 without the flag bit)
beside Windows' GBK names, and left-aligned Word text exported to PDF.
"""

from __future__ import annotations

import codecs
import json
import zipfile

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from typer.testing import CliRunner

from corpora.export import docx_to_pdf, soffice
from corpora.writer import OfficialDocument
from fixtures.archives import GbkName, RawName
from ingest.cli import app

runner = CliRunner()
SENTENCE = "2021年6月18日，学会在南昌举办学术年会，参会代表300余人。"
GOOD = "2021年9月15日，学会在赣州市举办农机化技术培训班，培训基层农技人员120人。"


def extract(*paths) -> tuple[int, str, dict]:
    result = runner.invoke(app, ["extract", *map(str, paths), "--year", "2021", "--json"])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr, json.loads(result.stdout) if result.stdout else {}


def told(data: dict, name: str) -> set[tuple[str | None, int | None]]:
    """(date, participants) of the activities read from the document called `name`."""
    [doc_id] = [d["id"] for d in data["documents"] if d["name"] == name]
    return {(a["date_start"], a["participants"]) for a in data["activities"] if a["evidence"][0]["document"] == doc_id}


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                           ("utf-8", codecs.BOM_UTF8),
                                           # Saved by tools that write no BOM (some editors, exports, scripts).
                                           ("utf-16-le", b""), ("utf-16-be", b"")])
def test_text_saved_as_notepad_unicode_or_with_a_bom_is_read(tmp_path, encoding, bom):
    notepad = tmp_path / "工作总结.txt"
    notepad.write_bytes(bom + f"江西省某某学会2021年工作总结\r\n{SENTENCE}\r\n".encode(encoding))
    code, stderr, data = extract(notepad)
    assert code == 0 and stderr == ""
    assert ("2021-06-18", 300) in told(data, "工作总结.txt")
    assert data["warnings"] == []


def test_one_stray_byte_is_replaced_and_named_while_the_rest_of_the_file_and_the_call_are_read(tmp_path):
    # A byte of another encoding pasted into a UTF-8 file once rejected the whole file.
    text = f"江西省某某学会2021年工作总结\n学会全年工作稳步推进\n{SENTENCE}\n".encode()
    cut = text.index("稳步".encode())
    damaged = tmp_path / "工作总结.txt"
    damaged.write_bytes(text[:cut] + b"\xb0" + text[cut:])
    good = tmp_path / "新闻.txt"
    good.write_text(GOOD, encoding="utf-8")
    code, stderr, data = extract(damaged, good)
    assert code == 0 and stderr == ""
    assert ("2021-06-18", 300) in told(data, "工作总结.txt")
    assert ("2021-09-15", 120) in told(data, "新闻.txt")
    [warning] = data["warnings"]
    assert warning["code"] == "unreadable_characters" and warning["document"] == "d1"
    assert "工作总结.txt" in warning["message"] and "1处" in warning["message"]


def test_gbk_text_is_still_read_as_gbk_and_binary_junk_is_refused_in_one_line(tmp_path):
    gbk = tmp_path / "总结.txt"
    gbk.write_bytes(SENTENCE.encode("gbk"))
    junk = tmp_path / "乱码.txt"
    junk.write_bytes(bytes(range(256)) * 8)
    code, stderr, data = extract(gbk, junk)
    assert code == 1
    assert stderr.strip() == "无法处理 乱码.txt: 无法识别的文本编码（请保存为 UTF-8 或 GB18030）"
    assert ("2021-06-18", 300) in told(data, "总结.txt") and data["warnings"] == []


def test_member_names_from_info_zip_macos_and_windows_archives_come_out_as_written(tmp_path):
    bundle = tmp_path / "材料.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr(RawName("江西省某某学会/工作总结（定稿）.txt"), SENTENCE.encode())
        archive.writestr(GbkName("江西省某某学会/活动新闻.txt"), GOOD.encode())
    code, stderr, data = extract(bundle)
    assert code == 0 and stderr == ""
    assert {d["name"] for d in data["documents"]} == {"材料.zip/江西省某某学会/工作总结（定稿）.txt",
                                                     "材料.zip/江西省某某学会/活动新闻.txt"}
    assert ("2021-06-18", 300) in told(data, "材料.zip/江西省某某学会/工作总结（定稿）.txt")


@pytest.mark.skipif(soffice() is None, reason="需要 LibreOffice 导出 PDF（corpora/install-tools.sh）")
def test_a_left_aligned_summary_exported_to_pdf_reads_as_its_docx(tmp_path):
    # Ragged-right lines end short wherever a number did not fit; the PDF once split those sentences there.
    document = OfficialDocument("江西省某某学会2021年度工作总结", header="")
    filler = "学会坚持服务科技工作者、服务创新驱动发展、服务全民科学素质提高、服务党和政府科学决策，"
    for k in range(12):
        document.paragraph(f"{filler[: 3 * k + 2]}{k + 1}月{10 + k}日，学会在南昌举办第{k + 1}期学术沙龙，"
                           f"邀请专家作专题报告{k + 2}场，参会代表{1200 + 35 * k}余人。", align=WD_ALIGN_PARAGRAPH.LEFT)
    docx = document.save(tmp_path / "工作总结.docx")
    [pdf] = docx_to_pdf([docx], tmp_path / "pdf")
    expected = {(f"2021-{k + 1:02d}-{10 + k:02d}", 1200 + 35 * k) for k in range(12)}
    for path in (docx, pdf):  # one at a time: together the PDF is read as the DOCX's copy
        code, stderr, data = extract(path)
        assert code == 0 and stderr == ""
        assert told(data, path.name) == expected
