"""Measure proposal confidence on the labelled summaries and write it to `assess/data/calibration.yaml`.

    python -m corpora.calibrate

Every proposal names its basis (a keyword on one activity, a statement, a
stated outcome …). On the gold samples and the tuning summaries, the share
of proposals of each basis whose score equals the gold score becomes the
confidence of that basis (`assess.evidence.confidence`).
"""

from __future__ import annotations

import sys
from collections import Counter

import yaml

from assess.evidence import CALIBRATION_FILE
from corpora.report import GOLD, SAMPLES, SETS, load_gold, right

KINDS = ("docx", "pdf")


def measure() -> dict[str, dict[str, int]]:
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
    return {basis: {"right": rights[basis], "count": counts[basis]} for basis in sorted(counts)}


def main() -> int:
    bases = measure()
    header = ("# Written by `python -m corpora.calibrate`: per basis, proposals whose score was the gold score,\n"
              "# of how many, on the gold samples (DOCX and PDF) and the tuning summaries.\n")
    CALIBRATION_FILE.write_text(header + yaml.safe_dump({"bases": bases}, allow_unicode=True, sort_keys=True),
                                encoding="utf-8")
    for basis, m in bases.items():
        print(f"{basis}: {m['right']}/{m['count']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
