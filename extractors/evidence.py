"""What each document in a submission is: the society's claims, or evidence for them.

A submission mixes the 工作总结 and the filled 自评表 (what the society says)
with 佐证材料 (what shows it): notices, news reports, contracts, certificates,
sign-in sheets and photos. Auditing needs to tell them apart — a claim cannot
prove itself — and a reviewer wants to see which kind of proof backs an event.
The cues are words in the file name, the first lines and the body, weighed in
that order (`document_kinds` in `data/lexicon.yaml`); where files are sorted
into folders, the same name words read the folders first (`role_by_name`).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from core.vocabulary import DocumentRole
from extractors.lexicon import lexicon
from extractors.models import Document
from extractors.settings import settings

IMAGE_KINDS = frozenset({"png", "jpg", "jpeg", "image"})
# Kinds that are sheets or forms: a body mostly of running sentences is none of them,
# whatever cue words (单位, 职务, 分值) its sentences happen to use.
FORM_KINDS = frozenset({"self_evaluation", "summary_table", "sign_in", "certificate"})


# What the society says about itself; everything else is evidence.
CLAIMS = frozenset({DocumentRole.SUMMARY, DocumentRole.SELF_EVALUATION, DocumentRole.SUMMARY_TABLE})


def classify_document(document: Document) -> DocumentRole:
    """The kind of `document`, from the words in its name, its first lines and its body.

    The body's shape comes first: running prose is never taken for a form or a
    sheet, however many of a form's cue words it contains.
    """
    tuned = settings().roles
    text = document.text
    if document.kind in IMAGE_KINDS and len(text.strip()) < tuned.photo_max_chars:
        return DocumentRole.PHOTO
    places = (document.name, text[:tuned.head_chars], text[:tuned.body_chars])
    weights = (tuned.weights.name, tuned.weights.head, tuned.weights.body)
    prose = _prose_share(document) >= tuned.prose_share
    scores: dict[str, int] = {}
    for kind, patterns in lexicon().document_kinds.items():
        if prose and kind in FORM_KINDS:
            continue
        scores[kind] = sum(weight * _cues(pattern, place) for pattern, place, weight in zip(patterns, places, weights))
    best = max(scores, key=lambda k: scores[k])
    return DocumentRole(best) if scores[best] > 0 else DocumentRole.OTHER


def role_by_name(path: str) -> DocumentRole | None:
    """The role a file's folders or its name say it has (`path` within the submission), or None.

    Offices name their files, and a society's own sorting ("佐证材料/年会总结.docx")
    says more than the file's name, so the folder nearest the file speaks first.
    """
    parts = PurePosixPath(path)
    for text in (*reversed(parts.parts[:-1]), parts.stem):
        if role := _named(text):
            return role
    return DocumentRole.PHOTO if parts.suffix.lower().lstrip(".") in IMAGE_KINDS else None


def _named(text: str) -> DocumentRole | None:
    scores = {kind: _cues(patterns[0], text) for kind, patterns in lexicon().document_kinds.items()}
    best = max(scores, key=lambda k: scores[k])
    if scores[best] > 0:
        return DocumentRole(best)
    return DocumentRole.OTHER if lexicon().evidence_names.search(text) else None


def _cues(pattern: re.Pattern[str] | None, text: str) -> int:
    """How many different cue words of `pattern` are in `text`."""
    return 0 if pattern is None else len({m.group() for m in pattern.finditer(text)})


def _prose_share(document: Document) -> float:
    """The share of the body written as running sentences rather than table cells and short lines."""
    min_block = settings().roles.min_prose_block
    blocks = [b for b in document.body_blocks() if b.text.strip()]
    total = sum(len(b.text) for b in blocks)
    prose = sum(len(b.text) for b in blocks
                if b.cell is None and len(b.text) >= min_block and "。" in b.text)
    return prose / total if total else 0.0


def is_evidence(role: DocumentRole) -> bool:
    return role not in CLAIMS


def read_roles(documents: list[Document]) -> tuple[dict[str, DocumentRole], Document | None]:
    """Each document's role, by document id, and the document promoted to summary, if one was.

    Only claims are read for the society's own activities; evidence just backs
    them. A submission with no document taken for a claim (a lone report whose
    title lacks 工作总结, a summary that mentions 记者 or 单位) would lose every
    activity in it, so its longest text is read as the summary instead, and the
    caller says so.
    """
    roles = {d.id: classify_document(d) for d in documents}
    if any(role in CLAIMS for role in roles.values()):
        return roles, None
    texts = [d for d in documents if roles[d.id] != DocumentRole.PHOTO and d.text.strip()]
    if not texts:
        return roles, None
    longest = max(texts, key=lambda d: len(d.text))
    roles[longest.id] = DocumentRole.SUMMARY
    return roles, longest
