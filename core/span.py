"""Provenance: the exact words behind anything kaohe proposes."""

from __future__ import annotations

from pydantic import BaseModel


class Span(BaseModel):
    """Provenance of a piece of text: document, page and character offsets in `Document.text`."""

    document: str
    page: int | None = None
    start: int
    end: int
    text: str
