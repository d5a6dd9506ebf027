"""The same document handed in twice, so that its work is counted once.

Societies often send a summary both as Word and as the PDF exported from it,
or attach one file twice under two names. Identical bytes are the same
document; so are two texts that differ only in layout (line breaks, spacing,
punctuation the PDF's text layer renders differently), found by the overlap of
their character 5-grams after everything but letters and digits is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.models import Document

# Not letters or digits: what a PDF's text layer may add, drop or change against its Word original.
LAYOUT = re.compile(r"[\W_]+")
SHINGLE = 5
# The summaries of two different societies share under a third of their 5-grams; a Word
# summary and its exported PDF share all of them.
SAME_TEXT = 0.9
# Below this many letters and digits a text is a form or a caption, whose wording alone does not make it the same.
MIN_CHARS = 200
# Which of two copies is read: the format that keeps most structure (headings, tables, whole sentences).
PREFERRED = ("docx", "xlsx", "md", "txt", "pdf")


@dataclass(frozen=True)
class Duplicate:
    copy: Document
    original: Document
    identical: bool


def find_duplicates(documents: list[Document]) -> list[Duplicate]:
    """Each document that repeats another in `documents`, with the one read in its place.

    The original is the copy in the most structured format, the earlier on a tie.
    """
    if len(documents) < 2:
        return []
    ranked = sorted(documents, key=lambda d: PREFERRED.index(d.kind) if d.kind in PREFERRED else len(PREFERRED))
    kept: list[tuple[Document, frozenset[str]]] = []
    found: list[Duplicate] = []
    for document in ranked:
        original = next((d for d, _ in kept if d.sha256 == document.sha256), None)
        identical = original is not None
        if not identical:
            shingles = _shingles(document)
            original = next((d for d, s in kept if _similar(shingles, s)), None)
        if original is None:
            kept.append((document, shingles))
        else:
            found.append(Duplicate(document, original, identical))
    return sorted(found, key=lambda f: documents.index(f.copy))


def _shingles(document: Document) -> frozenset[str]:
    return text_shingles(document.text) if len(LAYOUT.sub("", document.text)) >= MIN_CHARS else frozenset()


def text_shingles(text: str) -> frozenset[str]:
    """The character 5-grams of a text's letters and digits: what stays when layout changes."""
    text = LAYOUT.sub("", text)
    return frozenset(text[i:i + SHINGLE] for i in range(len(text) - SHINGLE + 1))


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    # Jaccard similarity cannot reach SAME_TEXT unless the sizes are close: skip the intersection otherwise.
    if not a or not b or min(len(a), len(b)) < SAME_TEXT * max(len(a), len(b)):
        return False
    common = len(a & b)
    return common >= SAME_TEXT * (len(a) + len(b) - common)
