"""Word documents: paragraphs, tables, text boxes, headers and footers, in reading order.

The text is read from the XML rather than through python-docx's paragraph
objects, because those skip runs inside tracked insertions, content controls
and simple fields, and cannot see text boxes at all. python-docx still opens
the package and resolves styles and header parts.
"""

from __future__ import annotations

import io
from functools import partial
import re
from collections.abc import Iterator

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from extractors.models import Block, BlockKind, TableCellRef
from extractors.parse.base import parsers
from extractors.parse.container import ContainerParser
from extractors.normalize import normalize_text
from extractors.parse.errors import ParseError
from extractors.parse.outline import classify, is_page_number

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
P, TBL, TR, TC, T = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:t")
TAB, BR, CR = qn("w:tab"), qn("w:br"), qn("w:cr")
SDT, SDT_CONTENT, CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
TXBX = qn("w:txbxContent")
RENDERED_BREAK, PAGE_BREAK_BEFORE, SECT_PR = qn("w:lastRenderedPageBreak"), qn("w:pageBreakBefore"), qn("w:sectPr")
# Text of these never belongs to the paragraph that holds them: a text box is
# read as its own block, mc:Fallback repeats mc:Choice, deleted text is gone.
SKIPPED = {TXBX, f"{{{MC}}}Fallback", qn("w:del"), qn("w:instrText"), qn("w:delText")}
HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
BODY_TEXT_OUTLINE = 9


def _text(element: etree._Element) -> str:
    """The visible text of one paragraph, without its text boxes."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIPPED:
                continue
            if tag == T:
                parts.append(child.text or "")
            elif tag in (TAB, BR, CR):
                parts.append(" ")
            else:
                walk(child)

    walk(element)
    return "".join(parts)


def _content(container: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables of a body, cell or header in order, looking through content controls."""
    for child in container:
        if child.tag in (P, TBL):
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _content(content)
        elif child.tag == CUSTOM_XML:
            yield from _content(child)


def _paragraph_texts(container: etree._Element) -> Iterator[str]:
    """Every paragraph's text under a container, nested tables flattened in order."""
    for element in _content(container):
        if element.tag == P:
            yield _text(element)
        else:
            for tc in element.iter(TC):
                yield from _paragraph_texts(tc)


def _text_boxes(element: etree._Element) -> Iterator[str]:
    """The text of each text box anchored in `element`, once (mc:Choice, not its mc:Fallback copy)."""
    for box in element.iter(TXBX):
        if any(a.tag == TXBX or a.tag == f"{{{MC}}}Fallback" for a in box.iterancestors()):
            continue
        lines = [_text(p) for p in box.iter(P) if not any(a.tag == f"{{{MC}}}Fallback" for a in p.iterancestors())]
        yield "\n".join(lines)


class PageCounter:
    """Page of each element from the explicit breaks before it.

    A file saved by Word records where every page ended (w:lastRenderedPageBreak,
    hard breaks included), so only those are counted when present; otherwise
    hard page breaks, "page break before" and new-page section breaks are.
    """

    def __init__(self, body: etree._Element):
        self.page = 1
        self.rendered = next(body.iter(RENDERED_BREAK), None) is not None

    def _is_break(self, node: etree._Element) -> bool:
        if self.rendered:
            return node.tag == RENDERED_BREAK
        if node.tag == BR:
            return node.get(qn("w:type")) == "page"
        if node.tag == PAGE_BREAK_BEFORE:
            return node.get(qn("w:val"), "true") not in ("0", "false", "off")
        return False

    def enter(self, element: etree._Element) -> int:
        """The page `element`'s text starts on; moves past the breaks inside it."""
        start = None
        for node in element.iter(T, BR, RENDERED_BREAK, PAGE_BREAK_BEFORE):
            if node.tag == T and node.text and start is None:
                start = self.page
            elif self._is_break(node):
                self.page += 1
        if not self.rendered and element.tag == P:
            sect = element.find(f"{qn('w:pPr')}/{SECT_PR}")
            if sect is not None and self._starts_new_page(sect):
                self.page += 1
        return self.page if start is None else start

    @staticmethod
    def _starts_new_page(sect: etree._Element) -> bool:
        kind = sect.find(qn("w:type"))
        return kind is None or kind.get(qn("w:val")) != "continuous"


def _outline_level(ppr: etree._Element | None) -> int | None:
    """Heading level from an explicit w:outlineLvl (0 is level 1; 9 is body text)."""
    outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if outline is None:
        return None
    value = int(outline.get(qn("w:val"), BODY_TEXT_OUTLINE))
    return value + 1 if value < BODY_TEXT_OUTLINE else None


