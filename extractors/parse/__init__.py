"""From the bytes of one submitted file to a `Document` of ordered, traceable blocks.

`parse` sniffs the real type and looks up the parser registered for that kind
(`base`: every parser takes the same arguments and returns a `ParsedFile`;
offsets and indices are assigned in one place, `extractors.models.assemble`).
Every failure is a `ParseError` that names the file and says why in one line
of Chinese; `read_file` returns it as the `ParsedFile`'s error instead.
"""

from __future__ import annotations

from functools import lru_cache

# Each parser module registers its parser on import.
from extractors.parse import docx, image, pdf, text, xlsx  # noqa: F401
from extractors.models import Document
from extractors.parse.base import Limits, ParsedFile, Parser, parsers
from extractors.parse.errors import ParseError
from extractors.parse.sniff import sniff_kind
from extractors.settings import settings

__all__ = ["Limits", "ParseError", "ParsedFile", "Parser", "document_id", "parse", "read_file", "sniff_kind"]


def document_id(position: int) -> str:
    """The id of the file at `position` (from 0) of a submission, the 自评表 last: d1, d2 …

    Made here only; the service keys its stored files by it and the results carry it."""
    return f"d{position + 1}"


@lru_cache(maxsize=1)
def _by_kind() -> dict[str, Parser]:
    found: dict[str, Parser] = {}
    for name in settings().parse.parsers:
        parser = parsers.get(name)()
        found.update((kind, parser) for kind in parser.kinds)
    return found


def _read(data: bytes, name: str, doc_id: str, limits: Limits | None) -> ParsedFile:
    kind = sniff_kind(data, name)
    parser = _by_kind().get(kind)
    if parser is None:
        raise ParseError(name, "是压缩包，需要先解开，再逐个解析其中的文件")
    return parser.parse(data, name, kind, doc_id, limits or Limits(settings().parse.max_pages))


def read_file(data: bytes, name: str, doc_id: str, limits: Limits | None = None) -> ParsedFile:
    """The file in `data` under `doc_id`: its document, or the reason it cannot be read."""
    try:
        return _read(data, name, doc_id, limits)
    except ParseError as error:
        return ParsedFile(doc_id, name, error=error.reason)


def parse(data: bytes, name: str, doc_id: str, *, max_pages: int | None = None) -> Document:
    """The document in `data`; ParseError when the file cannot be read."""
    document = _read(data, name, doc_id, Limits(max_pages) if max_pages is not None else None).document
    assert document is not None  # a parser that cannot read a file raises
    return document
