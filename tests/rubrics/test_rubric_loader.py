"""Loading rubric files: the bundled Jiangxi table, and broken files reported by file, line and reason."""

import hashlib
import textwrap
from pathlib import Path

import pytest

from rubrics import loader
from core.vocabulary import LEVEL_LABELS, TYPE_LABELS
from rubrics.loader import RubricError, list_rubrics, load_rubric, load_rubric_file, rubric_sha256
from rubrics.schema import OutcomeRule, PartsRule, TieredRule

DATA = Path(loader.__file__).parent / "data"

JIANGXI_IDS = {
    "party": [
        "jx21.party.study",
        "jx21.party.political",
        "jx21.party.organization",
        "jx21.party.room",
        "jx21.party.ledger",
        "jx21.party.conduct",
    ],
    "capability": [
        "jx21.capability.academic",
        "jx21.capability.alliance",
        "jx21.capability.publication",
        "jx21.capability.integrity",
    ],
    "service": [
        "jx21.service.innovation",
        "jx21.service.rural",
        "jx21.service.consulting",
        "jx21.service.government",
    ],
    "popularization": ["jx21.popularization.activities", "jx21.popularization.campaigns"],
    "self": [
        "jx21.self.governance",
        "jx21.self.inspection",
        "jx21.self.talent",
        "jx21.self.members",
        "jx21.self.finance",
        "jx21.self.media",
    ],
}


def test_jiangxi_2021_loads_with_the_tables_structure_and_ids():
    rubric = load_rubric("jiangxi-2021-society")
    assert rubric.title == "江西省科协2021年度学会工作考核自评表"
    assert (rubric.year, rubric.body, rubric.max_total) == (2021, "江西省科学技术协会", 100)
    assert rubric.source == "赣科协字〔2021〕135号 附件1"
    assert str(rubric.deadline) == "2021-11-30" and rubric.december_evidence
    assert {c.id: [i.id for g in c.groups for i in g.indicators] for c in rubric.categories} == JIANGXI_IDS
    assert {c.name: c.points for c in rubric.categories} == {
        "党建工作": 18,
        "能力建设": 27,
        "科技服务": 25,
        "科普服务": 15,
        "自身建设": 15,
    }
    # The seed text misaligns 能力建设; its 二级指标 are these four.
    capability = next(c for c in rubric.categories if c.id == "capability")
    assert [g.name for g in capability.groups] == ["开展学术活动", "引领学科发展", "学术研究成果出版", "规范学术行为"]
    assert all(i.rule_text and i.label for _, _, i in rubric.indicators())


def test_jiangxi_rules_follow_the_table():
    rubric = load_rubric("jiangxi-2021-society")
    academic = rubric.indicator("jx21.capability.academic")
    assert isinstance(academic.rule, TieredRule) and academic.rule.cap == 20
    assert [(t.levels, t.points) for t in academic.rule.tiers] == [
        (["international"], 10),
        (["national", "regional"], 6),
        (["provincial"], 4),
    ]
    consulting = rubric.indicator("jx21.service.consulting").rule
    assert consulting.once_per_tier and [(t.tags, t.points) for t in consulting.tiers] == [(["adopted"], 4), (["consulting"], 2)]
    activities = rubric.indicator("jx21.popularization.activities").rule
    assert isinstance(activities, PartsRule) and [p.id for p in activities.parts] == ["team", "events"]
    campaigns = rubric.indicator("jx21.popularization.campaigns").rule
    assert [p.id for p in campaigns.parts] == ["science_day", "ganpo"]
    inspection = rubric.indicator("jx21.self.inspection").rule
    assert isinstance(inspection, OutcomeRule)
    assert inspection.outcomes["合格"] == 5 and {"不合格", "未年检"} <= set(inspection.veto)
    # Silence about 年检 is not proof of no inspection.
    assert inspection.absent is None and inspection.evidenced == "合格"
    grading = rubric.grading
    assert grading.method == "rank" and not grading.shares and grading.veto_grade == "不合格"
    assert [(b.grade, b.min) for b in grading.bands] == [("优秀", 90), ("良好", 75), ("合格", 60), ("不合格", 0)]


def test_list_and_sha256_of_bundled_rubrics():
    assert "jiangxi-2021-society" in [r.id for r in list_rubrics()]
    expected = hashlib.sha256((DATA / "jiangxi-2021-society.yaml").read_bytes()).hexdigest()
    assert rubric_sha256("jiangxi-2021-society") == expected


