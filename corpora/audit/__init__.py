"""The audit corpus: whole Jiangxi 2021 submissions (summary, filled 自评表, evidence incl. scans and photos).

Each society's claims are set by hand (some honest, some inflated, some with
nothing behind them, one total mis-added, one row over its maximum) and its
evidence is typed, exported, scanned or photographed as offices hand it in.
The gold says what a careful evaluator finds; `python -m corpora.audit_report`
says how kaohe compares.
"""

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent


@dataclass(frozen=True)
class CorpusSet:
    """One set of audit cases: where its records are written, its files built and its gold kept."""

    source: Path
    submissions: Path
    gold: Path


# `tuning`: the cases kaohe's audit was tuned on. `heldout`: cases written apart, before any
# tuning, on other societies; the F1 there is the one to quote.
SETS = {
    "tuning": CorpusSet(HERE / "submissions.yaml", HERE / "submissions", HERE / "gold"),
    "heldout": CorpusSet(HERE / "heldout" / "submissions.yaml", HERE / "heldout" / "submissions",
                         HERE / "heldout" / "gold"),
}

# Summaries a case may reuse, each with its gold: the generated samples and the hand-written ones.
SUMMARY_SOURCES = [(HERE.parent / "samples", HERE.parent / "gold"),
                   (HERE.parent / "tuning" / "samples", HERE.parent / "tuning" / "gold")]


def summary_source(sample: str) -> tuple[Path, Path]:
    """The summary files' folder and the gold file of `sample` (such as 01_kuangye or h2_yuanyi)."""
    for files, gold in SUMMARY_SOURCES:
        if (gold / f"{sample}.json").exists():
            return files, gold / f"{sample}.json"
    raise FileNotFoundError(f"no summary named {sample}")
