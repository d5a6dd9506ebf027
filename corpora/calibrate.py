"""Measure proposal confidence on the labelled summaries and write it to `assess/data/calibration.yaml`.

    python -m corpora.calibrate

Every proposal names its basis (a keyword on one activity, a statement, a
stated outcome …). Two measurements per basis are written:

- `samples`: on the gold samples and the tuning summaries, proposals whose
  score equals the gold score;
- `real`: on the development part of the reviewer-scored real summaries
  (`corpora/real/scores`), proposals inside the reviewer's range, kept apart
  by site fold (`corpora.real.report.fold_of`) so that the development report
  can measure each text's confidence without its own site.

`assess.evidence.confidence` combines them.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

from assess.evidence import CALIBRATION_FILE
from corpora.real import load
from corpora.real.report import fold_of
from corpora.real.scores import load_scores
from corpora.real.scores.report import score_text, within
from corpora.report import GOLD, SAMPLES, SETS, load_gold, right

KINDS = ("docx", "pdf")

Tally = dict[str, dict[str, int]]


def _tally(rights: Counter, counts: Counter) -> Tally:
    return {basis: {"right": rights[basis], "count": counts[basis]} for basis in sorted(counts)}


def measure_samples() -> Tally:
    from ingest.pipeline import run_files  # the pipeline is imported only when really run

    rights, counts = Counter(), Counter()
    for samples, gold_dir in [(SAMPLES, GOLD), SETS["tuning"]]:
        for gold in load_gold(gold_dir):
            for kind in KINDS:
                path = samples / f"{gold['sample']}.{kind}"
                if not path.exists():
                    continue
                pred = run_files([path], gold["rubric"], gold["year"])
                for proposal in pred["indicators"]:
                    if proposal["id"] in gold["indicators"]:
                        counts[proposal["basis"]] += 1
                        rights[proposal["basis"]] += right(proposal, gold["indicators"][proposal["id"]])
    return _tally(rights, counts)


def measure_real() -> dict[int, Tally]:
    """Per site fold: per basis, kaohe's proposals on the development scores inside the reviewer's range."""
    texts = {t.id: t for t in load("development")}
    rights: dict[int, Counter] = {}
    counts: dict[int, Counter] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for reviewer in load_scores():
            text = texts.get(reviewer.text_id)
            if text is None:
                continue
            pred = score_text(text, reviewer.rubric_id, Path(tmp))
            fold = fold_of(text.site)
            for proposal in pred["indicators"]:
                given = reviewer.indicators.get(proposal["id"])
                if given is not None:
                    counts.setdefault(fold, Counter())[proposal["basis"]] += 1
                    rights.setdefault(fold, Counter())[proposal["basis"]] += within(given, proposal["proposed_score"])
    return {fold: _tally(rights[fold], counts[fold]) for fold in sorted(counts)}


def main() -> int:
    found = {"samples": measure_samples(), "real": measure_real()}
    header = ("# Written by `python -m corpora.calibrate`: per basis, proposals that were right, of how many —\n"
              "# samples: score equal to the gold score on the gold samples (DOCX and PDF) and the tuning summaries;\n"
              "# real: per site fold, inside the reviewer's range on the development part of corpora/real/scores.\n")
    CALIBRATION_FILE.write_text(header + yaml.safe_dump(found, allow_unicode=True, sort_keys=True), encoding="utf-8")
    real = Counter()
    for tally in found["real"].values():
        for basis, m in tally.items():
            real[basis, "right"] += m["right"]
            real[basis, "count"] += m["count"]
    for basis in sorted({*found["samples"], *(b for b, _ in real)}):
        sample = found["samples"].get(basis, {"right": 0, "count": 0})
        print(f"{basis}：样例 {sample['right']}/{sample['count']}，真实总结 {real[basis, 'right']}/{real[basis, 'count']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
