"""Who wrote the summary: the society's name and its level.

The level matters because a society's own meetings take its level unless the
text says otherwise: a provincial society's 学术年会 is 全省性.
"""

from __future__ import annotations

import re

from extractors.models import Document, Level

SOCIETY = re.compile(r"(?:[\u4e00-\u9fa5]{2,8}(?:省|市|自治区|区|县)|中国|中华)[\u4e00-\u9fa5（）()]{1,24}?(?:学会|协会|研究会|促进会|联合会)")
NAME_LEVELS = (
    (re.compile(r"^(?:中国|中华)"), Level.NATIONAL),
    (re.compile(r"^[\u4e00-\u9fa5]{2,8}(?:省|自治区)"), Level.PROVINCIAL),
    (re.compile(r"^[\u4e00-\u9fa5]{2,8}市"), Level.MUNICIPAL),
    (re.compile(r"^[\u4e00-\u9fa5]{2,8}(?:县|区)"), Level.COUNTY),
)


def society_name(documents: list[Document]) -> str | None:
    """The society named in the first lines (title) or the signature at the end of the first document."""
    for document in documents:
        blocks = document.body_blocks()
        for block in blocks[:3] + blocks[-3:]:
            m = SOCIETY.search(block.text)
            if m:
                return m.group()
    return None


def society_level(name: str | None) -> Level | None:
    if not name:
        return None
    return next((level for pattern, level in NAME_LEVELS if pattern.search(name)), None)
