"""PDF text layers: paragraphs rebuilt from lines, tables as cells, running heads set apart.

A PDF only knows where glyphs sit. Summaries exported from Word come out as
lines, with faux-bold glyphs drawn twice, running headers and page numbers in
the margins, and tables that continue on the next page under a repeated
header row. This module undoes each of these by position, page by page
(closing each page keeps memory flat), then rebuilds paragraphs across pages.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from extractors.models import Block, BlockKind, TableCellRef
from extractors.normalize import normalize_text
from extractors.parse.errors import ParseError
from extractors.parse.outline import NUMBERING, classify, is_page_number

# Running heads and page numbers sit in the top and bottom 8% of the page.
MARGIN_BAND = 0.08
# A line repeated at the same height on at least this share of the pages is a running head.
RUNNING_SHARE = 0.5
# Paragraph rules, in ems of the font size (see FIELD-NOTES: justified Word text).
INDENT_EMS = 0.8
SHORT_LINE_EMS = 1.5
EXTRA_GAP_EMS = 0.8
X_TOLERANCE_RATIO = 0.3
# A page whose characters are mostly unmapped glyphs is as good as scanned.
UNREADABLE_SHARE = 0.5
# "3.5万元" at a line start is a wrapped sentence, "3.10月15日" is not: a digit
# after "N." does not by itself start a new paragraph.
DECIMAL_START = re.compile(r"^\d+[.．]\d")


@dataclass
class Line:
    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    # HEADER or FOOTER for a running head or page number in the margin; None for body text.
    running: BlockKind | None = None


@dataclass
class Cell:
    row: int
    col: int
    row_span: int
    col_span: int
    text: str
    page: int
    bbox: tuple[float, float, float, float]


@dataclass
class TablePiece:
    """The part of a table found on one page."""

    page: int
    top: float
    x0: float
    x1: float
    n_rows: int
    n_cols: int
    cells: list[Cell]

    def row(self, r: int) -> list[Cell]:
        return [c for c in self.cells if c.row == r]


@dataclass
class PageContent:
    number: int
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[TablePiece] = field(default_factory=list)
    needs_ocr: bool = False


@dataclass
class Table:
    """A table in the document, stitched from its pieces on consecutive pages."""

    index: int
    pieces: list[TablePiece]
    n_rows: int

    def append(self, piece: TablePiece) -> None:
        """Add the next page's piece: drop its repeated header row, merge a row fragment cut by the break."""
        first, last = self.pieces[0], self.pieces[-1]
        skip = 1 if [c.text for c in piece.row(0)] == [c.text for c in first.row(0)] else 0
        fragment = piece.row(skip)
        if fragment and not any(c.col == 0 and c.text for c in fragment):
            above = {c.col: c for c in last.cells if c.row + c.row_span == self.n_rows}
            for c in fragment:
                if c.col in above:
                    above[c.col].text = normalize_text(f"{above[c.col].text} {c.text}")
            skip += 1
        piece.cells = [c for c in piece.cells if c.row >= skip]
        for c in piece.cells:
            c.row += self.n_rows - skip
        self.n_rows += piece.n_rows - skip
        self.pieces.append(piece)

    def continued_by(self, piece: TablePiece) -> bool:
        """Whether `piece`, at the top of a page, carries on this table from the previous page."""
        last = self.pieces[-1]
        return piece.page == last.page + 1 and piece.n_cols == last.n_cols and abs(piece.x0 - last.x0) < 3

    def blocks(self) -> list[Block]:
        return [
            Block(kind=BlockKind.TABLE_CELL, text=c.text, index=0, page=c.page, bbox=c.bbox,
                  cell=TableCellRef(table=self.index, row=c.row, col=c.col, row_span=c.row_span, col_span=c.col_span))
            for piece in self.pieces for c in piece.cells if c.text
        ]


@dataclass
class PdfResult:
    blocks: list[Block]
    pages: int
    needs_ocr: list[int]
    warnings: list[str]


def _open(data: bytes, name: str) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as error:
        cause = error.args[0] if error.args else None
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ParseError(name, "PDF 已加密，无法读取（请提交未加密的文件）") from error
        raise ParseError(name, "PDF 文件损坏或无法解析") from error
    except Exception as error:  # pdfminer raises many unrelated types on broken files
        raise ParseError(name, "PDF 文件损坏或无法解析") from error


def _unreadable(chars: list[dict]) -> bool:
    """Mostly "(cid:N)" or private-use glyphs: a font without a usable Unicode map."""
    bad = sum(1 for c in chars if c["text"].startswith("(cid:") or "\ue000" <= c["text"][:1] <= "\uf8ff")
    return bad > UNREADABLE_SHARE * len(chars)