def test_unknown_rubric_id_lists_the_known_ones():
    with pytest.raises(RubricError) as caught:
        load_rubric("jiangxi-2022-society")
    assert "jiangxi-2022-society" in str(caught.value) and "jiangxi-2021-society" in str(caught.value)
    with pytest.raises(RubricError):
        rubric_sha256("../schema")


# A small rubric in the same shape as a real one; the tests below break it one way each.
MINI = textwrap.dedent(
    """\
    id: mini
    title: 某省学会考核表
    year: 2022
    body: 某省科协
    max_total: 10
    grading:
      bands:
        - {grade: 合格, min: 6}
        - {grade: 不合格, min: 0}
    categories:
      - id: academic
        name: 学术活动
        points: 8
        groups:
          - name: 学术会议
            indicators:
              - id: mini.meetings
                label: 主办全省性学术会议每次2分
                max: 6
                rule: {kind: per_item, points: 2, cap: 6}
              - id: mini.journal
                label: 主办学术期刊
                max: 2
                rule: {kind: presence, points: 2}
      - id: self
        name: 自身建设
        points: 2
        groups:
          - name: 年检
            indicators:
              - id: mini.inspection
                label: 年检合格得2分
                max: 2
                rule: {kind: outcome, outcomes: {合格: 2, 不合格: 0}, veto: [不合格]}
    """
)


