"""Spreadsheets: one table per sheet, merged cells resolved into the grid, one block per real cell.

A workbook is streamed a row at a time (openpyxl's read-only mode) rather
than loaded whole with a cell object, and its style, for every cell. What
stays is a block per non-empty cell, about 2 KB each, which is why a
workbook's XML limit is lower than a Word file's (`container`). A read-only
sheet does not expose its merged cells, so each sheet's XML is read with
openpyxl's own row parser, which keeps the `<mergeCells>` that follow the rows.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import partial

import openpyxl
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._reader import WorkSheetParser

from extractors.models import Block, BlockKind, TableCellRef
from extractors.parse.base import parsers
from extractors.parse.container import ContainerParser
from extractors.normalize import normalize_text
from extractors.parse.errors import ParseError


def _cell_text(value: object) -> str:
    """A cell value as a reviewer reads it: whole numbers without ".0", dates without midnight."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _sheet_cells(workbook, sheet) -> tuple[list[tuple[int, int, str]], dict[tuple[int, int], tuple[int, int]]]:
    """A read-only sheet's non-empty cells (row, column, text), and the spans of its merged cells by top-left cell."""
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=workbook.epoch,
                                 date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
        cells = [(cell["row"], cell["column"], text) for _, row in parser.parse() for cell in row
                 if (text := normalize_text(_cell_text(cell["value"])))]
    spans = {}
    for merged in parser.merged_cells.mergeCell if parser.merged_cells else ():
        left, top, right, bottom = range_boundaries(merged.ref)
        spans[top, left] = (bottom - top + 1, right - left + 1)
    return cells, spans


def parse_xlsx(data: bytes, name: str) -> tuple[list[Block], int]:
    """Table cells of every sheet (the sheet number is the block's page), and the number of sheets."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = [_sheet_cells(workbook, sheet) for sheet in workbook.worksheets]
        finally:
            workbook.close()
    except Exception as error:  # openpyxl raises many types on a damaged workbook
        raise ParseError(name, "XLSX 文件损坏或无法解析") from error
    blocks: list[Block] = []
    table = 0
    for page, (cells, spans) in enumerate(sheets, start=1):
        if not cells:
            continue
        # The grid starts at the sheet's first row and column that hold anything.
        top, left = min(r for r, _, _ in cells), min(c for _, c, _ in cells)
        for r, c, text in cells:
            row_span, col_span = spans.get((r, c), (1, 1))
            ref = TableCellRef(table=table, row=r - top, col=c - left, row_span=row_span, col_span=col_span)
            blocks.append(Block(kind=BlockKind.TABLE_CELL, text=text, index=0, page=page, cell=ref))
        table += 1
    return blocks, max(len(sheets), 1)


parsers.register("xlsx", func=partial(ContainerParser, "xlsx", parse_xlsx))
