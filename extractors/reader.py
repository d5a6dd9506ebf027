"""The learned statement reader: does a statement report a piece of work, of what kind, done or not.

Rules are good at what is written the same way everywhere (dates, numerals,
levels, names, places); whether a sentence *reports work* is written a
thousand ways, so it is learned from statements labelled by hand in the real
corpus (`corpora/real`, development part) and the tuning sets. The model is
three spaCy text classifiers over characters and character pairs (jieba's words would hide
学术交流 inside 学术交流会): one for the statement's role (a new piece of
work, more about the work before it, or neither), one for its type and one
for its status. It is trained by `python -m corpora.train` and ships in
`extractors/data/reader/` with the hash of the data it was trained on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from core.vocabulary import ActivityType, Status
from extractors.settings import settings

MODEL = Path(__file__).parent / "data" / "reader"
ROLES = ("work", "more", "none")
# The classifiers, each with its labels; a label is written "<classifier>:<value>" in `Doc.cats`.
CLASSIFIERS = {
    "role": ROLES,
    "type": tuple(t.value for t in ActivityType),
    "status": tuple(s.value for s in Status),
}
# Numbers say nothing about whether a sentence reports work, only that it is specific.
DIGITS = re.compile(r"\d")
# Between the heading above a statement, the end of the statement before it ("会上，…" goes on about
# the sentence before) and the statement; how much of each the reader sees is in `data/settings.yaml`.
SEPARATOR = "｜"
BATCH = 256


@dataclass(frozen=True)
class Reading:
    """What the model reads in one statement: probabilities of its role, and its most likely type and status."""

    work: float
    more: float
    type: ActivityType
    type_p: float
    status: Status
    status_p: float


def model_text(text: str, headings: tuple[str, ...] = (), before: str = "") -> str:
    """The string the model reads: the nearest heading, the end of the statement before, then the statement,
    digits folded to 0."""
    tuned = settings().reader
    heading = headings[-1][:tuned.heading_chars] if headings else ""
    return DIGITS.sub("0", f"{heading}{SEPARATOR}{before[-tuned.before_chars:]}{SEPARATOR}{text}")


def model_texts(statements: Iterable[tuple[str, tuple[str, ...]]]) -> list[str]:
    """`model_text` of each of one document's statements, given in reading order."""
    texts, before = [], ""
    for text, headings in statements:
        texts.append(model_text(text, headings, before))
        before = text
    return texts


def blank(name: str) -> Language:
    """An untrained classifier for one question: Chinese split into characters, one exclusive text classifier.

    One pipeline per question: spaCy's text classifiers share `Doc.cats`, and
    two of them in one pipeline train into each other's labels.
    """
    tuned = settings().reader
    nlp = spacy.blank("zh")  # the default Chinese segmenter splits characters
    config = {"model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True,
                        "ngram_size": tuned.ngrams, "no_output_layer": False, "length": tuned.length}}
    textcat = nlp.add_pipe("textcat", config=config)
    for label in CLASSIFIERS[name]:
        textcat.add_label(f"{name}:{label}")
    return nlp


def _tuned(name: str) -> Any:
    """A policy field whose default is read from the settings when a policy is made."""
    return field(default_factory=lambda: getattr(settings().reader, name))


@dataclass(frozen=True)
class ReaderPolicy:
    """How the learned reader and the rules share the decisions (see `extractors.activities`).

    `mode` is `rules` (the word lists alone), `model` (the reader alone decides
    what is work, its type and status) or `both`: a statement the rules take is
    kept unless the reader is sure it is no work (below `veto`) and it names no
    day or 《title》 (`keep_dated`, under which a dated statement is also never
    a mere continuation of the one before); one the rules
    miss is taken when the reader is sure it is (at least `rescue`); the
    reader's type wins when the rules found no type words or it is at least
    `type_trust` sure. Thresholds are chosen on the development part; the defaults are `reader` in
    `data/settings.yaml`.
    """

    mode: str = _tuned("mode")
    veto: float = _tuned("veto")
    rescue: float = _tuned("rescue")
    type_trust: float = _tuned("type_trust")
    more: float = _tuned("more")
    keep_dated: bool = _tuned("keep_dated")
    reader: StatementReader | None = None


class StatementReader:
    """A trained reader (one classifier per question); `read` gives one `Reading` per statement."""

    def __init__(self, classifiers: dict[str, Language], meta: dict | None = None):
        self.classifiers = classifiers
        self.meta = meta or {}

    def read(self, statements: Iterable[tuple[str, tuple[str, ...]]]) -> list[Reading]:
        """Readings of one document's statements (text and headings), given in reading order.

        A batch of Docs at a time: a Doc holds a token per character, many times the text's size,
        so a long document's Docs are never all in memory together.
        """
        # Characters are split once for all three classifiers: their features are hashes of the
        # characters, the same whichever pipeline made the Doc, and splitting was most of the cost.
        first = next(iter(self.classifiers.values()))
        texts = model_texts(statements)
        readings = []
        for start in range(0, len(texts), BATCH):
            batch = [first.make_doc(text) for text in texts[start:start + BATCH]]
            for nlp in self.classifiers.values():
                textcat = nlp.get_pipe("textcat")
                textcat.set_annotations(batch, textcat.predict(batch))
            readings += [_reading(doc.cats) for doc in batch]
        return readings

    def save(self, folder: Path, meta: dict) -> None:
        for name, nlp in self.classifiers.items():
            nlp.to_disk(folder / name)
        (folder / "training.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _best(cats: dict[str, float], name: str) -> tuple[str, float]:
    label = max(CLASSIFIERS[name], key=lambda value: cats.get(f"{name}:{value}", 0.0))
    return label, cats.get(f"{name}:{label}", 0.0)


def _reading(cats: dict[str, float]) -> Reading:
    type_, type_p = _best(cats, "type")
    status, status_p = _best(cats, "status")
    return Reading(cats.get("role:work", 0.0), cats.get("role:more", 0.0), ActivityType(type_), type_p,
                   Status(status), status_p)


def load_reader(folder: Path) -> StatementReader:
    meta_path = folder / "training.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    return StatementReader({name: spacy.load(folder / name) for name in CLASSIFIERS}, meta)


_policy: list[ReaderPolicy] = [ReaderPolicy()]


def active_policy() -> ReaderPolicy:
    """The policy in force: the default, or one set by `using` (the accuracy report's ablation)."""
    policy = _policy[-1]
    if policy.reader is None and policy.mode != "rules":
        reader = default_reader()
        return policy if reader is None else replace(policy, reader=reader)
    return policy


@contextmanager
def using(policy: ReaderPolicy) -> Iterator[None]:
    """Read with `policy` inside the block: how the report compares rules, model and both."""
    _policy.append(policy)
    try:
        yield
    finally:
        _policy.pop()


@lru_cache(maxsize=1)
def default_reader() -> StatementReader | None:
    """The reader shipped with kaohe, or None when none has been trained (the rules then decide alone)."""
    return load_reader(MODEL) if (MODEL / "training.json").exists() else None