def _spans(rows: list, columns: list, r: int, c: int, bbox: tuple) -> tuple[int, int]:
    """How many grid rows and columns a cell covers: the `None` cells pdfplumber leaves inside its box."""
    x0, top, x1, bottom = bbox
    col_span = 1
    for cc in range(c + 1, len(columns)):
        cx0, _, cx1, _ = columns[cc].bbox
        if rows[r].cells[cc] is not None or not x0 <= (cx0 + cx1) / 2 <= x1:
            break
        col_span += 1
    row_span = 1
    for rr in range(r + 1, len(rows)):
        _, rtop, _, rbottom = rows[rr].bbox
        if rows[rr].cells[c] is not None or not top <= (rtop + rbottom) / 2 <= bottom:
            break
        row_span += 1
    return row_span, col_span


def _table_piece(table, page: int) -> TablePiece:
    texts = table.extract(x_tolerance_ratio=X_TOLERANCE_RATIO)
    rows, columns = table.rows, table.columns  # both are recomputed on every access
    cells = []
    for r, row in enumerate(rows):
        for c, bbox in enumerate(row.cells):
            if bbox is None:
                continue  # covered by a merged cell
            row_span, col_span = _spans(rows, columns, r, c, bbox)
            text = normalize_text((texts[r][c] or "").replace("\n", " "))
            cells.append(Cell(r, c, row_span, col_span, text, page, tuple(bbox)))
    x0, top, x1, _ = table.bbox
    return TablePiece(page, top, x0, x1, len(rows), len(columns), cells)


def _inside(obj: dict, boxes: list[tuple]) -> bool:
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _read_page(page, number: int) -> PageContent:
    """Lines and tables of one page, or a page marked for OCR when it has no usable text layer."""
    content = PageContent(number, float(page.height))
    if not page.chars or _unreadable(page.chars):
        # A blank page is not a scan: only pages with an image (or junk glyphs) go to OCR.
        content.needs_ocr = bool(page.chars or page.images)
        return content
    page = page.dedupe_chars()
    # Table finding is the slow part; only pages with ruling lines can hold a ruled table.
    if page.lines or page.rects:
        tables = [t for t in page.find_tables() if len(t.rows) * len(t.columns) > 1]
        content.tables = [_table_piece(t, number) for t in tables]
        if tables:
            boxes = [t.bbox for t in tables]
            page = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    for line in page.extract_text_lines(x_tolerance_ratio=X_TOLERANCE_RATIO):
        size = statistics.median(c["size"] for c in line["chars"])
        content.lines.append(Line(line["text"], number, line["x0"], line["x1"], line["top"], line["bottom"], size))
    return content


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

    def starts_paragraph(self, prev: Line, line: Line) -> bool:
        em = line.size
        if line.x0 > self.left + INDENT_EMS * em or prev.x1 < self.right - SHORT_LINE_EMS * prev.size:
            return True
        if abs(line.size - prev.size) > 1:
            return True
        if line.page == prev.page and line.top - prev.bottom > self.gap + EXTRA_GAP_EMS * em:
            return True
        text = line.text.replace(" ", "")
        return any(p.match(text) for _, p in NUMBERING) and not DECIMAL_START.match(text)


def _paragraph_block(lines: list[Line]) -> Block:
    text = normalize_text(" ".join(line.text for line in lines))
    kind, level = classify(text)
    first = [line for line in lines if line.page == lines[0].page]
    bbox = (min(l.x0 for l in first), min(l.top for l in first), max(l.x1 for l in first), max(l.bottom for l in first))
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
    pdf = _open(data, name)
    try:
        total = len(pdf.pages)
        if total == 0:
            raise ParseError(name, "PDF 文件损坏或无法解析（没有页面）")
        if total > max_pages:
            raise ParseError(name, f"PDF 共{total}页，超过上限{max_pages}页")
        pages = []
        for number, page in enumerate(pdf.pages, start=1):
            try:
                content = _read_page(page, number)
            except Exception as error:  # a damaged content stream
                raise ParseError(name, f"PDF 文件损坏或无法解析（第{number}页）") from error
            finally:
                page.close()
            pages.append(content)
    finally:
        pdf.close()
    blocks = _assemble(pages)
    needs_ocr = [content.number for content in pages if content.needs_ocr]
    warnings = [f"{_pages_label(needs_ocr)}没有文字层，需要 OCR"] if needs_ocr else []
    return PdfResult(blocks, total, needs_ocr, warnings)


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
        items: list[Line | TablePiece] = [*content.tables, *(l for l in content.lines if l.running is None)]
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
                if paragraph and layout.starts_paragraph(paragraph[-1], item):
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
