"""Facts as a reviewer would confirm them, for the hand-worked examples of each seed table."""

from rubrics.engine import score_indicator
from rubrics.schema import FactItem, IndicatorFacts, IndicatorResult, Rubric


def evidenced(n: int = 1, support: float | None = None, **item) -> IndicatorFacts:
    """n items of evidence (events, reports…), optionally with a level or tag, and for a
    discretionary rule how far up its range the evidence reaches."""
    return IndicatorFacts(items=[FactItem(count=n, **item)], support=support)


def tagged(*tags: tuple[str, int]) -> IndicatorFacts:
    """Items sorted into tiers by tag: ("adopted", 2), ("consulting", 3)."""
    return IndicatorFacts(items=[FactItem(tag=tag, count=n) for tag, n in tags])


def result(rubric: Rubric, indicator_id: str, facts: IndicatorFacts) -> IndicatorResult:
    return score_indicator(rubric.indicator(indicator_id), facts)
