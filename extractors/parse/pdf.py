"""PDF text layers: paragraphs rebuilt from lines, tables as cells, running heads set apart.

A PDF only knows where glyphs sit. Summaries exported from Word come out as
lines, with faux-bold glyphs drawn twice, running headers and page numbers in
the margins, and tables that continue on the next page under a repeated
header row. This module undoes each of these by position, page by page, then
rebuilds paragraphs across pages: an indented line, or one after a line that
ended short, starts a paragraph — unless the short line is ragged-right text
that stopped mid-sentence because the next number or word did not fit.

Characters come from PDFium (`pdf_text`), which reads a page in a few
milliseconds where pdfminer takes a tenth of a second; tables are found by
pdfplumber's grid geometry fed with PDFium's ruling lines (`pdf_tables`).
Each page is closed before the next is opened and only its lines are kept,
and the document itself is reopened every few dozen pages, so memory stays
flat however long the document.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.models import Block, BlockKind
from extractors.parse.base import Limits, ParsedFile, parsed, register
from extractors.normalize import normalize_text
from extractors.parse.errors import ParseError
from extractors.parse.ocr import read_scanned_pages
from extractors.parse.outline import NUMBERING, classify, is_page_number
from extractors.parse.pdf_tables import Table, TablePiece, find_tables, in_box
from extractors.parse.pdf_text import PDFIUM_LOCK, Line, build_lines, has_image, page_view, read_chars

# The document is reopened after this many pages, so PDFium's caches stay small in a long PDF.
REOPEN_PAGES = 32
# Running heads and page numbers sit in the top and bottom 8% of the page.
MARGIN_BAND = 0.08
# A line repeated at the same height on at least this share of the pages is a running head.
RUNNING_SHARE = 0.5
# Paragraph rules, in ems of the font size (see FIELD-NOTES: justified Word text).
INDENT_EMS = 0.8
HANGING_EMS = 0.5
SHORT_LINE_EMS = 1.5
EXTRA_GAP_EMS = 0.8
# Ragged-right (left-aligned) text ends a line short wherever the next unit did not fit: a number or
# Latin word, or a character with the marks that may not start a line. A line short by no more than
# that unit and this slack, and not at a sentence's end, wraps inside its paragraph.
WRAP_SLACK_EMS = 1.5
OPENING_MARKS = "（(《〈「『【[“‘"
CLOSING_MARKS = "，。、；：！？）)》〉」』】]”’,.;:!?%…"
FIRST_UNIT = re.compile(rf"[{re.escape(OPENING_MARKS)}]*(?:[0-9A-Za-z.\-/]+|\S)[{re.escape(CLOSING_MARKS)}]*")
SENTENCE_END = re.compile(r"[。！？；：!?;:…][”’）)」』]*$")
# "3.5万元" at a line start is a wrapped sentence, "3.10月15日" is not: a digit
# after "N." does not by itself start a new paragraph.
DECIMAL_START = re.compile(r"^\d+[.．]\d")


@dataclass
class PageContent:
    number: int
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[TablePiece] = field(default_factory=list)
    needs_ocr: bool = False


@dataclass
class PdfResult:
    blocks: list[Block]
    pages: int
    needs_ocr: list[int]
    warnings: list[str]


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ParseError(name, "PDF 已加密，无法读取（请提交未加密的文件）") from error
        raise ParseError(name, "PDF 文件损坏或无法解析") from error


def _read_page(pdf: pdfium.PdfDocument, index: int) -> PageContent:
    """Lines and tables of one page, or a page marked for OCR when it has no usable text layer."""
    number = index + 1
    page = pdf[index]
    try:
        view, height = page_view(page)
        content = PageContent(number, height)
        textpage = page.get_textpage()
        try:
            chars, unreadable = read_chars(textpage, view)
        finally:
            textpage.close()
        if not chars or unreadable:
            # A blank page is not a scan: only pages with an image (or junk glyphs) go to OCR.
            content.needs_ocr = bool(chars) or has_image(page)
            return content
        content.tables = find_tables(page, view, chars, number)
        if content.tables:
            chars = [c for c in chars if not any(in_box(c, t.bbox) for t in content.tables)]
        content.lines = build_lines(chars, number)
        return content
    finally:
        page.close()


def _mark_running(pages: list[PageContent]) -> None:
    """Mark running headers and footers: lines in the same margin band, at the same height, on most pages.

    Text alone is not enough (page 1's header may equal the title), so a line
    must also sit in the margin band at the height where it repeats. Page
    numbers in the band are running lines even on a one-page document.
    """
    seen: dict[tuple[BlockKind, str], list[Line]] = defaultdict(list)
    for content in pages:
        band = content.height * MARGIN_BAND
        for line in content.lines:
            kind = BlockKind.HEADER if line.bottom < band else BlockKind.FOOTER if line.top > content.height - band else None
            if kind is None:
                continue
            if is_page_number(line.text):
                line.running = kind
            else:
                seen[(kind, re.sub(r"\d+", "#", line.text.replace(" ", "")))].append(line)
    needed = max(2, RUNNING_SHARE * sum(1 for content in pages if content.lines))
    for (kind, _), lines in seen.items():
        height = statistics.median(line.top for line in lines)
        same_place = [line for line in lines if abs(line.top - height) < 4]
        if len({line.page for line in same_place}) >= needed:
            for line in same_place:
                line.running = kind


class _Layout:
    """The text column of the document: where lines start and end, and the usual gap between them."""

    def __init__(self, lines: list[Line]):
        # Low and high percentiles, so a line hanging into the margin does not move the column.
        starts, ends = sorted(line.x0 for line in lines), sorted(line.x1 for line in lines)
        self.left = starts[int(0.05 * (len(starts) - 1))] if starts else 0
        self.right = ends[int(0.95 * (len(ends) - 1))] if ends else 0
        gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if a.page == b.page and b.top > a.bottom]
        self.gap = statistics.median(gaps) if gaps else 0

    def starts_paragraph(self, paragraph: list[Line], line: Line) -> bool:
        prev, em = paragraph[-1], line.size
        # A list item's next lines hang at the words after its number, not at the margin.
        hanging = paragraph[0].body_x0 is not None and abs(line.x0 - paragraph[0].body_x0) < HANGING_EMS * em
        indented = line.x0 > self.left + INDENT_EMS * em and not hanging
        if indented or (prev.x1 < self.right - SHORT_LINE_EMS * prev.size and not self._wrapped(prev, line)):
            return True
        if abs(line.size - prev.size) > 1:
            return True
        if line.page == prev.page and line.top - prev.bottom > self.gap + EXTRA_GAP_EMS * em:
            return True
        text = line.text.replace(" ", "")
        return any(p.match(text) for _, p in NUMBERING) and not DECIMAL_START.match(text)

    def _wrapped(self, prev: Line, line: Line) -> bool:
        """`prev` ended short only because the first unit of `line` did not fit (ragged-right text)."""
        unit = FIRST_UNIT.match(line.text)
        if SENTENCE_END.search(prev.text) or unit is None:
            return False
        width = sum(1 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in unit.group())
        return self.right - prev.x1 <= (width + WRAP_SLACK_EMS) * prev.size


def _paragraph_block(lines: list[Line]) -> Block:
    text = normalize_text(" ".join(line.text for line in lines))
    kind, level = classify(text)
    first = [line for line in lines if line.page == lines[0].page]
    bbox = (min(line.x0 for line in first), min(line.top for line in first),
            max(line.x1 for line in first), max(line.bottom for line in first))
    return Block(kind=kind, text=text, index=0, page=lines[0].page, level=level, bbox=bbox)


def _pages_label(pages: list[int]) -> str:
    """"第3页" or "第2–4、7页" for a warning."""
    runs: list[list[int]] = []
    for p in pages:
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return "第" + "、".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs) + "页"


def parse_pdf(data: bytes, name: str, *, max_pages: int) -> PdfResult:
    with PDFIUM_LOCK:
        pages, total = _read_pages(data, name, max_pages)
    blocks = _assemble(pages)
    needs_ocr = [content.number for content in pages if content.needs_ocr]
    warnings = [f"{_pages_label(needs_ocr)}没有文字层，需要 OCR"] if needs_ocr else []
    return PdfResult(blocks, total, needs_ocr, warnings)


def _read_pages(data: bytes, name: str, max_pages: int) -> tuple[list[PageContent], int]:
    pdf = _open(data, name)
    try:
        total = len(pdf)
        if total == 0:
            raise ParseError(name, "PDF 文件损坏或无法解析（没有页面）")
        if total > max_pages:
            raise ParseError(name, f"PDF 共{total}页，超过上限{max_pages}页")
        pages = []
        for index in range(total):
            if index and index % REOPEN_PAGES == 0:
                # PDFium keeps every font and object it has parsed until the document is closed.
                pdf.close()
                pdf = _open(data, name)
            try:
                pages.append(_read_page(pdf, index))
            except Exception as error:  # a damaged page tree or content stream
                raise ParseError(name, f"PDF 文件损坏或无法解析（第{index + 1}页）") from error
        return pages, total
    finally:
        pdf.close()


def _assemble(pages: list[PageContent]) -> list[Block]:
    """Body blocks in reading order, then the distinct running headers and footers."""
    _mark_running(pages)
    layout = _Layout([line for content in pages for line in content.lines if line.running is None])
    entries: list[Block | Table] = []
    paragraph: list[Line] = []
    tables: list[Table] = []

    def flush() -> None:
        if paragraph:
            block = _paragraph_block(paragraph)
            if block.text:
                entries.append(block)
            paragraph.clear()

    for content in pages:
        items: list[Line | TablePiece] = [*content.tables, *(line for line in content.lines if line.running is None)]
        for i, item in enumerate(sorted(items, key=lambda it: it.top)):
            if isinstance(item, TablePiece):
                flush()
                previous = entries[-1] if entries else None
                if i == 0 and isinstance(previous, Table) and previous.continued_by(item):
                    previous.append(item)
                else:
                    tables.append(Table(len(tables), [item], item.n_rows))
                    entries.append(tables[-1])
            else:
                if paragraph and layout.starts_paragraph(paragraph, item):
                    flush()
                paragraph.append(item)
    flush()
    body = [block for entry in entries for block in (entry.blocks() if isinstance(entry, Table) else [entry])]
    return body + _running_blocks(pages)


def _running_blocks(pages: list[PageContent]) -> list[Block]:
    """One block per distinct running header or footer (page numbers dropped), headers first."""
    found: dict[tuple[BlockKind, str], Block] = {}
    for content in pages:
        for line in content.lines:
            kind = line.running
            text = normalize_text(line.text) if kind else ""
            if text and not is_page_number(text) and (kind, text) not in found:
                found[(kind, text)] = Block(kind=kind, text=text, index=0, page=line.page,
                                            bbox=(line.x0, line.top, line.x1, line.bottom))
    return sorted(found.values(), key=lambda b: b.kind != BlockKind.HEADER)


@register
class PdfParser:
    """The text layer, and OCR for the pages without one."""

    name = "pdf"
    kinds = ("pdf",)

    def parse(self, data: bytes, name: str, kind: str, doc_id: str, limits: Limits) -> ParsedFile:
        result = parse_pdf(data, name, max_pages=limits.max_pages)
        blocks, warnings = result.blocks, result.warnings
        if result.needs_ocr:
            blocks, warnings = read_scanned_pages(data, blocks, result.needs_ocr, warnings)
        return parsed(data, name, kind, doc_id, blocks, pages=result.pages, needs_ocr=result.needs_ocr,
                      warnings=warnings)
