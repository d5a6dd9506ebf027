"""Who wrote the summary: the society's name and its level.

The level matters because a society's own meetings take its level unless the
text says otherwise: a provincial society's 学术年会 is 全省性.
"""

from __future__ import annotations

import re

from extractors.models import Document, Level

SOCIETY = re.compile(r"(?:[\u4e00-\u9fa5]{2,8}(?:省|市|自治区|区|县)|中国|中华)[\u4e00-\u9fa5（）()]{1,24}?(?:学会|协会|研究会|促进会|联合会)")
# "关于召开江西省矿业学会…" names the society after the words that lead to it.
LEAD_WORDS = re.compile(r"^(?:关于|召开|举办|承办|主办|参加|组织|邀请|由|和|与|及|的|在|为)+")
# "各设区市林学会：" addresses the societies a notice is sent to.
ADDRESSEES = re.compile(r"^(?:各|全省|全市|有关)")
NAME_LEVELS = (
    (re.compile(r"^(?:中国|中华)"), Level.NATIONAL),
    (re.compile(r"^[\u4e00-\u9fa5]{2,8}(?:省|自治区)"), Level.PROVINCIAL),
    (re.compile(r"^[\u4e00-\u9fa5]{2,8}市"), Level.MUNICIPAL),
    (re.compile(r"^[\u4e00-\u9fa5]{2,8}(?:县|区)"), Level.COUNTY),
)


def society_name(documents: list[Document]) -> str | None:
    """The society named in the first lines (title) or the signature at the end of the first document
    that names one; pass the society's own summary first, since a notice names whoever sent it."""
    for document in documents:
        blocks = document.body_blocks()
        for block in blocks[:3] + blocks[-3:]:
            for m in SOCIETY.finditer(block.text):
                name = LEAD_WORDS.sub("", m.group())
                if not ADDRESSEES.match(name):
                    return name
    return None


def society_level(name: str | None) -> Level | None:
    if not name:
        return None
    return next((level for pattern, level in NAME_LEVELS if pattern.search(name)), None)
