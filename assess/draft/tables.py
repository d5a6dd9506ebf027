"""The tables of a notice as rows of cells, from a parsed document or from flattened text.

A notice arrives as Word, PDF or Excel (the parser keeps each cell in its column)
or as text in which every table was flattened: one row per line with tabs between
cells, or one cell per line. Both become `SourceTable`s here, so everything that
reads the rubric out of a table works the same whatever the file was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.models import Document
from extractors.normalize import normalize_text

# Lines around a table that are not its title: form fields and attachment numbers.
FORM_LINE = re.compile(r"填报|盖章|手机|联系电话|^附[件表]\s*\d*\s*[:：]?$")
ATTACHMENT = re.compile(r"^附[件表]\s*(\d*)")
DATE_LINE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
WORD = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class SourceTable:
    """One table of the notice: its title and its rows of normalised cells.

    `exact` says the cells sit in their true columns (Word, PDF, a cell-per-line
    text); a row-per-line text shifts cells when the flattening dropped empty ones.
    """

    title: str
    attachment: str
    rows: list[list[str]]
    # Where each row is in the notice: its line in a text, its page in a document.
    lines: list[int]
    exact: bool
    unit: str = "行"


def tables_from_document(doc: Document) -> list[SourceTable]:
    """The tables of a parsed Word, PDF or Excel file, each with the lines above it as its title."""
    tables = []
    for index in sorted({b.cell.table for b in doc.blocks if b.cell is not None}):
        grid = doc.table_grid(index)
        first = next(b for b in doc.blocks if b.cell is not None and b.cell.table == index)
        above = [b.text for b in doc.blocks[: first.index] if b.cell is None][-6:]
        title, attachment = _title(above)
        pages = {b.cell.row: b.page or 1 for b in reversed(doc.blocks) if b.cell is not None and b.cell.table == index}
        rows = [[c or "" for c in row] for row in grid]
        tables.append(SourceTable(title, attachment, rows, [pages.get(r, 1) for r in range(len(rows))], True, "页"))
    return tables


def tables_from_text(text: str) -> list[SourceTable]:
    """The tables of a notice's text, flattened row per line (tabs between cells) or cell per line.

    A cell-per-line table starts each cell with a tab; a line without one
    continues the cell above, unless the row is already complete and a blank
    line came first (then it is the text after the table).
    """
    tables: list[SourceTable] = []
    above: list[str] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    cells: list[tuple[list[str], int, bool]] = []  # cell per line: (its lines, line number, after a blank line)
    blank = False

    def close() -> None:
        nonlocal rows, lines, cells
        if rows:
            tables.append(SourceTable(*_title(above[-6:]), rows, lines, exact=False))
            above.clear()
        for before, found, numbers in _cell_tables(cells):
            above.extend(before)
            tables.append(SourceTable(*_title(above[-6:]), found, numbers, exact=True))
            above.clear()
        rows, lines, cells = [], [], []

    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip(" \t\u3000") and not line.startswith("\t"):
            blank = True
            continue
        if line.startswith("\t") and line.count("\t") == 1:
            if rows:
                close()
            cells.append(([line[1:]], number, blank))
        elif "\t" in line:
            if cells:
                close()
            rows.append([normalize_text(c) for c in line.split("\t")])
            lines.append(number)
        elif cells:
            cells[-1][0].append("\n" + line if blank else line)
        else:
            if rows:
                close()
            above.append(normalize_text(line.lstrip("#").strip()))
        blank = False
    close()
    return tables


def _cell_tables(cells: list[tuple[list[str], int, bool]]):
    """(text before, rows, line numbers) of each cell-per-line table in a run of cells.

    Cells after a blank line start a new run; runs fill a row up to the table's
    width (the widest of its first runs: the header), so a cell split by blank
    lines does not end its row early. Text after a blank line below a complete
    row is outside the table: it ends this table and heads the next.
    """
    before: list[str] = []
    while cells:
        runs: list[list[int]] = []
        for i, (_, _, after_blank) in enumerate(cells):
            if after_blank or not runs:
                runs.append([])
            runs[-1].append(i)
        width = max(len(r) for r in runs[:3])
        rows: list[list[str]] = []
        numbers: list[int] = []
        row: list[int] = []
        end, after = len(cells), []
        for run in runs:
            if row and len(row) + len(run) > width:
                rows.append(_cells([cells[i][0] for i in row]))
                numbers.append(cells[row[0]][1])
                row = []
            for i in run:
                row.append(i)
                if len(row) < width:
                    continue
                last = cells[i][0]
                cut = next((k for k, t in enumerate(last) if t.startswith("\n")), None)
                if cut is not None:
                    after = [normalize_text(t) for t in last[cut:]]
                    cells[i] = (last[:cut], cells[i][1], cells[i][2])
                    end = i + 1
                rows.append(_cells([cells[k][0] for k in row]))
                numbers.append(cells[row[0]][1])
                row = []
                if cut is not None:
                    break
            if end < len(cells):
                break
        if row:
            rows.append(_cells([cells[i][0] for i in row]))
            numbers.append(cells[row[0]][1])
        yield before, rows, numbers
        before = [t for t in after if t]
        cells = cells[end:]


def _cells(row: list[list[str]]) -> list[str]:
    """One row's cells from their lines; a blank line inside a cell only marks where it was split."""
    return [normalize_text("\n".join(t.lstrip("\n") for t in texts)) for texts in row]


def _title(above: list[str]) -> tuple[str, str]:
    """The table's title from the lines above it, and its attachment number ("1" for 附件1)."""
    parts: list[str] = []
    attachment = ""
    for line in reversed([a for a in above if a]):
        m = ATTACHMENT.match(line)
        if m:
            attachment = m.group(1)
            break
        if line.endswith("。") or len(line) > 40 or len(parts) == 3 or DATE_LINE.search(line) or not WORD.search(line):
            break
        if not FORM_LINE.search(line):
            parts.insert(0, line)
    return "".join(parts), attachment
