"""Pre-screening flags on a realistic year's batch: what a 学会部 must see before reading anything."""

from batch_materials import COMPLETE, COMPLETE_PDF, EMPTY, INCOMPLETE, LATE, NAMES, RUBRIC, SAVED_LATE
from ingest.batch.ranking import Row, rank_rows
from rubrics.grading import grade_order
from rubrics.loader import load_rubric


def kinds(row) -> list[str]:
    return [f["kind"] for f in row.flags]


def test_every_folder_is_one_submission_and_the_notice_is_set_aside(year_batch):
    report = year_batch.report
    assert report.layout.kind == "folders"
    assert sorted(r.label for r in report.rows) == sorted(
        [NAMES[s] for s in (COMPLETE, COMPLETE_PDF, INCOMPLETE, LATE, SAVED_LATE)] + [EMPTY]
    )
    assert [name for name, _ in report.layout.ignored] == ["关于开展2021年度省级学会考核的通知.txt"]
    assert report.processed == 6 and report.failed == 0


def test_materials_are_recognised_by_name(year_batch):
    files = {f["name"].rsplit("/", 1)[-1]: f["kind"] for f in year_batch.row(NAMES[COMPLETE]).record["files"]}
    assert files == {
        "江西省矿业学会2021年工作总结.docx": "工作总结",
        "2021年度学会工作考核自评表.xlsx": "自评表",
        "主要工作情况汇总表.docx": "汇总表",
        "关于召开2021年学术年会的通知.docx": "佐证材料",
    }


def test_complete_timely_submissions_raise_no_flag_but_over_claims(year_batch):
    for stem in (COMPLETE, COMPLETE_PDF):
        row = year_batch.row(NAMES[stem])
        audit = row.record["result"]["audit"]
        over = [f for f in audit if f["kind"] in ("over_claim", "no_evidence")]
        # Every society's 自评表 claims full marks: flagged exactly when the materials support less.
        assert kinds(row) == (["over_claim"] if over else [])
        if over:
            assert row.flags[0]["message"].startswith(f"自评表有{len(over)}项自评分高于材料能支持的分数")


def test_missing_materials_are_named(year_batch):
    row = year_batch.row(NAMES[INCOMPLETE])
    messages = [f["message"] for f in row.flags if f["kind"] == "missing_material"]
    assert len(messages) == 2
    assert messages[0].startswith("缺少自评表") and messages[1].startswith("缺少汇总表")


def test_the_audit_counts_the_summary_table_as_sent(year_batch):
    # The 汇总表 is checked, not read for activities: the audit must still see it, as the pre-screening does.
    audit = year_batch.row(NAMES[COMPLETE]).record["result"]["audit"]
    assert audit and not [f for f in audit if f["kind"] == "missing_material"]


def test_summary_signed_after_the_deadline_is_late_and_graded_by_the_notice(year_batch):
    row = year_batch.row(NAMES[LATE])
    late = [f["message"] for f in row.flags if f["kind"] == "late"]
    assert late and "2021年12月6日" in late[0] and "2021年11月30日" in late[0]
    # 通知：不按时提供有关佐证材料的，为不合格等次 — whatever the score.
    assert row.grade == "不合格" and row.record["sheet"]["conditions"] == ["late"]
    assert any("考核等次定为不合格" in note for note in row.record["result"]["notes"])
    assert row.record["submitted"] == "2021-12-06"


def test_unsigned_summary_is_dated_by_its_file_in_china_time(year_batch):
    row = year_batch.row(NAMES[SAVED_LATE])
    late = [f["message"] for f in row.flags if f["kind"] == "late"]
    assert late and "文件保存时间为2021年12月3日" in late[0]
    assert row.grade == "不合格" and row.record["sheet"]["conditions"] == ["late"]


def test_blank_summary_and_corrupt_evidence_are_flagged_with_the_file(year_batch):
    row = year_batch.row(EMPTY)
    assert set(kinds(row)) >= {"empty_summary", "unreadable", "missing_material"}
    unreadable = next(f["message"] for f in row.flags if f["kind"] == "unreadable")
    assert "佐证材料/年会照片.pdf" in unreadable
    empty = next(f["message"] for f in row.flags if f["kind"] == "empty_summary")
    assert "工作总结.docx" in empty and "内容过少" in empty


def test_self_evaluation_table_is_not_read_as_evidence(year_batch):
    # Its rows ("主办、承办国际性学术会议10分…") would otherwise count as work done.
    row = year_batch.row(EMPTY)
    assert row.total == 0
    result = row.record["result"]
    table = next(d for d in result["documents"] if d["name"].endswith("自评表.xlsx"))
    assert table["role"] == "self_evaluation"
    assert not any(e["document"] == table["id"] for a in result["activities"] for e in a["evidence"])


def test_ranks_follow_the_totals(year_batch):
    rows = year_batch.report.rows
    totals = [r.total for r in rows]
    assert totals == sorted(totals, reverse=True)
    assert [r.rank for r in rows][0] == 1
    for a, b in zip(rows, rows[1:]):
        assert (a.rank == b.rank) == (a.total == b.total)


def test_grades_by_rank_where_the_notice_sets_quotas(year_batch):
    # Jiangxi sets no shares; a notice that does (优秀不超过20%) grades by rank in the batch.
    rubric = load_rubric(RUBRIC)
    quotas = rubric.grading.model_copy(update={"shares": {"优秀": 0.2, "良好": 0.5, "合格": 0.3}})
    ranked = rank_rows(rubric.model_copy(update={"grading": quotas}),
                       [Row(r.society, r.label, r.record) for r in year_batch.report.rows])
    order = grade_order(rubric)
    eligible = [r for r in ranked if not r.record["sheet"]["conditions"]]
    assert [r.total for r in eligible] == sorted((r.total for r in eligible), reverse=True)
    # Down the ranking, grades never get better; late submissions stay 不合格 whatever their rank.
    positions = [order.index(r.grade) for r in eligible]
    assert positions == sorted(positions)
    assert all(r.grade == "不合格" for r in ranked if r.record["sheet"]["conditions"] == ["late"])
    # At most 20% of the eligible are 优秀.
    assert sum(r.grade == "优秀" for r in eligible) <= 0.2 * len(eligible)
