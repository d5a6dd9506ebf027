"""What every parser is and returns: one protocol, one `ParsedFile`, one registry by name.

A parser is found by the kind the bytes were sniffed as, through the names
listed in `settings.yaml` (`parse.parsers`): a new file type is a parser
registered here under its name and that name added to the list.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

import catalogue

from extractors.models import Block, Document, assemble

parsers = catalogue.create("kaohe", "parsers")


@dataclass(frozen=True)
class Limits:
    """How much of one file is read."""

    max_pages: int


@dataclass(frozen=True)
class ParsedFile:
    """One input file as read, under the id it keeps up to its results: its document, or why there is none."""

    id: str
    name: str
    document: Document | None = None
    # One line of Chinese for the reviewer when the file could not be read.
    error: str | None = None


class Parser(Protocol):
    name: str
    # The sniffed kinds (`sniff_kind`) this parser reads.
    kinds: tuple[str, ...]

    def parse(self, data: bytes, name: str, kind: str, doc_id: str, limits: Limits) -> ParsedFile:
        """The file's document; ParseError when it cannot be read."""
        ...


def register(parser: type[Parser]) -> type[Parser]:
    """Class decorator: the parser, registered under its own name."""
    parsers.register(parser.name, func=parser)
    return parser


def parsed(data: bytes, name: str, kind: str, doc_id: str, blocks: list[Block], **fields) -> ParsedFile:
    """The file read into `blocks`, assembled into its document (offsets in one place, `assemble`)."""
    document = assemble(doc_id, name, kind, blocks, sha256=hashlib.sha256(data).hexdigest(), **fields)
    return ParsedFile(doc_id, name, document)
