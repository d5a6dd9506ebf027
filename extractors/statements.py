"""Split a Document into statements: the units an activity is read from.

A statement is a sentence of body text, a list item, or a table row. It keeps
its character span in `Document.text`, so whatever is found in it carries
provenance, and the headings above it, which often say what a section is about
("二、科普服务") when the sentences themselves do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.models import BlockKind, Document
from extractors.parse.outline import numbering_length
from extractors.settings import settings

# Sentence ends. "；" separates items in enumerations that real summaries write
# as one long sentence ("3月…；5月…；9月…"), so it ends a statement too.
# A colon before a numbered list ("主要有：①…") ends the lead-in as well.
SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』）)]*|[：:](?=[①-⑳]|\d{1,2}[.、．]|[（(]\d{1,2}[)）])")
# Where an overlong statement may be cut: after a clause mark or a space.
PIECE_END = re.compile(r"[，,、：:]|\s")


@dataclass(frozen=True)
class Statement:
    document: str
    start: int
    end: int
    text: str
    page: int | None
    headings: tuple[str, ...]
    # Table rows are statements too; their header row says what each cell means.
    table_header: tuple[str, ...] = ()
    cells: tuple[str, ...] = ()

    def column(self, names: frozenset[str]) -> str | None:
        """The row's cell under the first header named in `names` ("地点", "举办地点"…)."""
        for header, cell in zip(self.table_header, self.cells):
            if header.strip() in names and cell.strip() not in ("", "—", "-", "/", "无"):
                return cell.strip()
        return None


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    begin = 0
    for m in SENTENCE_END.finditer(text):
        spans.append((begin, m.end()))
        begin = m.end()
    if begin < len(text):
        spans.append((begin, len(text)))
    return spans


def split_sentences(text: str, offset: int) -> list[tuple[int, int]]:
    """Character spans of the sentences in `text`, shifted by `offset`; an overlong one in pieces."""
    spans = _sentence_spans(text)
    result = []
    for s, e in (piece for span in spans for piece in split_long(text, *span)):
        # Trim surrounding whitespace without losing the offsets.
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s >= settings().statements.min_chars:
            result.append((s + offset, e + offset))
    return result


def longest_sentence(document: Document) -> int:
    """The longest run of body text without a sentence end: over `statements.max_chars` it is read in pieces."""
    return max((e - s for b in document.body_blocks() for s, e in _sentence_spans(b.text)), default=0)


def split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`text[start:end]` in pieces of at most `statements.max_chars`: a short span is one piece.

    A long one is cut after the last clause mark or space in the second half
    of each window (at the limit when there is none), so every piece but the
    last is at least half the limit long and the work stays linear in the text.
    """
    most = settings().statements.max_chars
    pieces = []
    while end - start > most:
        limit = start + most
        cut = limit
        for m in PIECE_END.finditer(text, start + most // 2, limit):
            cut = m.end()
        pieces.append((start, cut))
        start = cut
    return [*pieces, (start, end)]


CLAUSE_END = re.compile(r"[，,]")


def split_clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the comma-separated clauses of a sentence, each keeping its comma."""
    spans, begin = [], 0
    for m in CLAUSE_END.finditer(text):
        spans.append((begin, m.end()))
        begin = m.end()
    if begin < len(text):
        spans.append((begin, len(text)))
    return spans


def statements(document: Document) -> list[Statement]:
    """Body statements in reading order; headers, footers and headings are context, not statements."""
    result: list[Statement] = []
    headings: list[tuple[int, str]] = []
    rows: dict[tuple[int, int], list] = {}
    for block in document.body_blocks():
        if block.kind == BlockKind.HEADING:
            level = block.level or 1
            headings = [(lvl, text) for lvl, text in headings if lvl < level]
            # Context for every statement below it: an overlong heading is bounded like a statement.
            headings.append((level, block.text[:settings().statements.max_chars]))
            # A heading that is itself an account ("（三）6月18日召开年会") is also a statement.
            if len(block.text) < settings().statements.account_heading_chars:
                continue
        if block.kind == BlockKind.TABLE_CELL and block.cell is not None:
            rows.setdefault((block.cell.table, block.cell.row), []).append(block)
            continue
        context = tuple(text for _, text in headings)
        skip = numbering_length(block.text) if block.kind == BlockKind.LIST_ITEM else 0
        for s, e in split_sentences(block.text[skip:], block.start + skip):
            result.append(Statement(document.id, s, e, document.text[s:e], block.page, context))
    result.extend(_table_rows(document, rows))
    result.sort(key=lambda st: st.start)
    return result


def _table_rows(document: Document, rows: dict[tuple[int, int], list]) -> list[Statement]:
    """One statement per table row after the header row, spanning its cells."""
    result = []
    headers: dict[int, tuple[str, ...]] = {}
    for (table, _row), cells in sorted(rows.items()):
        cells.sort(key=lambda b: b.cell.col)
        if table not in headers:
            headers[table] = tuple(b.text for b in cells)
            continue
        for start, end in split_long(document.text, cells[0].start, cells[-1].end):
            # Cells are joined by newlines in Document.text; a same-length
            # separator keeps offsets valid while reading as one sentence.
            text = document.text[start:end].replace("\n", "，")
            if len(text.strip("，")) >= settings().statements.min_chars:
                result.append(Statement(document.id, start, end, text, cells[0].page, (), headers[table],
                                        tuple(b.text for b in cells)))
    return result
