"""Plain text and Markdown: one block per non-empty line, headings by "#" or Chinese numbering."""

from __future__ import annotations

import re

from extractors.models import Block, BlockKind
from extractors.normalize import normalize_text
from extractors.parse.errors import ParseError
from extractors.parse.outline import classify

MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), else GB18030, the two encodings Chinese offices save text in."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Binary data can decode as GB18030; control characters give it away.
        if not any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text):
            return text
    raise ParseError(name, "无法识别的文本编码（请保存为 UTF-8 或 GB18030）")


def parse_text(data: bytes, name: str, markdown: bool) -> list[Block]:
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
