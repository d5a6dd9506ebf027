"""A Word summary typed the way offices type it comes out as ordered, traceable blocks."""

import io

from docx import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from extractors.models import BlockKind
from extractors.parse import parse
from fixtures import build

BODY = [
    (BlockKind.PARAGRAPH, None, build.TITLE),
    (BlockKind.PARAGRAPH, None, build.INTRO),
    (BlockKind.HEADING, 1, "一、加强党建引领，夯实组织基础"),
    (BlockKind.HEADING, 2, "（一）深入开展党史学习教育"),
    (BlockKind.PARAGRAPH, None, build.PARTY),
    (BlockKind.HEADING, 1, "二、聚焦主责主业，打造学术品牌"),
    (BlockKind.HEADING, 2, "（二）举办高水平学术会议"),
    (BlockKind.PARAGRAPH, None, build.LONG),
    (BlockKind.HEADING, 3, build.ITEM_HEADING),
    (BlockKind.LIST_ITEM, None, build.ITEM_LONG),
    (BlockKind.TEXTBOX, None, build.TEXTBOX),
    (BlockKind.PARAGRAPH, None, "附：学会2021年度自评表"),
    (BlockKind.HEADING, 1, "三、下一步工作打算"),
    (BlockKind.PARAGRAPH, None, build.PLAN),
    (BlockKind.PARAGRAPH, None, build.SOCIETY),
    (BlockKind.PARAGRAPH, None, build.DATE),
]


def parse_docx(data: bytes, name: str = "工作总结.docx"):
    return parse(data, name, "d1")


def docx_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def test_paragraphs_headings_and_list_items_in_body_order(summary_docx):
    doc = parse_docx(summary_docx)
    blocks = [(b.kind, b.level, b.text) for b in doc.body_blocks() if b.kind != BlockKind.TABLE_CELL]
    assert blocks == BODY
    assert doc.kind == "docx"


def test_table_sits_between_its_caption_and_the_next_heading(summary_docx):
    body = parse_docx(summary_docx).body_blocks()
    kinds = [b.kind for b in body]
    first_cell = kinds.index(BlockKind.TABLE_CELL)
    assert body[first_cell - 1].text == "附：学会2021年度自评表"
    assert body[first_cell + 18].text == "三、下一步工作打算"
    assert kinds[first_cell:first_cell + 18] == [BlockKind.TABLE_CELL] * 18


def test_merged_cells_form_the_true_grid(summary_docx):
    doc = parse_docx(summary_docx)
    assert doc.table_grid(0) == [build.TABLE_HEADER, *build.TABLE_ROWS]
    cells = {b.text: b.cell for b in doc.blocks if b.cell}
    assert (cells["能力建设"].row, cells["能力建设"].row_span, cells["能力建设"].col_span) == (1, 2, 1)
    assert (cells["合计"].row, cells["合计"].col, cells["合计"].col_span) == (4, 0, 2)
    assert (cells["科学普及"].row, cells["科学普及"].col) == (2, 1)


def test_text_box_text_appears_once(summary_docx):
    doc = parse_docx(summary_docx)
    assert doc.text.count(build.TEXTBOX) == 1
    assert [b.kind for b in doc.blocks if b.text == build.TEXTBOX] == [BlockKind.TEXTBOX]


def test_running_header_is_kept_apart_and_the_page_field_footer_dropped(summary_docx):
    doc = parse_docx(summary_docx)
    assert [(b.kind, b.text) for b in doc.blocks if b.kind not in (BlockKind.HEADER, BlockKind.FOOTER)] == [
        (b.kind, b.text) for b in doc.body_blocks()
    ]
    assert [(b.kind, b.text) for b in doc.blocks[len(doc.body_blocks()):]] == [(BlockKind.HEADER, build.TITLE)]
    # The title is in the body once (its heading copy is not body text).
    assert sum(b.text == build.TITLE for b in doc.body_blocks()) == 1
    assert "—" not in doc.text


def test_pages_follow_the_explicit_page_break(summary_docx):
    doc = parse_docx(summary_docx)
    page = {b.text: b.page for b in doc.body_blocks()}
    assert page[build.TITLE] == page[build.ITEM_LONG] == page[build.TEXTBOX] == 1
    assert page["附：学会2021年度自评表"] == page["能力建设"] == page[build.DATE] == 2
    assert doc.pages == 2


def test_every_block_points_at_its_own_text(summary_docx):
    doc = parse_docx(summary_docx)
    assert doc.text.split("\n") == [b.text for b in doc.blocks]
    for b in doc.blocks:
        assert doc.text[b.start:b.end] == b.text
    assert len(doc.sha256) == 64


def test_heading_styles_give_the_level_even_without_numbering():
    word = WordDocument()
    word.add_heading("学会基本情况", level=2)
    custom = word.styles.add_style("标题 1", WD_STYLE_TYPE.PARAGRAPH)
    word.add_paragraph("年度工作亮点", style=custom)
    word.add_paragraph("学会共有个人会员1200人。")
    doc = parse_docx(docx_bytes(word))
    assert [(b.kind, b.level) for b in doc.blocks] == [
        (BlockKind.HEADING, 2), (BlockKind.HEADING, 1), (BlockKind.PARAGRAPH, None)]


def test_a_numbered_sentence_is_a_list_item_not_a_heading():
    word = WordDocument()
    for text in ("（三）", "（三）积极开展科普活动", "（1）9月18日举办全国科普日主场活动，参与群众2000余人次。", "2、加强秘书处建设"):
        word.add_paragraph(text)
    doc = parse_docx(docx_bytes(word))
    assert [(b.kind, b.level) for b in doc.blocks] == [
        (BlockKind.HEADING, 2), (BlockKind.HEADING, 2), (BlockKind.LIST_ITEM, None), (BlockKind.HEADING, 3)]


def test_rendered_page_breaks_are_not_counted_twice_with_hard_breaks():
    """Word records a rendered break after a hard one; together they are one new page."""
    word = WordDocument()
    word.add_paragraph("第一页内容。").add_run().add_break()  # a line break, not a page
    first = word.add_paragraph("第一页末尾。")
    first.runs[0]._r.append(parse_xml(f'<w:br {nsdecls("w")} w:type="page"/>'))
    second = word.add_paragraph()
    second.add_run()._r.append(parse_xml(f'<w:lastRenderedPageBreak {nsdecls("w")}/>'))
    second.add_run("第二页内容。")
    word.add_paragraph("另起一页。").paragraph_format.page_break_before = True
    word.add_paragraph()._p.get_or_add_pPr().append(parse_xml(f'<w:sectPr {nsdecls("w")}/>'))
    word.add_paragraph("新的一节。")
    pages = [b.page for b in parse_docx(docx_bytes(word)).blocks]
    # Only rendered breaks count once the file has any: page break before and the
    # section break were not rendered here, so everything after is page 2.
    assert pages == [1, 1, 2, 2, 2]


def test_without_rendered_breaks_hard_breaks_and_sections_count():
    word = WordDocument()
    word.add_paragraph("第一页。").add_run().add_break(WD_BREAK.PAGE)
    word.add_paragraph("第二页。")
    word.add_paragraph("第三页。").paragraph_format.page_break_before = True
    word.add_paragraph()._p.get_or_add_pPr().append(parse_xml(f'<w:sectPr {nsdecls("w")}/>'))
    word.add_paragraph("第四页，新的一节。")
    doc = parse_docx(docx_bytes(word))
    assert [b.page for b in doc.blocks] == [1, 2, 3, 4]
    assert doc.pages == 4
