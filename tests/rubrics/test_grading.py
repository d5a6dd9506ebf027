"""Grades by rank with a number per grade, and conditions acting on a batch (Chongqing's 特等/一等/二等)."""

from rubrics.engine import score
from rubrics.grading import grade_batch, grade_order, grade_sheets
from rubrics.loader import load_rubric
from rubrics.schema import Entered, FactItem, GradeBand, Grading, IndicatorFacts

DISTRICT = load_rubric("chongqing-2020-district")


def ranked_by_count(counts: dict[str, int]):
    grading = Grading(method="rank", bands=DISTRICT.grading.bands, counts=counts, veto_grade=None)
    return DISTRICT.model_copy(update={"grading": grading})


def test_grade_order_is_best_first():
    assert grade_order(DISTRICT) == ["特等", "一等", "二等"]
    jiangxi = load_rubric("jiangxi-2021-society")
    assert grade_order(jiangxi) == ["优秀", "良好", "合格", "不合格"]


def test_counts_per_grade_then_the_next_grade_for_the_rest():
    rubric = ranked_by_count({"特等": 2, "一等": 3})
    totals = [70, 95, 88, 60, 95, 81, 75, 50]
    # 95 and 95 are 特等; 88, 81, 75 一等; the rest 二等.
    assert grade_batch(rubric, totals, [False] * 8) == ["二等", "特等", "一等", "二等", "特等", "一等", "一等", "二等"]


def test_ties_share_the_better_grade_and_take_the_places_below():
    rubric = ranked_by_count({"特等": 1, "一等": 1})
    # Two share 特等; together they fill the two places of 一等-or-better.
    assert grade_batch(rubric, [90, 90, 80], [False] * 3) == ["特等", "特等", "二等"]


def full_district(deduct: bool, conditions: list[str] = ()) -> tuple[dict, Entered]:
    facts = {ind.id: IndicatorFacts(items=[FactItem(count=20)]) for c, _, ind in DISTRICT.indicators() if c.role == "base"}
    if deduct:
        facts["cq20d.deduction.elders"] = IndicatorFacts(items=[FactItem()])
    return facts, Entered(components={"clients": 20, "ccast": 10}, conditions=list(conditions))


def test_a_batch_ranks_then_bars_and_excludes():
    rubric = ranked_by_count({"特等": 1, "一等": 1})
    cases = [
        full_district(deduct=True),  # top total but deducted: cannot be 特等
        full_district(deduct=False, conditions=["incident_grave"]),  # 不予考核
        full_district(deduct=False),
    ]
    sheets = [score(rubric, facts, entered=entered) for facts, entered in cases]
    sheets[2] = sheets[2].model_copy(update={"total": 97.0})
    assert [s.total for s in sheets] == [98.6, 100, 97]
    # Ranked among the two assessed: 98.6 first, but barred from 特等, so 97 takes the 特等 place.
    assert grade_sheets(rubric, sheets) == ["一等", None, "特等"]


def test_without_quotas_a_batch_keeps_each_sheets_grade():
    sheets = []
    for deduct in (False, True):
        facts, entered = full_district(deduct)
        sheets.append(score(DISTRICT, facts, entered=entered))
    assert grade_sheets(DISTRICT, sheets) == [s.grade for s in sheets] == ["特等", "一等"]


def test_reference_bands_for_a_single_submission_are_said_to_be_so():
    rubric = DISTRICT.model_copy(
        update={"grading": Grading(method="rank", bands=[GradeBand(grade="特等", min=90), GradeBand(grade="二等", min=0)], veto_grade=None)}
    )
    sheet = score(rubric, {})
    assert any("以全批排名为准" in n for n in sheet.notes)