def write(tmp_path, text: str, name: str = "mini.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def broken(tmp_path, text: str) -> RubricError:
    with pytest.raises(RubricError) as caught:
        load_rubric_file(write(tmp_path, text))
    return caught.value


def test_the_mini_rubric_is_valid(tmp_path):
    assert len(load_rubric_file(write(tmp_path, MINI)).indicators()) == 3


def test_category_points_not_adding_up_name_file_and_line(tmp_path):
    text = MINI.replace("points: 8", "points: 9").replace("max_total: 10", "max_total: 11")
    error = broken(tmp_path, text)
    assert error.file == "mini.yaml"
    assert error.problems == [(line_of(text, "points: 9"), "一级指标“学术活动”分值9分，与其三级指标满分之和8分不符")]
    assert str(error).startswith(f"mini.yaml 第{line_of(text, 'points: 9')}行：")


def test_total_not_adding_up(tmp_path):
    text = MINI.replace("max_total: 10", "max_total: 100")
    error = broken(tmp_path, text)
    assert error.problems == [(line_of(text, "max_total"), "总分100分，与各一级指标分值之和10分不符")]


def test_duplicate_indicator_id_points_at_the_second(tmp_path):
    text = MINI.replace("id: mini.journal", "id: mini.meetings")
    error = broken(tmp_path, text)
    assert error.problems == [(line_of(text, "id: mini.meetings", 2), "指标编号“mini.meetings”重复")]


def test_duplicate_yaml_key_is_not_silently_dropped(tmp_path):
    text = MINI.replace("            max: 2\n            rule: {kind: presence", "            max: 2\n            max: 3\n            rule: {kind: presence")
    error = broken(tmp_path, text)
    assert error.problems == [(line_of(text, "max: 3"), "字段“max”重复出现")]


def test_misspelt_field_is_an_error_not_ignored(tmp_path):
    text = MINI.replace("rule: {kind: presence, points: 2}", "rule: {kind: presence, points: 2}\n            match: {keyword: [期刊]}")
    error = broken(tmp_path, text)
    assert error.problems == [(line_of(text, "keyword:"), "未知字段“keyword”（可能拼写有误）")]


def test_unknown_rule_kind_and_missing_field(tmp_path):
    text = MINI.replace("{kind: presence, points: 2}", "{kind: bonus, points: 2}").replace("            label: 年检合格得2分\n", "")
    error = broken(tmp_path, text)
    reasons = dict((reason.split("（")[0], line) for line, reason in error.problems)
    assert reasons["未知的规则类型“bonus”"] == line_of(text, "kind: bonus")
    assert reasons["缺少字段“label”"] == line_of(text, "id: mini.inspection")


def test_rule_that_cannot_reach_or_exceeds_its_max(tmp_path):
    text = MINI.replace("{kind: per_item, points: 2, cap: 6}", "{kind: per_item, points: 2, cap: 8}").replace(
        "{kind: presence, points: 2}", "{kind: presence, points: 1}"
    )
    error = broken(tmp_path, text)
    assert (line_of(text, "cap: 8"), "封顶8分超过指标“mini.meetings”满分6分") in error.problems
    assert (line_of(text, "points: 1}"), "指标“mini.journal”按规则最多得1分，达不到满分2分") in error.problems


def test_tiered_cap_and_unknown_level(tmp_path):
    rule = "rule: {kind: tiered, cap: 7, tiers: [{levels: [provincal], points: 2}]}"
    text = MINI.replace("rule: {kind: per_item, points: 2, cap: 6}", rule)
    reasons = [reason for _, reason in broken(tmp_path, text).problems]
    assert "封顶7分超过指标“mini.meetings”满分6分" in reasons
    assert any(r.startswith("未知级别“provincal”") for r in reasons)


def test_parts_that_cannot_reach_the_max(tmp_path):
    rule = (
        "rule:\n"
        "              kind: parts\n"
        "              parts:\n"
        "                - {id: team, label: 组建队伍, rule: {kind: presence, points: 2}}\n"
        "                - {id: events, label: 开展活动, rule: {kind: count_bands, bands: [{min: 5, points: 3}]}}"
    )
    text = MINI.replace("rule: {kind: per_item, points: 2, cap: 6}", rule)
    error = broken(tmp_path, text)
    assert error.problems == [(line_of(text, "kind: parts"), "指标“mini.meetings”按规则最多得5分，达不到满分6分")]


def test_veto_outcome_must_be_an_outcome(tmp_path):
    text = MINI.replace("veto: [不合格]", "veto: [不年检]")
    error = broken(tmp_path, text)
    assert error.problems == [(line_of(text, "veto: [不年检]"), "“不年检”不在 outcomes 中（可选：合格、不合格）")]


def test_yaml_syntax_error_has_a_line(tmp_path):
    text = MINI.replace("title: 某省学会考核表", "title: [某省学会考核表")
    error = broken(tmp_path, text)
    assert error.file == "mini.yaml" and error.problems[0][0] is not None
    assert error.problems[0][1].startswith("YAML 格式错误")


def test_bundled_file_must_be_named_by_its_id(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "DATA", tmp_path)
    write(tmp_path, MINI, "other.yaml")
    with pytest.raises(RubricError, match="评分表编号“mini”与文件名“other”不一致"):
        load_rubric("other")
    with pytest.raises(RubricError, match="现有：other"):
        load_rubric("mini")


def test_count_bands_that_give_less_for_more_are_refused(tmp_path):
    rule = "rule: {kind: count_bands, bands: [{min: 1, points: 6}, {min: 5, points: 2}]}"
    text = MINI.replace("rule: {kind: per_item, points: 2, cap: 6}", rule)
    error = broken(tmp_path, text)
    assert error.problems == [(line_of(text, "kind: count_bands"), "次数越多得分应不减少：较高档次的得分低于较低档次")]


def test_unknown_activity_type_in_match(tmp_path):
    text = MINI.replace("rule: {kind: presence, points: 2}", "rule: {kind: presence, points: 2}\n            match: {types: [journal]}")
    error = broken(tmp_path, text)
    assert len(error.problems) == 1 and error.problems[0][0] == line_of(text, "types: [journal]")
    assert error.problems[0][1].startswith("未知活动类型“journal”")


def test_rubric_vocabulary_is_the_contracts():
    # Rubric files name levels and types by the values the extractors produce.
    from core.vocabulary import ActivityType, Level

    assert set(LEVEL_LABELS) == {v.value for v in Level}
    assert set(TYPE_LABELS) == {v.value for v in ActivityType}


# ---- the parts of a rubric beyond the table: tiers, bonus, composition, conditions, grades ----


def problems(tmp_path, text: str) -> list[str]:
    return [reason for _, reason in broken(tmp_path, text).problems]


def test_a_rest_tier_must_come_last_and_keyword_tiers_need_a_tag(tmp_path):
    rule = (
        "rule:\n"
        "              kind: tiered\n"
        "              cap: 6\n"
        "              tiers:\n"
        "                - {rest: true, points: 2}\n"
        "                - {keywords: [中国科协], points: 3}"
    )
    reasons = problems(tmp_path, MINI.replace("rule: {kind: per_item, points: 2, cap: 6}", rule))
    assert "rest 档（其他）应为最后一档" in reasons
    assert "按关键词分档须写明 tags（命中关键词的材料取第一个 tag）" in reasons


def test_once_per_tier_and_highest_only_exclude_each_other(tmp_path):
    rule = "rule: {kind: tiered, once_per_tier: true, highest_only: true, tiers: [{levels: [provincial], points: 6}]}"
    reasons = problems(tmp_path, MINI.replace("rule: {kind: per_item, points: 2, cap: 6}", rule))
    assert reasons == ["once_per_tier（每档计一次）与 highest_only（只取最高档）只能选一"]


BONUS = """\
  - id: bonus
    name: 加分项
    role: bonus
    points: 10
    item_cap: 3
    groups:
      - name: 加分项
        indicators:
          - id: mini.bonus
            label: 获得表彰加5分/项
            max: 3
            rule: {kind: per_item, points: 5}
"""


def test_a_bonus_group_is_outside_the_table_total_and_may_clip_an_item(tmp_path):
    rubric = load_rubric_file(write(tmp_path, MINI + BONUS))
    assert rubric.base_points() == 10 and rubric.max_total == 10
    # 5 per item is held to the item cap of 3: allowed in a group with item_cap only.
    without_cap = (MINI + BONUS).replace("    item_cap: 3\n", "")
    assert problems(tmp_path, without_cap) == ["每项得分5分应大于0且不超过指标“mini.bonus”满分3分"]


COMPOSITION = """\
composition:
  - {id: work, label: 工作考核, source: assessment, points: 10, weight: 0.7}
  - {id: peers, label: 服务对象评价, source: entered, points: 2}
"""


def test_weighted_terms_must_add_up_to_the_total(tmp_path):
    text = MINI.replace("grading:", COMPOSITION + "grading:")
    assert problems(tmp_path, text) == ["总分10分，与各分项加权满分之和9分不符"]
    assert load_rubric_file(write(tmp_path, text.replace("max_total: 10", "max_total: 9"))).composition[1].id == "peers"


def test_conditions_name_real_grades_and_what_sets_them(tmp_path):
    conditions = (
        "conditions:\n"
        "  - {id: late, label: 逾期报送, trigger: late, grade: 不合格}\n"
        "  - {id: bad, label: 重大事故, bar: [特等]}\n"
        "  - {id: both, label: 两种作用, bar: [合格], exclude: true}\n"
    )
    reasons = problems(tmp_path, MINI.replace("grading:", conditions + "grading:"))
    assert "trigger: late 需要评分表写明截止日期（deadline）" in reasons
    assert "情形“重大事故”所说的等次“特等”不在等次之中（可选：合格、不合格）" in reasons
    assert "情形“两种作用”应恰有一种作用：grade（定为某等次）、bar（不能评为）或 exclude（不予考核）" in reasons


def test_grading_without_grades_and_a_veto_without_a_grade(tmp_path):
    text = MINI.replace("grading:\n  bands:", "grading:\n  method: none\n  veto_grade: null\n  bands:")
    reasons = problems(tmp_path, text)
    assert "method: none（不评等次）时不应再写 bands、shares 或 counts" in reasons
    assert "评分表有一票否决的结果，须写明否决后的等次（veto_grade）" in reasons


def test_required_materials_are_the_notices_known_materials_listed_once(tmp_path):
    unknown = MINI.replace("max_total: 10\n", "max_total: 10\nmaterials: [工作总结, 年度报表]\n")
    error = broken(tmp_path, unknown)
    assert [line for line, _ in error.problems] == [line_of(unknown, "materials:")]
    assert "工作计划" in error.problems[0][1]  # the reason lists what may be named
    repeated = MINI.replace("max_total: 10\n", "max_total: 10\nmaterials: [工作总结, 自评表, 工作总结]\n")
    assert broken(tmp_path, repeated).problems == [(line_of(repeated, "materials:"), "报送材料“工作总结”重复")]


def test_every_bundled_notice_that_names_its_materials_says_which():
    assert load_rubric("zhejiang-2020-society").materials == ["工作总结", "工作计划", "自评表"]
    assert load_rubric("chongqing-2020-society").materials == ["工作总结", "自评表"]
