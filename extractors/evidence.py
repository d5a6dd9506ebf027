"""What each document in a submission is: the society's claims, or evidence for them.

A submission mixes the 工作总结 and the filled 自评表 (what the society says)
with 佐证材料 (what shows it): notices, news reports, contracts, certificates,
sign-in sheets and photos. Auditing needs to tell them apart — a claim cannot
prove itself — and a reviewer wants to see which kind of proof backs an event.
The cues are words in the file name, the first lines and the body, weighed in
that order (`document_kinds` in `data/lexicon.yaml`).
"""

from __future__ import annotations

from enum import StrEnum

from extractors.lexicon import lexicon
from extractors.models import Document

HEAD_CHARS = 120
BODY_CHARS = 3000
# Where a cue is found, and how much it says about the kind.
WEIGHTS = (3, 2, 1)
# An image with less text than this is a photo of an event, not a scanned page of text.
PHOTO_MAX_CHARS = 60
IMAGE_KINDS = frozenset({"png", "jpg", "jpeg", "image"})


class DocumentRole(StrEnum):
    SUMMARY = "summary"
    SELF_EVALUATION = "self_evaluation"
    SUMMARY_TABLE = "summary_table"
    NOTICE = "notice"
    NEWS = "news"
    CONTRACT = "contract"
    CERTIFICATE = "certificate"
    SIGN_IN = "sign_in"
    PHOTO = "photo"
    OTHER = "other"


# What the society says about itself; everything else is evidence.
CLAIMS = frozenset({DocumentRole.SUMMARY, DocumentRole.SELF_EVALUATION, DocumentRole.SUMMARY_TABLE})


def classify_document(document: Document) -> DocumentRole:
    """The kind of `document`, from the words in its name, its first lines and its body."""
    text = document.text
    if document.kind in IMAGE_KINDS and len(text.strip()) < PHOTO_MAX_CHARS:
        return DocumentRole.PHOTO
    places = (document.name, text[:HEAD_CHARS], text[:BODY_CHARS])
    scores: dict[str, int] = {}
    for kind, patterns in lexicon().document_kinds.items():
        score = 0
        for pattern, place, weight in zip(patterns, places, WEIGHTS):
            if pattern is not None:
                score += weight * len({m.group() for m in pattern.finditer(place)})
        scores[kind] = score
    best = max(scores, key=lambda k: scores[k])
    return DocumentRole(best) if scores[best] > 0 else DocumentRole.OTHER


def is_evidence(role: DocumentRole) -> bool:
    return role not in CLAIMS
