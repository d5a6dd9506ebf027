"""Every file type goes through one parser, looked up by kind, and every file keeps its id, read or not."""

import io
import zipfile
from pathlib import Path

from extractors.parse import read_file
from extractors.parse.base import parsers
from extractors.parse.sniff import EXTENSIONS
from extractors.settings import settings

SAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "samples"


def test_each_kind_a_society_may_submit_has_exactly_one_parser_in_the_settings():
    kinds = [kind for name in settings().parse.parsers for kind in parsers.get(name)().kinds]
    assert sorted(kinds) == sorted(set(EXTENSIONS.values()) - {"zip"})


def test_a_summary_is_read_under_the_id_it_was_given():
    file = read_file((SAMPLES / "01_kuangye.pdf").read_bytes(), "工作总结.pdf", "d3")
    assert (file.id, file.error) == ("d3", None)
    assert (file.document.id, file.document.kind, file.document.span(0, 10).document) == ("d3", "pdf", "d3")


def test_a_file_that_cannot_be_read_keeps_its_id_and_says_why():
    file = read_file("不是 Word 文件".encode(), "佐证材料.docx", "d4")
    assert (file.id, file.name, file.document) == ("d4", "佐证材料.docx", None)
    assert file.error == "不是有效的 DOCX 文件（不是 zip 压缩包）"


def test_a_bundle_is_refused_with_the_advice_to_unpack_it():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr("总结.txt", "学会举办学术年会。")
    assert read_file(buffer.getvalue(), "材料.zip", "d1").error == "是压缩包，需要先解开，再逐个解析其中的文件"
