"""The data that flows out of the extractors.

A `Document` is what a parser makes of one file: ordered `Block`s whose text,
joined with newlines, is `Document.text`. Every block knows its page and its
character span in that text, so anything found later (a date, a count, an
activity) can point back to the exact words behind it through a `Span`.
"""

from __future__ import annotations

from bisect import bisect_right
from enum import StrEnum

from pydantic import BaseModel, Field

from core.findings import FindingKind
from core.span import Span
from core.vocabulary import ActivityType, Level, Status


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    TEXTBOX = "textbox"
    # Running headers and footers are kept, but apart: they are not body text.
    HEADER = "header"
    FOOTER = "footer"


BODY_KINDS = frozenset(
    {BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_CELL, BlockKind.TEXTBOX}
)


class TableCellRef(BaseModel):
    """Where a table-cell block sits in its table's true grid (merged cells resolved)."""

    table: int
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1


class Block(BaseModel):
    kind: BlockKind
    text: str
    index: int
    page: int | None = None
    start: int = 0
    end: int = 0
    # Heading depth: 1 for "一、", 2 for "（一）", 3 for "1." and so on.
    level: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    cell: TableCellRef | None = None


class Document(BaseModel):
    id: str
    name: str
    kind: str
    pages: int = 1
    sha256: str = ""
    blocks: list[Block] = Field(default_factory=list)
    text: str = ""
    warnings: list[str] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list)
    # Pages (1-based) that have no usable text layer and must go through OCR.
    needs_ocr: list[int] = Field(default_factory=list)

    def body_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind in BODY_KINDS]

    def span(self, start: int, end: int) -> Span:
        """The provenance of `text[start:end]`, with the page of the block it starts in."""
        # Blocks are in text order (`assemble`): the last one starting at or before `start` is the only candidate.
        i = bisect_right(self.blocks, start, key=lambda b: b.start) - 1
        block = self.blocks[i] if i >= 0 else None
        page = block.page if block and start < max(block.end, block.start + 1) else None
        return Span(document=self.id, page=page, start=start, end=end, text=self.text[start:end])

    def table_grid(self, table: int) -> list[list[str | None]]:
        """Rows of one table as a full grid; cells covered by a merge read `None`."""
        cells = [b for b in self.blocks if b.cell is not None and b.cell.table == table]
        if not cells:
            return []
        n_rows = max(b.cell.row + b.cell.row_span for b in cells)
        n_cols = max(b.cell.col + b.cell.col_span for b in cells)
        grid: list[list[str | None]] = [[None] * n_cols for _ in range(n_rows)]
        for b in cells:
            grid[b.cell.row][b.cell.col] = b.text
        return grid


def assemble(doc_id: str, name: str, kind: str, blocks: list[Block], **fields) -> Document:
    """Build a Document from blocks in reading order, filling in indices and spans.

    Parsers produce blocks without offsets; this is the one place offsets are
    assigned, so every parser's spans mean the same thing.
    """
    offset = 0
    for i, block in enumerate(blocks):
        block.index = i
        block.start = offset
        block.end = offset + len(block.text)
        offset = block.end + 1
    text = "\n".join(b.text for b in blocks)
    return Document(id=doc_id, name=name, kind=kind, blocks=blocks, text=text, **fields)


class ReadingWarning(BaseModel):
    """Something the reader was unsure of, said to the reviewer instead of guessed silently."""

    code: FindingKind
    message: str
    # The contract writes the key only when the warning is about one document.
    document: str | None = Field(default=None, exclude_if=lambda value: value is None)


class Activity(BaseModel):
    id: str
    type: ActivityType
    title: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    level: Level | None = None
    participants: int | None = None
    views: int | None = None
    count: int = 1
    location: str | None = None
    organizer: str | None = None
    status: Status = Status.DONE
    evidence: list[Span] = Field(default_factory=list)
    # A tally ("全年共举办学术活动12场") stands for several events, some of which
    # may also be told one by one; `covers` lists those, so nothing counts twice.
    is_tally: bool = False
    covers: list[str] = Field(default_factory=list)
    # Words that decided type and level, for the reviewer and for matching.
    keywords: list[str] = Field(default_factory=list)
    # A planned event whose statement says a notice or contract already proves it
    # (Jiangxi lets December work count on such proof, for a reviewer to check).
    december_evidence: bool = False
    # Whether a piece of evidence (a notice, news report, contract, photo …) shows
    # the same event, and the words in it that do.
    corroborated: bool = False
    corroboration: list[Span] = Field(default_factory=list)

    def fill_from(self, other: Activity, fields: tuple[str, ...]) -> None:
        """Take from `other`, the same event told elsewhere, the `fields` this telling leaves empty."""
        for name in fields:
            if getattr(self, name) is None:
                setattr(self, name, getattr(other, name))
