"""Workbooks kaohe writes hold text as text: nothing a reviewer or an archive wrote becomes a formula.

openpyxl stores a string that starts with "=" as a formula, and a spreadsheet
re-reads a cell starting with "+", "-" or "@" (or a tab or carriage return
before one) as a formula once someone edits it. A reason typed as
`=HYPERLINK(...)` or a folder named `=1+2` must stay the words it is: such
cells are written as strings with Excel's quote prefix (what a leading
apostrophe does when typing), which keeps them text even when edited.
"""

from __future__ import annotations

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_only(book: Workbook) -> Workbook:
    """Mark every string cell that could be taken for a formula as text; `book` itself, changed."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    return book
