"""Pages set by hand the way other tools write them: cells drawn as boxes, rotated pages, scaled text,
fonts without a Unicode map, documents longer than the parser reads in one go.

Each PDF is written here from its content-stream operators, with the standard
(not embedded) STSong-Light font, so every glyph sits exactly where the test
says.
"""

from __future__ import annotations

from extractors.models import BlockKind
from extractors.parse import parse
from extractors.parse.pdf import REOPEN_PAGES, parse_pdf

HEADER = "江西省测绘学会2024年度工作总结"
FONTS = [
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>",
    b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
    b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 /FontDescriptor 5 0 R >>",
    b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
    b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    # A subset font as some converters write it: glyph numbers only, no ToUnicode map.
    b"<< /Type /Font /Subtype /Type0 /BaseFont /Subset /Encoding /Identity-H /DescendantFonts [7 0 R] >>",
    b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Subset"
    b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /FontDescriptor 5 0 R >>",
]


def text(x: float, y: float, s: str, size: float = 16) -> str:
    return f"BT /F1 {size} Tf {x} {y} Td <{s.encode('utf-16-be').hex()}> Tj ET"


def rule(x0: float, x1: float, y: float) -> str:
    return f"{x0} {y} m {x1} {y} l S"


def write_pdf(pages: list[list[str]], rotate: int = 0) -> bytes:
    """A PDF whose pages draw the given operators; objects 3–7 are the fonts, pages follow."""
    first = 3 + len(FONTS)
    kids = " ".join(f"{first + 2 * i} 0 R" for i in range(len(pages)))
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects = [catalog, f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(), *FONTS]
    for i, ops in enumerate(pages):
        stream = "\n".join(ops).encode()
        resources = "<< /Font << /F1 3 0 R /F2 6 0 R >> >>"
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate {rotate} "
                       f"/Resources {resources} /Contents {first + 2 * i + 1} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    chunks, offsets, size = [b"%PDF-1.4\n"], [], 9
    for number, body in enumerate(objects, start=1):
        chunk = b"%d 0 obj\n%s\nendobj\n" % (number, body)
        offsets.append(size)
        chunks.append(chunk)
        size += len(chunk)
    entries = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    count = len(objects) + 1
    chunks.append(b"xref\n0 %d\n0000000000 65535 f \n%strailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                  % (count, entries, count, size))
    return b"".join(chunks)


def header() -> list[str]:
    """The running header with the rule Word draws under it: one horizontal line, no table."""
    return [text(72, 800, HEADER, 12), rule(72, 523, 795)]


def boxed_table(rows: list[list[str]], top: float) -> list[str]:
    """A table whose every cell is its own stroked rectangle (`re`), as many converters draw borders."""
    ops = []
    for r, row in enumerate(rows):
        y = top - 30 * (r + 1)
        for c, cell in enumerate(row):
            ops += [f"{72 + 150 * c} {y} 150 30 re S", text(77 + 150 * c, y + 9, cell, 12)]
    return ops


def test_cells_drawn_as_boxes_are_a_table_and_a_ruled_page_without_one_keeps_its_headings():
    rows = [["活动名称", "参加人数"], ["学术年会", "300"], ["青年论坛", "120"]]
    pages = [
        [*header(), text(72, 740, "一、学术活动"), text(104, 712, "学会全年举办学术活动两场。"),
         *boxed_table(rows, 690), text(104, 570, "以上活动均按计划完成。")],
        [*header(), text(72, 740, "二、科普工作"), text(104, 712, "开展科普进校园活动五次。")],
    ]
    doc = parse(write_pdf(pages), "总结.pdf", "d1")
    assert doc.table_grid(0) == rows
    assert [(b.kind, b.page, b.text) for b in doc.blocks if b.kind != BlockKind.TABLE_CELL] == [
        (BlockKind.HEADING, 1, "一、学术活动"),
        (BlockKind.PARAGRAPH, 1, "学会全年举办学术活动两场。"),
        (BlockKind.PARAGRAPH, 1, "以上活动均按计划完成。"),
        (BlockKind.HEADING, 2, "二、科普工作"),
        (BlockKind.PARAGRAPH, 2, "开展科普进校园活动五次。"),
        (BlockKind.HEADER, 1, HEADER),
    ]
    cells = [b for b in doc.blocks if b.kind == BlockKind.TABLE_CELL]
    assert {b.page for b in cells} == {1}
    assert doc.blocks.index(cells[0]) == 2  # between the paragraphs it sits between on the page


def test_a_page_of_glyphs_without_a_unicode_map_is_sent_to_ocr():
    """pdfminer would print such glyphs as "(cid:1024)"; they are no text layer at all."""
    glyphs = "".join(f"{0x0400 + i:04X}" for i in range(24))
    garbled = [f"BT /F2 16 Tf 72 {740 - 28 * i} Td <{glyphs}> Tj ET" for i in range(12)]
    result = parse_pdf(write_pdf([[text(72, 740, "学会全年举办学术活动两场。")], garbled]), "佐证.pdf", max_pages=10)
    assert result.needs_ocr == [2]
    assert result.warnings == ["第2页没有文字层，需要 OCR"]
    assert [(b.page, b.text) for b in result.blocks] == [(1, "学会全年举办学术活动两场。")]


def test_a_rotated_page_reads_as_it_is_shown():
    """/Rotate 90 with the text turned the other way, as scanners and landscape exports write it."""
    lines = [(72, "一、基本情况"), (104, "学会现有会员一千二百人。")]
    ops = [f"BT /F1 1 Tf 0 16 -16 0 {60 + 30 * i} {x} Tm <{s.encode('utf-16-be').hex()}> Tj ET"
           for i, (x, s) in enumerate(lines)]
    doc = parse(write_pdf([ops], rotate=90), "横排.pdf", "d3")
    assert [(b.kind, b.text) for b in doc.blocks] == [(BlockKind.HEADING, "一、基本情况"),
                                                      (BlockKind.PARAGRAPH, "学会现有会员一千二百人。")]
    x0, top, x1, bottom = doc.blocks[0].bbox  # measured on the page as shown, not as stored
    assert (x0, x1) == (72, 72 + 6 * 16) and 40 < top < bottom < 65


def test_text_scaled_by_the_graphics_matrix_is_measured_at_its_visible_size():
    """A wrapped paragraph whose second line is drawn at twice the font size in half-scale space."""
    first = "学会坚持以服务会员为中心，全年组织专家深入基层开展"
    ops = [text(72, 740, first), "q 0.5 0 0 0.5 0 0 cm", text(144, 1424, "技术服务二十余次。", 32), "Q"]
    doc = parse(write_pdf([ops]), "总结.pdf", "d4")
    assert [b.text for b in doc.blocks] == [first + "技术服务二十余次。"]


def test_a_long_pdf_reads_every_page_in_order():
    pages = REOPEN_PAGES + 8  # past the point where the parser reopens the file
    texts = [f"（{n}）第{n}次常务理事会审议通过了年度工作计划。" for n in range(1, pages + 1)]
    doc = parse(write_pdf([[*header(), text(104, 740, t)] for t in texts]), "长文档.pdf", "d5")
    assert doc.pages == pages
    assert [(b.page, b.text) for b in doc.body_blocks()] == list(enumerate(texts, start=1))
    assert [(b.kind, b.text) for b in doc.blocks if b.kind == BlockKind.HEADER] == [(BlockKind.HEADER, HEADER)]


def test_word_numbered_items_keep_their_number_and_their_hanging_lines():
    """Word sets an auto number ("3.") smaller than the text, on its baseline, and hangs the next lines."""
    first, rest = "学会生态规划专业委员会于第三季度在抚州举办国土空间生", "态修复学术沙龙。"
    item_2 = "学会会刊《江西生态》全年出刊4期。"
    ops = [text(72, 740, "二、学术交流"),
           text(79.5, 712, "3.", 11), text(97.5, 712, first), text(97.5, 684, rest),
           text(79.5, 656, "4.", 11), text(97.5, 656, item_2),
           text(111.5, 628, "学会成立了生态科普讲师团，现有成员28人。")]
    doc = parse(write_pdf([ops]), "总结.pdf", "d6")
    assert [(b.kind, b.text.replace(" ", "")) for b in doc.blocks] == [
        (BlockKind.HEADING, "二、学术交流"),
        (BlockKind.LIST_ITEM, "3." + first + rest),
        (BlockKind.LIST_ITEM, "4." + item_2),
        (BlockKind.PARAGRAPH, "学会成立了生态科普讲师团，现有成员28人。"),
    ]


def test_ragged_right_lines_that_end_short_inside_a_sentence_stay_one_paragraph():
    """Left-aligned Word text ends a line short wherever the next number or character-and-mark did not fit;
    justified text never does. A short line ends the paragraph only at a sentence's end or when the
    room left could have held what comes next."""
    filler = "学会围绕服务创新驱动发展战略积极组织开展学术交流科普宣传与决策咨询工作" * 2

    def lines(*rows: tuple[float, str]) -> list[str]:
        # Every glyph here is one em (16 pt) wide: a line of n characters from x ends at x + 16n; the column at 520.
        return [text(x, 760 - 28 * i, s) for i, (x, s) in enumerate(rows)]

    held = "6月18日在南昌举办学术年会" + filler[:8] + "参会代表"  # 26 characters: 2 em short of the column
    went_on = "300余人，会议交流论文50篇，" + filler[:12]          # 28: full
    page = lines(
        (104, filler[:26]),
        (72, filler[26:54]),
        (72, held),
        (72, went_on),
        (72, filler[:24] + "，推"),  # 2 em short before "进"
        (72, "进工作。"),
        (72, "科普工作"),              # a title: far too short to be a wrap
        (72, filler[:25] + "。"),      # 2 em short, at a sentence's end
        (72, "2021年学会还开展了科技下乡活动。"),
    )
    assert [len(s) for s in (held, went_on)] == [26, 28]
    doc = parse(write_pdf([page]), "总结.pdf", "d1")
    assert [b.text for b in doc.blocks] == [
        f"{filler[:54]}{held}{went_on}{filler[:24]}，推进工作。",
        "科普工作",
        f"{filler[:25]}。",
        "2021年学会还开展了科技下乡活动。",
    ]
