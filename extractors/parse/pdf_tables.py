"""Ruled tables in a PDF: a grid found from the page's rules, pieces stitched across page breaks.

pdfplumber's table finder gets merged cells right (the continuations come
back as `None`), but its page objects come from pdfminer interpreting the
whole page, the slowest step of reading a PDF. The finder itself is plain
geometry over edges, so here it is fed the edges of PDFium's path objects
(the same straight segments pdfplumber derives from lines, rects and
curves) and cells are filled with the page's PDFium characters.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c
from pdfplumber.table import TableFinder

from extractors.models import Block, BlockKind, TableCellRef
from extractors.normalize import normalize_text
from extractors.parse.pdf_text import Char, Matrix, build_lines, object_matrix, page_objects


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
    bottom: float
    n_rows: int
    n_cols: int
    cells: list[Cell]

    def row(self, r: int) -> list[Cell]:
        return [c for c in self.cells if c.row == r]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.x0, self.top, self.x1, self.bottom


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


class _Rules:
    """The one thing pdfplumber's `TableFinder` reads from a page under its default "lines" strategies."""

    def __init__(self, edges: list[dict]):
        self.edges = edges


def find_tables(page, view: Matrix, chars: list[Char], number: int) -> list[TablePiece]:
    """The ruled tables on a page, with their cells' text, labelled with page `number`."""
    edges = _edges(page, view)
    if not edges:
        return []
    tables = [t for t in TableFinder(_Rules(edges)).tables if len(t.rows) * len(t.columns) > 1]
    return [_table_piece(t, chars, number) for t in tables]


def _edges(page, view: Matrix) -> list[dict]:
    """Horizontal and vertical straight segments of every path, in display coordinates, as pdfplumber edges."""
    edges = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for path, outer in page_objects(page, pdfium_c.FPDF_PAGEOBJ_PATH):
        to_page = object_matrix(path).then(outer).then(view)
        previous = None
        # PDFium spells a closed subpath (`h`, `re`) out as a last line back to its start.
        for i in range(pdfium_c.FPDFPath_CountSegments(path)):
            segment = pdfium_c.FPDFPath_GetPathSegment(path, i)
            pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
            point = to_page.apply(x.value, y.value)
            if previous is not None and pdfium_c.FPDFPathSegment_GetType(segment) != pdfium_c.FPDF_SEGMENT_MOVETO:
                edges.append(_edge(previous, point))
            previous = point
    return [e for e in edges if e["orientation"]]


def _edge(p0: tuple[float, float], p1: tuple[float, float]) -> dict:
    x0, x1, top, bottom = min(p0[0], p1[0]), max(p0[0], p1[0]), min(p0[1], p1[1]), max(p0[1], p1[1])
    orientation = "v" if x0 == x1 else "h" if top == bottom else None
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}


def in_box(char: Char, box: tuple) -> bool:
    """pdfplumber's test for a character in a cell: its centre, the right and bottom edges excluded."""
    x0, top, x1, bottom = box
    x, y = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
    return x0 <= x < x1 and top <= y < bottom


def _spans(rows: list, columns: list, r: int, c: int, bbox: tuple) -> tuple[int, int]:
    """How many grid rows and columns a cell covers: the `None` cells pdfplumber leaves inside its box."""
    x0, top, x1, bottom = bbox
    right = [(cell, column.bbox) for cell, column in zip(rows[r].cells[c + 1:], columns[c + 1:])]
    below = [(row.cells[c], row.bbox) for row in rows[r + 1:]]
    col_span = 1 + _covered(right, lambda box: x0 <= (box[0] + box[2]) / 2 <= x1)
    row_span = 1 + _covered(below, lambda box: top <= (box[1] + box[3]) / 2 <= bottom)
    return row_span, col_span


def _covered(neighbours: list[tuple], inside) -> int:
    """How many of the next grid rows or columns a merged cell reaches into: empty slots whose centre it holds."""
    count = 0
    for cell, box in neighbours:
        if cell is not None or not inside(box):
            break
        count += 1
    return count


def _table_piece(table, chars: list[Char], page: int) -> TablePiece:
    rows, columns = table.rows, table.columns  # both are recomputed on every access
    cells = []
    for r, row in enumerate(rows):
        row_chars = [ch for ch in chars if in_box(ch, row.bbox)]
        for c, bbox in enumerate(row.cells):
            if bbox is None:
                continue  # covered by a merged cell
            row_span, col_span = _spans(rows, columns, r, c, bbox)
            lines = build_lines([ch for ch in row_chars if in_box(ch, bbox)], page)
            text = normalize_text(" ".join(line.text for line in lines))
            cells.append(Cell(r, c, row_span, col_span, text, page, tuple(bbox)))
    x0, top, x1, bottom = table.bbox
    return TablePiece(page, top, x0, x1, bottom, len(rows), len(columns), cells)
