"""How far two people labelling the same texts agree: the ceiling any reader of them can be held to.

    python -m corpora.real.agreement

`second/` holds texts of the development part labelled again, blind, by a
second labeller against the same guide. The figures compare the second
labelling with the corpus's own as `corpora.report` compares kaohe's reading
with it: activity detection and the fields of the activities both found.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from corpora.real import TEXTS, load, problems
from corpora.real.report import gold_of
from corpora.report import evaluate, summarize

SECOND = Path(__file__).parent / "second"
FIELDS = ("type", "date_start", "status", "level", "participants", "count")


def as_read(activity: dict) -> dict:
    """A labelled activity in the shape of a reading: its quotes are its evidence."""
    quotes = [activity["quote"], *activity.get("other_quotes", [])]
    return dict(activity, evidence=[{"text": quote} for quote in quotes])


def agreement(second: Path = SECOND, first: Path = TEXTS) -> dict:
    """Detection and field scores of the second labelling against the first."""
    by_id = {text.id: text for text in load(folder=first)}
    results = []
    for path in sorted(second.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        reading = {"activities": [as_read(a) for a in raw["activities"]]}
        results.append(evaluate(gold_of(by_id[raw["id"]]), reading, "txt"))
    return summarize(results) | {"texts": len(results)}


def main() -> int:
    bad = [f"{path.name}: {problem}" for path in sorted(SECOND.glob("*.json")) for problem in problems(path)]
    if bad:
        print("\n".join(bad))
        return 1
    found = agreement()
    detection = found["detection"]
    print(f"两名标注者对 {found['texts']} 篇文本的一致性（以语料标注为准）：")
    print(f"活动识别 精确率 {detection['precision']:.1%}  召回率 {detection['recall']:.1%}  F1 {detection['f1']:.1%}")
    print("字段一致率 " + "  ".join(f"{name} {found['fields'][name]['accuracy']:.1%}" for name in FIELDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
