"""Plain text and Markdown: one block per non-empty line, headings by "#" or Chinese numbering."""

from __future__ import annotations

import codecs
import re

from extractors.models import Block, BlockKind
from extractors.parse.base import Limits, ParsedFile, parsed, register
from extractors.normalize import normalize_text
from extractors.parse.errors import ParseError
from extractors.parse.outline import classify

MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# What an encoding could not decode: one run of bad bytes is one U+FFFD.
REPLACED = re.compile("\ufffd+")
# A text with a few bad bytes is still that encoding when at least this many characters per bad run
# came out of multi-byte sequences (GBK read as UTF-8 fails on nearly every Chinese character).
DECODED_PER_BAD = 20
# UTF-16 without a BOM has this many times more NUL bytes on one side of its byte pairs than on the other
# (a CJK character's byte is NUL only for a few code points such as 一 U+4E00).
NUL_SIDE_RATIO = 4
MB = 1024 * 1024
# A year's summary is a few hundred KB of text at most. Reading costs about 30 MB of memory per MB of
# text: 5 MB, read with the spaCy pipeline loaded, peaks under 400 MB (`python -m corpora.scaling`).
# Most of it is the result kept (tracemalloc, 1 MB: 22 MB in ~15,000 Block, Span and Activity models),
# the rest the statements read at once (8 MB), so it is bounded here, by the size of the input.
MAX_TEXT_BYTES = 5 * MB


def _reading(data: bytes, encoding: str) -> tuple[str, int, int]:
    """The text with undecodable bytes as U+FFFD, how many runs of them, and the characters read from several bytes."""
    text, bad = REPLACED.subn("\ufffd", data.decode(encoding, errors="replace"))
    wide = len(text) if encoding.startswith("utf-16") else sum(1 for ch in text if ord(ch) > 127)
    return text, bad, wide - bad


def _binary(text: str) -> bool:
    # Binary data can decode as GB18030; control characters give it away.
    return any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text)


def _utf16_without_bom(data: bytes) -> list[str]:
    """The byte order of UTF-16 saved without a BOM, if the NUL bytes show one.

    Every ASCII character (digits, line breaks, Latin letters) has a NUL high byte, all on the same
    side of each byte pair, while UTF-8 and GB18030 text holds no NUL at all."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if len(data) % 2:
        return []
    return ["utf-16-le"] if odd > NUL_SIDE_RATIO * even else ["utf-16-be"] if even > NUL_SIDE_RATIO * odd else []


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Notepad's "Unicode") or without, else GB18030.

    A text with a few stray bytes (a cut character, a byte of another encoding) is still read in the
    encoding of all its other bytes, each run of bad bytes as U+FFFD, which the reader reports. UTF-8
    is tried first, so UTF-8 with one stray byte never turns into GB18030 mojibake.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = _utf16_without_bom(data) or ["utf-8-sig", "gb18030"]
    for encoding in candidates:
        text, bad, wide = _reading(data, encoding)
        if not _binary(text) and (bad == 0 or wide >= DECODED_PER_BAD * bad):
            return text
    raise ParseError(name, "无法识别的文本编码（请保存为 UTF-8 或 GB18030）")


def parse_text(data: bytes, name: str, markdown: bool) -> list[Block]:
    if len(data) > MAX_TEXT_BYTES:
        raise ParseError(name, f"文本过大（{len(data) / MB:.1f} MB，上限 {MAX_TEXT_BYTES // MB} MB），已拒绝；"
                               "工作总结的文字远少于此，如确为正常文件，请拆分后分别提交")
    blocks = []
    for raw in decode(data, name).splitlines():
        heading = MARKDOWN_HEADING.match(raw.strip()) if markdown else None
        if heading:
            text, kind, level = normalize_text(heading.group(2)), BlockKind.HEADING, len(heading.group(1))
        else:
            text = normalize_text(raw)
            kind, level = classify(text)
        if text:
            blocks.append(Block(kind=kind, text=text, index=0, page=1, level=level))
    return blocks


@register
class TextParser:
    name = "text"
    kinds = ("txt", "md")

    def parse(self, data: bytes, name: str, kind: str, doc_id: str, limits: Limits) -> ParsedFile:
        return parsed(data, name, kind, doc_id, parse_text(data, name, markdown=kind == "md"))
