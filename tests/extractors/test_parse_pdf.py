"""The same summary exported to PDF reads like the DOCX: paragraphs rebuilt, running heads apart, tables whole.

The PDFs are committed (tests/fixtures/regenerate.py makes them with LibreOffice
from the builder's DOCX), so CI needs no LibreOffice.
"""

import re

import pytest

from extractors.models import BlockKind
from extractors.parse import ParseError, parse
from fixtures import build

CJK = "\u4e00-\u9fff"


@pytest.fixture(scope="module")
def pdf_doc(fixture_bytes):
    return parse(fixture_bytes("summary.pdf"), "工作总结.pdf", "d2")


def not_table(doc):
    return [(b.kind, b.level, b.text) for b in doc.body_blocks() if b.kind != BlockKind.TABLE_CELL]


def test_paragraphs_come_out_as_typed_in_the_docx(pdf_doc, summary_docx):
    """Order, kinds, levels and text equal the DOCX's; the text box is an ordinary paragraph in a PDF."""
    docx = parse(summary_docx, "工作总结.docx", "d1")
    expected = [(BlockKind.PARAGRAPH if k == BlockKind.TEXTBOX else k, lvl, t) for k, lvl, t in not_table(docx)]
    assert not_table(pdf_doc) == expected


def test_a_paragraph_wrapped_over_many_lines_is_one_block(pdf_doc):
    long = [b for b in pdf_doc.blocks if b.text.startswith("6月18日")]
    assert [b.text for b in long] == [build.LONG]


def test_no_stray_spaces_in_chinese_text(pdf_doc):
    assert not re.search(f"[{CJK}，。、：；] | [{CJK}，。、：；（]", pdf_doc.text)
    assert "2021年学术年会" in pdf_doc.text and "300余人" in pdf_doc.text


def test_running_header_and_page_numbers_are_not_body_text(pdf_doc):
    body_text = "\n".join(b.text for b in pdf_doc.body_blocks())
    assert body_text.count(build.TITLE) == 1  # the title, not the header on each page
    assert not re.search(r"—\s*\d+\s*—", pdf_doc.text)
    running = [(b.kind, b.text) for b in pdf_doc.blocks if b.kind not in (BlockKind.HEADING, BlockKind.PARAGRAPH,
                                                                           BlockKind.LIST_ITEM, BlockKind.TABLE_CELL)]
    assert running == [(BlockKind.HEADER, build.TITLE)]
    assert pdf_doc.blocks[-1].kind == BlockKind.HEADER


def test_table_has_the_true_grid_and_its_text_is_not_repeated(pdf_doc):
    assert pdf_doc.table_grid(0) == [build.TABLE_HEADER, *build.TABLE_ROWS]
    merged = {b.text: b.cell for b in pdf_doc.blocks if b.cell}
    assert (merged["能力建设"].row_span, merged["合计"].col_span) == (2, 2)
    assert pdf_doc.text.count("能力建设") == 1


def test_provenance_pages_and_boxes(pdf_doc):
    for b in pdf_doc.blocks:
        assert pdf_doc.text[b.start:b.end] == b.text
        assert b.bbox is not None
    page = {b.text: b.page for b in pdf_doc.blocks}
    assert page[build.LONG] == 1
    assert page[build.ITEM_LONG] == 2  # LibreOffice moved it to page 2
    assert page["能力建设"] == page[build.DATE] == 3
    assert pdf_doc.pages == 3
    assert pdf_doc.needs_ocr == [] and pdf_doc.warnings == []


def test_table_across_a_page_break_is_one_table(fixture_bytes):
    doc = parse(fixture_bytes("events.pdf"), "学术活动一览表.pdf", "d3")
    assert {b.cell.table for b in doc.blocks if b.cell} == {0}
    expected = [build.EVENTS_HEADER, *build.EVENTS]
    expected[1 + build.LONG_EVENT_ROW] = [*expected[1 + build.LONG_EVENT_ROW]]
    expected[1 + build.LONG_EVENT_ROW][1] = build.LONG_EVENT
    assert doc.table_grid(0) == expected  # header row once, the row cut by the break made whole
    cut = next(b for b in doc.blocks if b.text == build.LONG_EVENT)
    assert cut.page == 1
    assert doc.text.count("参加人数") == 1
    assert [b.text for b in doc.body_blocks()][-3:] == [build.PLAN, build.SOCIETY, build.DATE]


def test_faux_bold_and_letter_spacing_are_undone(fixture_bytes):
    doc = parse(fixture_bytes("typeset.pdf"), "总结.pdf", "d4")
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        (BlockKind.PARAGRAPH, None, "2024年度工作总结"),
        (BlockKind.HEADING, 1, "一、党建工作"),
        (BlockKind.PARAGRAPH, None, "学会于2024年6月举办学术年会，参会代表300余人。"),
    ]


def test_scanned_page_goes_to_ocr_with_a_warning(fixture_bytes):
    doc = parse(fixture_bytes("scanned.pdf"), "佐证材料.pdf", "d5")
    assert doc.needs_ocr == [2]
    assert doc.warnings == ["第2页没有文字层，已 OCR 识别，文字可能有误，请核对"]
    assert doc.pages == 2
    assert {b.page for b in doc.blocks} == {1, 2}
    assert build.INTRO in doc.text


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [
        ("encrypted.pdf", "PDF 已加密，无法读取（请提交未加密的文件）"),
        ("corrupt.pdf", "PDF 文件损坏或无法解析"),
    ],
)
def test_unreadable_pdfs_raise_with_the_reason(fixture_bytes, fixture, reason):
    with pytest.raises(ParseError) as caught:
        parse(fixture_bytes(fixture), f"材料/{fixture}", "d6")
    assert str(caught.value) == f"材料/{fixture}: {reason}"
    assert caught.value.name == f"材料/{fixture}"


def test_too_many_pages_fails_before_reading_them(fixture_bytes, monkeypatch):
    def read_page(*args):
        raise AssertionError("a page was read")

    monkeypatch.setattr("extractors.parse.pdf._read_page", read_page)
    with pytest.raises(ParseError) as caught:
        parse(fixture_bytes("events.pdf"), "超长.pdf", "d7", max_pages=2)
    assert caught.value.reason == "PDF 共3页，超过上限2页"
