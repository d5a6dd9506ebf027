"""Train the statement reader (`extractors.reader`) from hand-labelled statements.

    python -m corpora.train [--out DIR] [--epochs N]

The labelled statements come from the development part of the real corpus
(`corpora/real`), the hand-written tuning summaries and the generated
samples: every statement kaohe splits from their documents is labelled by
the gold activities it overlaps — a gold quote makes it `work` (with the
activity's type and status), a further quote of the same activity `more`,
nothing `none`. The frozen test part is never read here. Training is
deterministic (fixed seed, sorted data, one thread) and the model is written
with the sha256 of its training data.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.training import Example
from spacy.util import minibatch

from corpora.real import RealText, load
from corpora.report import GOLD, SAMPLES, SETS
from extractors.parse import parse
from extractors.reader import CLASSIFIERS, MODEL, StatementReader, blank, model_texts
from extractors.statements import statements

SEED = 0
EPOCHS = 8
BATCH = 32
DROPOUT = 0.2
MIN_OVERLAP = 0.6


@dataclass(frozen=True)
class Labelled:
    """One statement as the model reads it, what it is, and the site it came from (for grouped folds)."""

    text: str
    cats: dict
    group: str


def label(seen: str, told: list[dict], more: bool, group: str) -> Labelled:
    """A statement's labels: `work` with the type and status of the first activity it tells, else `more` or `none`."""
    role = "work" if told else "more" if more else "none"
    cats = {f"role:{r}": float(r == role) for r in ("work", "more", "none")}
    if told:
        cats[f"type:{told[0]['type']}"] = 1.0
        cats[f"status:{told[0]['status']}"] = 1.0
    return Labelled(seen, cats, group)


def quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Where `quote` stands in `text`, whitespace ignored on both sides (PDF and Word break lines differently)."""
    kept = [i for i, ch in enumerate(text) if not ch.isspace()]
    squashed = "".join(text[i] for i in kept)
    needle = "".join(quote.split())
    spans, at = [], squashed.find(needle) if needle else -1
    while at >= 0:
        spans.append((kept[at], kept[at + len(needle) - 1] + 1))
        at = squashed.find(needle, at + 1)
    return spans


def _covers(span: tuple[int, int], start: int, end: int) -> bool:
    """Do a quote and a statement share most of the shorter of the two?"""
    shared = min(span[1], end) - max(span[0], start)
    return shared > 0 and shared >= MIN_OVERLAP * min(span[1] - span[0], end - start)


def from_document(data: bytes, name: str, activities: list[dict], group: str) -> list[Labelled]:
    """The document's statements, each labelled by where the gold quotes stand in the document's text."""
    document = parse(data, name, "d1")
    main = [(a, quote_spans(document.text, a["quote"])) for a in activities]
    further = [span for a in activities for q in a.get("other_quotes", []) for span in quote_spans(document.text, q)]
    found = []
    told_in = statements(document)
    for st, seen in zip(told_in, model_texts((st.text, st.headings) for st in told_in)):
        told = [a for a, spans in main if any(_covers(span, st.start, st.end) for span in spans)]
        more = any(_covers(span, st.start, st.end) for span in further)
        found.append(label(seen, told, more, group))
    return found


def real_statements(texts: list[RealText]) -> list[Labelled]:
    return [item for t in texts for item in from_document(t.text.encode("utf-8"), f"{t.id}.txt", t.activities, t.site)]


def sample_statements() -> list[Labelled]:
    """The generated samples and the tuning summaries (DOCX), labelled by their gold."""
    found = []
    for samples, gold_dir in [(SAMPLES, GOLD), SETS["tuning"]]:
        for gold_path in sorted(gold_dir.glob("*.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            path = samples / f"{gold['sample']}.docx"
            found += from_document(path.read_bytes(), path.name, gold["activities"], "samples")
    return found


def training_data() -> list[Labelled]:
    return real_statements(load("development")) + sample_statements()


def data_sha256(data: list[Labelled]) -> str:
    digest = hashlib.sha256()
    for item in data:
        digest.update(json.dumps([item.text, item.cats], ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def train(data: list[Labelled], epochs: int = EPOCHS) -> StatementReader:
    """A reader trained on `data`: the role classifier on every statement, type and status on work only."""
    spacy.util.fix_random_seed(SEED)
    classifiers = {}
    for name in CLASSIFIERS:
        nlp = blank(name)
        examples = [Example.from_dict(nlp.make_doc(item.text),
                                      {"cats": {k: v for k, v in item.cats.items() if k.startswith(f"{name}:")}})
                    for item in data if f"{name}:" in "".join(item.cats)]
        optimizer = nlp.initialize(lambda: examples)  # noqa: B023 (called at once, inside this iteration)
        shuffler = random.Random(SEED)
        for _ in range(epochs):
            shuffler.shuffle(examples)
            for batch in minibatch(examples, size=BATCH):
                nlp.update(batch, drop=DROPOUT, sgd=optimizer)
        classifiers[name] = nlp
    return StatementReader(classifiers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpora.train", description="训练语句识别模型")
    parser.add_argument("--out", type=Path, default=MODEL, help="模型写到哪里（默认随包发布的位置）")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    data = training_data()
    reader = train(data, args.epochs)
    counts = {r: sum(item.cats.get(f"role:{r}", 0) == 1 for item in data) for r in ("work", "more", "none")}
    meta = {"data_sha256": data_sha256(data), "statements": len(data), "roles": counts, "epochs": args.epochs,
            "sources": sorted({item.group for item in data})}
    args.out.mkdir(parents=True, exist_ok=True)
    reader.save(args.out, meta)
    print(f"训练语句 {len(data)} 条（{counts}），用时 {time.perf_counter() - started:.1f} 秒，写入 {args.out}")
    print(f"训练数据 sha256 {meta['data_sha256']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
