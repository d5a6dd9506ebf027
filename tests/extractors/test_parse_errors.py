"""Every file a parser cannot read is refused with the file's name and a reason a reviewer understands."""

import io
import os
import zipfile

import pytest
from docx import Document as WordDocument

from extractors.parse import ParseError, parse, sniff_kind


def zipped(members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    WordDocument().save(buffer)
    return buffer.getvalue()


PDF_HEAD = b"%PDF-1.7\n"
# 7 MB of one paragraph repeated, in a file of a few KB: the shape of a zip bomb.
BOMB_XML = b"<w:document>" + b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 200_000 + b"</w:document>"
# 18 MB of XML that compresses only twice: no bomb by its ratio, but more text than any summary.
HUGE_XML = b"<w:document><w:t>" + os.urandom(9 * 1024 * 1024).hex().encode() + b"</w:t></w:document>"


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "工作总结.docx", "文件为空"),
        ("2021年工作总结".encode(), "工作总结.docx", "不是有效的 DOCX 文件（不是 zip 压缩包）"),
        (zipped({"content.xml": b"<x/>"}), "工作总结.docx", "不是有效的 DOCX 文件（缺少 word/document.xml）"),
        (b"PK\x03\x04 broken", "工作总结.docx", "不是有效的 DOCX 文件（压缩包已损坏）"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "工作总结.docx",
         "是旧版 Office 文件（.doc/.xls）或已加密的 Office 文件，请另存为未加密的 .docx/.xlsx"),
        (docx_bytes(), "自评表.xlsx", "不是有效的 XLSX 文件（缺少 xl/workbook.xml）"),
        (b"<html>", "工作总结.pdf", "不是有效的 PDF 文件（缺少 %PDF 文件头）"),
        (PDF_HEAD, "工作总结.txt", "内容是PDF，与扩展名 .txt 不符"),
        (docx_bytes(), "工作总结.pdf", "内容是DOCX，与扩展名 .pdf 不符"),
        (b"\x89PNG\r\n\x1a\n", "照片.jpg", "内容是PNG，与扩展名 .jpg 不符"),
        (b"abc", "工作总结.wps", "不支持的文件类型（.wps），请提交 DOCX、PDF、XLSX、TXT、MD、PNG、JPG 或 ZIP"),
        (b"\xff\xfe\xfd\x00\x01", "工作总结.txt", "无法识别的文本编码（请保存为 UTF-8 或 GB18030）"),
        (zipped({"a/总结.docx": b"x"}), "材料.zip", "是压缩包，需要先解开，再逐个解析其中的文件"),
        (PDF_HEAD + b"1 0 obj\n<<>>\nendobj\n", "空白.pdf", "PDF 文件损坏或无法解析"),
        (zipped({"word/document.xml": b"<w:document"}), "工作总结.docx", "DOCX 文件损坏或无法解析"),
        (zipped({"xl/workbook.xml": b"<workbook"}), "自评表.xlsx", "XLSX 文件损坏或无法解析"),
        (zipped({"word/document.xml": BOMB_XML}, zipfile.ZIP_DEFLATED), "工作总结.docx",
         "文件内部压缩比异常，疑似压缩炸弹，已拒绝"),
        (zipped({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": BOMB_XML}, zipfile.ZIP_DEFLATED),
         "会员名册.xlsx", "文件内部压缩比异常，疑似压缩炸弹，已拒绝"),
        (("学会举办学术年会。\n" * 200_000).encode(), "工作总结.txt",
         "文本过大（5.3 MB，上限 5 MB），已拒绝；工作总结的文字远少于此，如确为正常文件，请拆分后分别提交"),
        (zipped({"word/document.xml": HUGE_XML}, zipfile.ZIP_DEFLATED), "工作总结.docx",
         "文件解压后内容过大（18.1 MB，上限 8 MB），已拒绝；如确为正常文件，请拆分后分别提交"),
        # A workbook costs three times a Word file's memory per MB of XML: its limit is lower.
        (zipped({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": HUGE_XML[: 5 * 1024 * 1024]},
                zipfile.ZIP_DEFLATED), "会员名册.xlsx",
         "文件解压后内容过大（5.1 MB，上限 4.5 MB），已拒绝；如确为正常文件，请拆分后分别提交"),
    ],
)
def test_bad_input_names_the_file_and_the_reason(data, name, reason):
    with pytest.raises(ParseError) as caught:
        parse(data, name, "d1")
    assert (caught.value.name, caught.value.reason) == (name, reason)
    assert str(caught.value) == f"{name}: {reason}"


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (docx_bytes(), "总结.DOCX", "docx"),
        (docx_bytes(), "总结", "docx"),  # no extension: the bytes decide
        ("\ufeff2021年工作总结".encode(), "总结", "txt"),
        (PDF_HEAD, "scan.PDF", "pdf"),
        ("# 工作总结".encode(), "总结.md", "md"),
        (b"\xff\xd8\xff\xe0", "证书.jpeg", "jpg"),
        (zipped({"总结.txt": b"x"}), "材料.zip", "zip"),
        (docx_bytes(), "材料.zip", "zip"),  # an archive named as one is opened as one
    ],
)
def test_sniff_kind_reads_the_bytes(data, name, kind):
    assert sniff_kind(data, name) == kind
