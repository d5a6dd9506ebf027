"""Spreadsheets: one table per sheet, merged cells resolved into the grid, one block per real cell."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from extractors.models import Block, BlockKind, TableCellRef
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


def parse_xlsx(data: bytes, name: str) -> tuple[list[Block], int]:
    """Table cells of every sheet (the sheet number is the block's page), and the number of sheets."""
    try:
        # Not read-only: read-only worksheets do not expose merged cells.
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises many types on a damaged workbook
        raise ParseError(name, "XLSX 文件损坏或无法解析") from error
    blocks: list[Block] = []
    table = 0
    for page, sheet in enumerate(workbook.worksheets, start=1):
        spans = {(r.min_row, r.min_col): (r.max_row - r.min_row + 1, r.max_col - r.min_col + 1)
                 for r in sheet.merged_cells.ranges}
        # Bounds are computed once: openpyxl recomputes them from every cell on each access.
        top, left = sheet.min_row, sheet.min_column
        cells = []
        for r, row in enumerate(sheet.iter_rows(min_row=top, min_col=left, values_only=True)):
            for c, value in enumerate(row):
                text = normalize_text(_cell_text(value))
                if text:
                    row_span, col_span = spans.get((top + r, left + c), (1, 1))
                    ref = TableCellRef(table=table, row=r, col=c, row_span=row_span, col_span=col_span)
                    cells.append(Block(kind=BlockKind.TABLE_CELL, text=text, index=0, page=page, cell=ref))
        if cells:
            blocks.extend(cells)
            table += 1
    return blocks, max(len(workbook.worksheets), 1)
