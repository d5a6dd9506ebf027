"""Plain-text and Markdown summaries: encodings offices save in, headings by "#" or Chinese numbering."""

from extractors.models import BlockKind
from extractors.parse import parse
from fixtures import build


def kinds(doc):
    return [(b.kind, b.level, b.text) for b in doc.blocks]


def test_gb18030_text_is_decoded(fixture_bytes):
    doc = parse(fixture_bytes("summary-gb18030.txt"), "工作总结.txt", "d1")
    assert kinds(doc) == [
        (BlockKind.PARAGRAPH, None, build.TITLE),
        (BlockKind.HEADING, 1, "一、加强党建引领"),
        (BlockKind.PARAGRAPH, None, build.PARTY),
        (BlockKind.PARAGRAPH, None, build.LONG),
    ]
    assert doc.pages == 1 and {b.page for b in doc.blocks} == {1}


def test_utf8_with_bom_and_windows_line_ends():
    text = "\ufeff一、学术交流\r\n\r\n\u3000\u30003.10月15日，学会召开第八届理事会第三次会议，审议通过了年度工作报告。\r\n"
    doc = parse(text.encode("utf-8"), "总结.txt", "d1")
    assert kinds(doc) == [
        (BlockKind.HEADING, 1, "一、学术交流"),
        (BlockKind.LIST_ITEM, None, "3.10月15日，学会召开第八届理事会第三次会议，审议通过了年度工作报告。"),
    ]
    assert doc.text == "一、学术交流\n3.10月15日，学会召开第八届理事会第三次会议，审议通过了年度工作报告。"


def test_markdown_headings_take_their_level_from_the_hashes():
    text = "# 2021年度工作总结\n\n## 一、党建工作 ##\n（一）主题党日\n学会开展主题党日活动 6 次。\n"
    doc = parse(text.encode(), "总结.md", "d1")
    assert kinds(doc) == [
        (BlockKind.HEADING, 1, "2021年度工作总结"),
        (BlockKind.HEADING, 2, "一、党建工作"),
        (BlockKind.HEADING, 2, "（一）主题党日"),
        (BlockKind.PARAGRAPH, None, "学会开展主题党日活动6次。"),
    ]
    assert doc.kind == "md"


def test_hash_lines_in_plain_text_are_not_headings():
    doc = parse("# 不是标题".encode(), "总结.txt", "d1")
    assert kinds(doc) == [(BlockKind.PARAGRAPH, None, "#不是标题")]
