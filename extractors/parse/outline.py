"""Headings and list items recognised by the numbering a Chinese summary types at a line's start.

Official documents number their outline by hand: "一、" for level 1, "（一）"
for level 2, "1." / "1、" / "（1）" for level 3. The same numbers also start
ordinary list paragraphs ("3.10月15日，学会召开…"), so only a short line that
is not a sentence counts as a heading.
"""

from __future__ import annotations

import re

from extractors.models import BlockKind

_CN = "一二三四五六七八九十百零〇"
NUMBERING = (
    (1, re.compile(f"^[{_CN}]+[、．.]")),
    (2, re.compile(f"^[（(][{_CN}]+[）)]")),
    (3, re.compile(r"^\d{1,3}[、．.]")),
    (3, re.compile(r"^[（(]\d{1,3}[）)]")),
    (3, re.compile(r"^[①-⑳]")),
)
MAX_HEADING_CHARS = 40


def numbering_level(text: str) -> int | None:
    """The outline level of the number that starts `text`, if any."""
    return next((level for level, pattern in NUMBERING if pattern.match(text)), None)


def numbering_length(text: str) -> int:
    """How many characters the number that starts `text` takes ("3." → 2), 0 if none.

    The number belongs to the outline, not to what the item says: left on,
    "3.10月15日" reads as March.
    """
    m = next((m for _, pattern in NUMBERING if (m := pattern.match(text))), None)
    return m.end() if m else 0


def looks_like_heading(text: str) -> bool:
    """Short and not a sentence: a numbered line that names a section rather than telling an event."""
    return len(text) <= MAX_HEADING_CHARS and "。" not in text and not text.rstrip().endswith(("；", ";", "，"))


def classify(text: str) -> tuple[BlockKind, int | None]:
    """Kind and heading level of a paragraph from its text alone."""
    level = numbering_level(text)
    if level is None:
        return BlockKind.PARAGRAPH, None
    if looks_like_heading(text):
        return BlockKind.HEADING, level
    return BlockKind.LIST_ITEM, None

# A running footer or header line that only numbers the page: "— 1 —", "- 2 -",
# "第1页共3页", "1/3", or the bare dashes left by a PAGE field with no cached value.
PAGE_NUMBER = re.compile(r"^[-—–－~·]*(?:\d+|第\d+页(?:[，,]?共\d+页)?|\d+/\d+)?[-—–－~·]*$")


def is_page_number(text: str) -> bool:
    """True for a normalised line that only carries a page number."""
    return PAGE_NUMBER.match(text.replace(" ", "")) is not None
