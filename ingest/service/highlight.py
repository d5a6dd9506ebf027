"""A document's text cut into pieces for the review page, evidence spans marked.

Each body block becomes a paragraph; the spans that support proposals cut it
into pieces, and each piece knows which proposals' evidence covers it (spans
may overlap: one sentence can support two indicators). Pages are kept so the
reviewer sees where in the original each piece is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.models import BODY_KINDS


@dataclass(frozen=True)
class Mark:
    """One evidence span: the proposal it supports and where it is (document key, offsets)."""

    proposal: int
    document: str
    start: int
    end: int

    @property
    def anchor(self) -> str:
        return f"ev-{self.document}-{self.start}-{self.end}"


@dataclass
class Piece:
    text: str
    proposals: list[int] = field(default_factory=list)
    # Set on the piece where a span begins, so the proposal cards can link to it.
    anchors: list[str] = field(default_factory=list)


@dataclass
class Paragraph:
    kind: str
    level: int | None
    page: int | None
    pieces: list[Piece]
    # The first paragraph of a page (the page is shown above it).
    new_page: bool = False


def paragraphs(text: str, blocks: list[dict], marks: list[Mark]) -> list[Paragraph]:
    result: list[Paragraph] = []
    placed: set[str] = set()
    page = object()
    for block in blocks:
        start, end = block["start"], block["end"]
        if block["kind"] not in BODY_KINDS or start == end:
            continue
        inside = [m for m in marks if m.start < end and m.end > start]
        cuts = sorted({start, end} | {p for m in inside for p in (m.start, m.end) if start < p < end})
        pieces = []
        for left, right in zip(cuts, cuts[1:]):
            covering = [m for m in inside if m.start <= left and m.end >= right]
            # A span's anchor goes on the first piece shown of it (a span may cross blocks).
            anchors = sorted({m.anchor for m in covering} - placed)
            placed.update(anchors)
            pieces.append(Piece(text[left:right], sorted({m.proposal for m in covering}), anchors))
        result.append(Paragraph(block["kind"], block.get("level"), block["page"], pieces, block["page"] != page))
        page = block["page"]
    return result