def _style_level(style) -> int | None:
    """Heading level of a paragraph style: its name ("Heading 2", "标题 2"), or its or a base style's outline level."""
    while style is not None:
        m = HEADING_STYLE.match(style.name or "")
        level = int(m.group(1)) if m else _outline_level(style.element.pPr)
        if level:
            return level
        style = style.base_style
    return None


class _Reader:
    def __init__(self, document: WordDocument):
        self.document = document
        self.body = document.element.body
        self.pages = PageCounter(self.body)
        self.tables = 0
        self.blocks: list[Block] = []
        # Style lookups are slow in python-docx; a document has few styles.
        self.style_levels: dict[str | None, int | None] = {}

    def _heading_level(self, p: etree._Element) -> int | None:
        level = _outline_level(p.pPr)
        if level:
            return level
        if p.style not in self.style_levels:
            self.style_levels[p.style] = _style_level(Paragraph(p, self.document._body).style)
        return self.style_levels[p.style]

    def read(self) -> list[Block]:
        for element in _content(self.body):
            page = self._paragraph(element) if element.tag == P else self._table(element)
            for box in _text_boxes(element):
                self._add(BlockKind.TEXTBOX, box, page)
        return self.blocks

    def _add(self, kind: BlockKind, raw: str, page: int | None, **fields) -> None:
        text = normalize_text(raw)
        if text:
            self.blocks.append(Block(kind=kind, text=text, index=0, page=page, **fields))

    def _paragraph(self, p: etree._Element) -> int:
        """Adds the paragraph's block; returns the page it starts on."""
        page = self.pages.enter(p)
        text = normalize_text(_text(p))
        if not text:
            return page
        level = self._heading_level(p)
        kind, level = (BlockKind.HEADING, level) if level else classify(text)
        self.blocks.append(Block(kind=kind, text=text, index=0, page=page, level=level))
        return page

    def _table(self, tbl: etree._Element) -> int:
        """Adds one block per real cell of the true grid (gridSpan, vMerge); returns the starting page."""
        table = self.tables
        self.tables += 1
        cells: list[list] = []  # [row, col, row_span, col_span, text, page]
        starts_at: dict[int, list] = {}  # grid column -> the cell a vertical merge there continues
        for r, tr in enumerate(tbl.findall(TR)):
            col = tr.grid_before
            for tc in tr.findall(TC):
                page = self.pages.enter(tc)
                span = tc.grid_span
                if tc.vMerge == "continue" and col in starts_at:
                    starts_at[col][2] = r - starts_at[col][0] + 1
                else:
                    cell = [r, col, 1, span, "\n".join(_paragraph_texts(tc)), page]
                    cells.append(cell)
                    starts_at[col] = cell
                col += span
        for row, col, row_span, col_span, text, page in cells:
            ref = TableCellRef(table=table, row=row, col=col, row_span=row_span, col_span=col_span)
            self._add(BlockKind.TABLE_CELL, text, page, cell=ref)
        return cells[0][5] if cells else self.pages.page

    def running(self) -> list[Block]:
        """Distinct header and footer lines of all sections, headers first."""
        found: dict[BlockKind, list[str]] = {BlockKind.HEADER: [], BlockKind.FOOTER: []}
        related = self.document.part.related_parts
        for sect in self.body.iter(SECT_PR):
            for ref in sect:
                kind = {qn("w:headerReference"): BlockKind.HEADER, qn("w:footerReference"): BlockKind.FOOTER}.get(ref.tag)
                part = related.get(ref.get(qn("r:id"))) if kind else None
                if part is None:
                    continue
                for raw in [*_paragraph_texts(part.element), *_text_boxes(part.element)]:
                    for line in normalize_text(raw).split("\n"):
                        if line and not is_page_number(line) and line not in found[kind]:
                            found[kind].append(line)
        return [Block(kind=kind, text=line, index=0) for kind, lines in found.items() for line in lines]


def parse_docx(data: bytes, name: str) -> tuple[list[Block], int]:
    """Body blocks followed by header and footer blocks, and the number of pages."""
    try:
        reader = _Reader(docx.Document(io.BytesIO(data)))
        body, running = reader.read(), reader.running()
    except Exception as error:  # python-docx and lxml raise many types on a damaged package
        raise ParseError(name, "DOCX 文件损坏或无法解析") from error
    pages = max((b.page for b in body if b.page), default=1)
    return body + running, pages


parsers.register("docx", func=partial(ContainerParser, "docx", parse_docx))
