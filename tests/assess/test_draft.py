"""`kaohe rubric import`: rubric files drafted from the notices' self-evaluation tables.

The notices under tests/fixtures/notices are the public seed notices, verbatim
(their tables flattened to text the way they were published: a row per line
with tab-separated cells, or a cell per line). The expected hierarchies and
maxima below were read off the notices' tables by hand. The Word notice is
built here with a real, merged-cell table, as an office would type one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from docx import Document as WordDocument
from docx.shared import Pt
from typer.testing import CliRunner

from extractors.parse import parse
from ingest.cli import app
from assess.draft import Draft, draft_from_document, draft_from_text, guess_rule, keywords
from rubrics.loader import RubricError, list_rubrics, parse_rubric

NOTICES = Path(__file__).parent.parent / "fixtures" / "notices"


def drafts(name: str) -> list[Draft]:
    return draft_from_text((NOTICES / name).read_text(encoding="utf-8"))


def shape(draft: Draft, role: str | None = None) -> list[tuple[str, float, list[float]]]:
    """(category, points, indicator maxima) of the base categories, or of one role."""
    return [
        (c["name"], c["points"], [i["max"] for g in c["groups"] for i in g["indicators"]])
        for c in draft.rubric["categories"]
        if c.get("role") == role
    ]


def indicator(draft: Draft, start: str) -> dict:
    """The indicator whose label starts with `start`."""
    found = [i for c in draft.rubric["categories"] for g in c["groups"] for i in g["indicators"] if i["label"].startswith(start)]
    assert len(found) == 1, f"{start}: {len(found)} indicators"
    return found[0]


def check_problems(draft: Draft) -> list[tuple[int | None, str]]:
    """What `kaohe rubric check` would report for the draft as written."""
    try:
        parse_rubric(draft.yaml().encode("utf-8"), "draft.yaml")
    except RubricError as error:
        return error.problems
    return []


def todo_lines(draft: Draft) -> set[int]:
    """Every line of the YAML that lies in a part of the rubric marked TODO."""
    root = yaml.compose(draft.yaml())
    lines: set[int] = set()
    for path in draft.todos:
        if not path:
            continue
        node = root
        for step in path:
            if isinstance(node, yaml.MappingNode):
                node = next(v for k, v in node.value if k.value == step)
            else:
                node = node.value[step]
        lines.update(range(node.start_mark.line + 1, node.end_mark.line + 2))
    return lines


def assert_check_lists_only_todos(draft: Draft) -> None:
    """Everything check refuses is a place the draft itself marks TODO."""
    marked = todo_lines(draft)
    for line, reason in check_problems(draft):
        assert line in marked, f"第{line}行：{reason} — not marked TODO"


# ---- Jiangxi 2021: a row per line, cells shifted where the flattening dropped empty ones ----


def test_jiangxi_hierarchy_and_maxima():
    (draft,) = drafts("jiangxi-2021.txt")
    assert shape(draft) == [
        ("党建工作", 18, [5, 3, 2, 3, 3, 2]),
        ("能力建设", 27, [20, 2, 3, 2]),
        ("科技服务", 25, [8, 6, 6, 5]),
        ("科普服务", 15, [7, 8]),
        ("自身建设", 15, [2, 5, 2, 2, 2, 2]),
    ]
    rubric = draft.rubric
    assert rubric["max_total"] == 100
    assert sum(i for _, _, maxima in shape(draft) for i in maxima) == rubric["max_total"]
    assert rubric["id"] == "jiangxi-2021-society"
    assert rubric["title"] == "江西省科协2021年度学会工作考核自评表"
    assert rubric["source"] == "赣科协字〔2021〕135号 附件1"
    assert str(rubric["deadline"]) == "2021-11-30"
    assert rubric["december_evidence"] is True
    groups = [g["name"] for c in rubric["categories"] for g in c["groups"]]
    # "规范学术" and "行为" are one cell split over two lines of the text.
    assert "规范学术行为" in groups
    assert groups[:4] == ["思想建设", "组织建设", "制度建设", "作风建设"]
    # The row whose cells start in the wrong column stays in 管理制度.
    assert indicator(draft, "学会期刊、网站")["max"] == 2


def test_jiangxi_rule_kinds_from_wording():
    (draft,) = drafts("jiangxi-2021.txt")
    academic = indicator(draft, "主办、承办国际性学术会议")["rule"]
    assert academic["kind"] == "tiered" and academic["cap"] == 20
    assert [(t["levels"], t["points"]) for t in academic["tiers"]] == [
        (["international"], 10), (["national", "regional"], 6), (["provincial"], 4)]
    assert indicator(draft, "主办、承办国际性学术会议")["match"]["types"] == ["academic_conference"]

    consulting = indicator(draft, "发挥“智库”作用")["rule"]
    assert consulting["once_per_tier"] is True
    assert [(t.get("tags"), t.get("rest"), t["points"]) for t in consulting["tiers"]] == [
        (["adopted"], None, 4), (None, True, 2)]

    # 7 points, of which the wording states 5 (五次以上5分；五次以下2分): the 2 left
    # over go to the team named before "并", for a person to confirm.
    popularization = indicator(draft, "组建科技志愿服务队伍")
    team, events = popularization["rule"]["parts"]
    assert team["label"] == "组建科技志愿服务队伍" and team["rule"] == {"kind": "presence", "points": 2}
    assert events["rule"]["kind"] == "count_bands"
    assert [(b["min"], b["points"]) for b in events["rule"]["bands"]] == [(5, 5), (1, 2)]
    assert any("少于满分7分" in t for t in draft.todos[("categories", 3, "groups", 0, "indicators", 0)])

    campaigns = indicator(draft, "参与全国科普日活动3分")["rule"]
    assert [(p["label"], p["rule"]["points"]) for p in campaigns["parts"]] == [
        ("参与全国科普日活动", 3), ("开展“赣鄱科普大讲堂”活动", 5)]
    assert "赣鄱科普大讲堂" in campaigns["parts"][1]["match"]["keywords"]

    inspection = indicator(draft, "学会年检获合格等次")["rule"]
    assert inspection["kind"] == "outcome"
    assert inspection["outcomes"] == {"合格": 5, "不合格": 0, "未年检": 0}
    assert inspection["veto"] == ["不合格", "未年检"]

    assert indicator(draft, "党员活动室基本制度上墙")["rule"] == {"kind": "presence", "points": 3}


def test_jiangxi_check_lists_exactly_the_todos():
    (draft,) = drafts("jiangxi-2021.txt")
    # The notice ranks societies into 优秀/良好/合格/不合格 without score lines:
    # the one thing check refuses, and it is marked TODO.
    problems = check_problems(draft)
    assert [reason for _, reason in problems] == ["未给出等次分数线（bands），无法确定等次"]
    assert_check_lists_only_todos(draft)
    assert draft.rubric["grading"] == {"method": "rank", "bands": [], "veto_grade": "不合格"}
    # With the lines a person fills in, the draft is a usable rubric.
    finished = draft.yaml().replace("bands: []", "bands: [{grade: 优秀, min: 90}, {grade: 不合格, min: 0}]")
    rubric = parse_rubric(finished.encode("utf-8"), "jiangxi.yaml")
    assert len(rubric.indicators()) == 22
    assert rubric.conditions[0].trigger == "late" and rubric.conditions[0].grade == "不合格"


# ---- Zhejiang 2020: 序号/类别/项目/评价内容/分值 ----


def test_zhejiang_draft_is_a_valid_rubric():
    (draft,) = drafts("zhejiang-2020.txt")
    assert shape(draft) == [
        ("为科技工作者服务", 35, [10, 5, 3, 2, 5, 5, 5]),
        ("为创新驱动发展服务", 15, [4, 4, 4, 3]),
        ("为提高全民素质服务", 12, [5, 4, 3]),
        ("为党和政府决策咨询服务", 10, [5, 5]),
        ("加强自身建设", 28, [7, 3, 2, 1, 5, 1, 2, 5, 2]),
    ]
    assert check_problems(draft) == []
    rubric = draft.rubric
    assert rubric["id"] == "zhejiang-2020-society" and rubric["max_total"] == 100
    assert rubric["grading"]["method"] == "none"  # the notice sets no grades
    groups = [g["name"] for g in rubric["categories"][1]["groups"]]
    # "促进" / "转化": one group name split over two rows of the text.
    assert groups == ["搭建平台", "促进转化"]
    assert any("促进转化" in t for t in draft.todos[()])
    assert [g["name"] for g in rubric["categories"][4]["groups"]] == ["组织建设", "财务管理", "社团评估", "本职职能", "其他"]
    training = indicator(draft, "举办会员继续教育培训")
    assert training["rule"]["bands"] == [{"min": 2, "points": 2, "label": "2期以上"}]
    assert training["match"]["types"] == ["training"]


# ---- Chongqing 2020: four tables, points written in the text, bonus and deduction items ----


def test_chongqing_drafts_all_four_tables():
    found = drafts("chongqing-2020.txt")
    assert [d.rubric["id"] for d in found] == [
        "chongqing-2020-district", "chongqing-2020-society", "chongqing-2020-enterprise", "chongqing-2020-university"]
    assert [d.rubric["source"] for d in found] == [f"渝科协发〔2020〕105号 附件{n}" for n in range(1, 5)]
    district, society, enterprise, university = found
    assert [maxima for _, _, maxima in shape(district)] == [
        [10, 5], [4, 6], [4, 3, 4, 4, 3, 2], [5, 5, 10], [10], [10], [6], [3, 4, 2]]
    assert [maxima for _, _, maxima in shape(society)] == [[20], [10, 10, 6, 4], [15], [15], [8, 4, 4, 4]]
    assert [maxima for _, _, maxima in shape(enterprise)] == [[15, 15], [20, 20], [5, 5], [2, 3, 5], [5, 2, 3]]
    assert [maxima for _, _, maxima in shape(university)] == [[15, 15], [10, 10, 10], [10, 10], [2, 3, 5], [5, 2, 3]]
    for draft in found:
        assert draft.rubric["max_total"] == 100
        assert sum(points for _, points, _ in shape(draft)) == 100
        assert_check_lists_only_todos(draft)


def test_chongqing_points_inside_the_wording():
    district, society, *_ = drafts("chongqing-2020.txt")
    # Item 6 states no points: the other items leave 10 of the stated 100.
    advice = indicator(district, "组织参与市科协改革研讨会")
    assert advice["max"] == 10
    assert advice["rule"]["bands"] == [{"min": 4, "points": 10, "label": "4次及以上"}]
    assert any("推算为10分" in t for t in district.todos[("categories", 5, "groups", 0, "indicators", 0)])
    campaigns = indicator(district, "举办“弘扬爱国奋斗精神")
    assert campaigns["rule"]["bands"] == [{"min": 3, "points": 10, "label": "3次以上"}]
    assert indicator(district, "应用中国科协绿平台")["max"] == 3

    hosting = indicator(society, "承办国际性全国性学术交流活动")
    assert hosting["rule"] == {"kind": "per_item", "points": 5, "cap": 10, "unit": "项"}
    assert hosting["match"]["levels"] == ["international", "national"]
    assert indicator(society, "组建学会科普队伍")["rule"] == {"kind": "per_item", "points": 3, "cap": 15, "unit": "项"}
    assert indicator(society, "年检合格")["rule"]["kind"] == "outcome"


def test_chongqing_bonus_and_deduction_items():
    district, society, *_ = drafts("chongqing-2020.txt")
    (bonus,) = shape(district, "bonus")
    assert bonus == ("加分项", 10, [3, 3, 3, 3])
    (deductions,) = shape(district, "deduction")
    assert deductions == ("扣分项", 10, [10, 2])
    categories = {c.get("role"): c for c in district.rubric["categories"]}
    assert categories["bonus"]["item_cap"] == 3
    honours = indicator(district, "单位或个人获得市科协表彰")["rule"]
    assert honours["kind"] == "tiered"
    assert [(t["keywords"], t["points"]) for t in honours["tiers"]] == [(["中国科协"], 2), (["市科协"], 1)]
    unfinished = indicator(district, "未完成市科协交办的工作")
    assert unfinished["rule"]["points"] == 2 and unfinished["match"] == {"manual": True}
    # 加5分/项 under 每项加分不超过3分: the item is clipped to 3.
    assert shape(society, "bonus") == [("加分项", 10, [3, 3])]
    assert indicator(society, "学会集体获省部级以上奖项")["rule"]["points"] == 5
    conditions = {c["id"]: c for c in district.rubric["conditions"]}
    assert conditions["deducted"]["bar"] == ["特等"] and conditions["deducted"]["trigger"] == "deductions"
    assert conditions["incident_bar"]["bar"] == ["特等", "一等"]
    assert conditions["incident_exclude"]["exclude"] is True
    # 附件1 is weighted 70% into a total with scores people enter: left to a person.
    assert any("按70%权重计入总分" in t for t in district.todos[()])
    assert not any("权重" in t for t in society.todos.get((), []))


def test_chongqing_check_reports_the_missing_grade_lines():
    district = drafts("chongqing-2020.txt")[0]
    reasons = [reason for _, reason in check_problems(district)]
    assert "未给出等次分数线（bands），无法确定等次" in reasons
    assert district.rubric["grading"]["method"] == "threshold"
    assert any("特等、一等、二等" in t for t in district.todos[("grading",)])


# ---- 自治区 2022: A/B/C indicators with a 评分标准 column, a cell per line ----


def test_zizhiqu_hierarchy_and_rule_kinds():
    (draft,) = drafts("zizhiqu-2022.txt")
    assert shape(draft) == [
        ("自身建设", 15, [2, 2, 1, 5, 3, 2]),
        ("党建工作", 20, [4, 2, 4, 3, 4, 1, 2]),
        ("业务工作", 65, [5, 4, 2, 2, 2, 6, 3, 3, 1, 2, 3, 3, 3, 3, 3, 1, 2, 2, 2, 3, 3, 3, 2, 2]),
        ("特色工作", 10, [10]),
    ]
    # The 合计 cell is blank: the total is what the A-levels add up to.
    assert draft.rubric["max_total"] == 110
    assert draft.rubric["id"] == "zizhiqu-2022-society"
    groups = [g["name"] for g in draft.rubric["categories"][1]["groups"]]
    assert groups == ["党组织建设", "基础管理", "政治引领"]

    assert indicator(draft, "学会换届情况")["rule"] == {"kind": "deduction", "per_missing": 2, "expected": 1}
    assert indicator(draft, "配备秘书处专职工作人员")["rule"] == {"kind": "deduction", "per_missing": 1, "expected": 2}
    assert indicator(draft, "落实“三会一课”")["rule"] == {"kind": "deduction", "per_missing": 1, "expected": 3}
    assert indicator(draft, "充分发挥学会党组织职能")["rule"] == {"kind": "deduction", "per_missing": 1, "expected": 4}
    assert indicator(draft, "人才举荐、人才评价")["rule"]["kind"] == "deduction"
    assert indicator(draft, "开展科普活动情况")["rule"] == {"kind": "discretionary", "min": 0}
    accident = indicator(draft, "落实学会安全责任")
    assert accident["rule"] == {"kind": "penalty", "points": 2} and accident["match"]["manual"] is True
    inspection = indicator(draft, "是否完成当年年检")["rule"]
    assert inspection["outcomes"] == {"合格": 5, "基本合格": 3, "不合格": 0, "未年检": 0}
    awards = indicator(draft, "科技奖励及成果转化")["rule"]
    assert [(t["levels"], t["points"]) for t in awards["tiers"]] == [(["national"], 4), (["provincial"], 3)]
    assert awards["highest_only"] is True
    meetings = indicator(draft, "按时、积极参加自治区科协")["rule"]
    assert meetings["bands"] == [{"min": 3, "points": 3, "label": "≥3次"}]
    featured = indicator(draft, "获得国家部委表彰")["rule"]
    assert featured == {"kind": "per_item", "points": 2, "cap": 10, "unit": "项"}
    assert indicator(draft, "积极承接政府职能转移")["rule"] == {"kind": "per_item", "points": 1, "cap": 2, "unit": "项"}


def test_zizhiqu_draft_is_a_valid_rubric_with_its_todos():
    (draft,) = drafts("zizhiqu-2022.txt")
    assert check_problems(draft) == []
    todos = [t for texts in draft.todos.values() for t in texts]
    assert any("扣得2分" in t for t in todos)  # "基本合格扣得2分": deducted or earned?
    assert any("发文单位" in t for t in todos)  # the table names no issuing body
    assert draft.rubric["body"] == ""


# ---- a Word notice with the table as a real table ----

WORD_ROWS = [
    # (一级指标, 二级指标, 三级指标, 分值, 评分标准, 自评分)
    ("党建工作（30分）", "组织建设", "建立学会党组织并开展工作", "10", "未建立党组织扣10分", "10"),
    (None, None, "落实“三会一课”制度", "10", "缺1项扣2分", "8"),
    (None, "思想建设", "组织学习贯彻习近平新时代中国特色社会主义思想", "10", "结合实际工作开展情况赋分", "9"),
    ("学术交流（40分）", "学术活动", "主办、承办学术会议",
     "25", "国际性学术会议10分/次；全国性学术会议6分/次；全省性学术会议4分/次，最高25分", "20"),
    (None, "学术出版", "编印论文集或主办学术期刊", "15", "2次以上得15分；2次以下得8分", "15"),
    ("科普服务（30分）", "科普活动", "开展科普讲座、科普进校园等活动", "18", "每次3分，最高18分", "18"),
    (None, None, "参与全国科普日活动", "12", "参与全国科普日活动得12分；未参与不得分", "12"),
]


def build_word_notice(path: Path) -> Path:
    """A notice typed in Word: paragraphs, then 附件1 with a merged-cell table (filled-in 自评分)."""
    doc = WordDocument()
    doc.styles["Normal"].font.size = Pt(12)
    doc.add_paragraph("湖南省科学技术协会")
    doc.add_paragraph("湘科协字〔2023〕12号")
    doc.add_heading("关于开展2023年度省级学会考核的通知", level=1)
    doc.add_paragraph("各省级学会：请于2023年11月20日前报送年度工作总结和自评表。")
    doc.add_paragraph("考核结果分为优秀、良好、合格、不合格四个等次：90分以上为优秀，75—89分为良好，60—74分为合格，60分以下为不合格。")
    doc.add_paragraph("附件1")
    doc.add_paragraph("湖南省科协2023年度省级学会工作考核自评表")
    table = doc.add_table(rows=1 + len(WORD_ROWS) + 1, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "自评分"]):
        cell.text = text
    for r, row in enumerate(WORD_ROWS, 1):
        for c, text in enumerate(row):
            if text is not None:
                table.cell(r, c).text = text
    # Category and group cells run down the rows they head, as Word merges them.
    for col, start, end in ((0, 1, 3), (0, 4, 5), (0, 6, 7), (1, 1, 2), (1, 6, 7)):
        top = table.cell(start, col)
        text = top.text
        top.merge(table.cell(end, col)).text = text
    total = len(WORD_ROWS) + 1
    table.cell(total, 0).merge(table.cell(total, 2)).text = "合计"
    table.cell(total, 3).text = "100"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


@pytest.fixture(scope="module")
def word_notice(tmp_path_factory) -> Path:
    return build_word_notice(tmp_path_factory.mktemp("notice") / "考核通知.docx")


def test_word_notice_table_becomes_a_valid_rubric(word_notice):
    doc = parse(word_notice.read_bytes(), word_notice.name, "notice")
    (draft,) = draft_from_document(doc)
    assert shape(draft) == [("党建工作", 30, [10, 10, 10]), ("学术交流", 40, [25, 15]), ("科普服务", 30, [18, 12])]
    rubric = draft.rubric
    assert [[g["name"] for g in c["groups"]] for c in rubric["categories"]] == [
        ["组织建设", "思想建设"], ["学术活动", "学术出版"], ["科普活动"]]
    assert rubric["id"] == "hunan-2023-society"
    assert rubric["source"] == "湘科协字〔2023〕12号 附件1"
    assert str(rubric["deadline"]) == "2023-11-20"
    assert rubric["grading"]["bands"] == [
        {"grade": "优秀", "min": 90}, {"grade": "良好", "min": 75}, {"grade": "合格", "min": 60}, {"grade": "不合格", "min": 0}]
    # The society's own scores (自评分) are not part of the rubric; the 评分标准 is its rule text.
    assert indicator(draft, "组织学习贯彻")["rule_text"] == "结合实际工作开展情况赋分"
    assert indicator(draft, "建立学会党组织")["rule"] == {"kind": "deduction", "per_missing": 10, "expected": 1}
    assert indicator(draft, "落实“三会一课”制度")["rule"] == {"kind": "deduction", "per_missing": 2, "expected": 5}
    assert indicator(draft, "组织学习贯彻")["rule"]["kind"] == "discretionary"
    conferences = indicator(draft, "主办、承办学术会议")["rule"]
    assert conferences["kind"] == "tiered" and conferences["cap"] == 25
    assert [(t["levels"], t["points"]) for t in conferences["tiers"]] == [
        (["international"], 10), (["national"], 6), (["provincial"], 4)]
    assert indicator(draft, "编印论文集")["rule"]["bands"] == [
        {"min": 2, "points": 15, "label": "2次以上"}, {"min": 1, "points": 8, "label": "2次以下"}]
    assert indicator(draft, "开展科普讲座")["rule"] == {"kind": "per_item", "points": 3, "cap": 18, "unit": "次"}
    assert indicator(draft, "参与全国科普日活动")["rule"] == {"kind": "presence", "points": 12}
    assert check_problems(draft) == []


def test_pdf_of_the_word_notice_drafts_the_same_rubric(word_notice):
    """word-notice.pdf is the Word notice above exported to PDF by LibreOffice (ruled table, text layer)."""
    pdf = NOTICES / "word-notice.pdf"
    (from_pdf,) = draft_from_document(parse(pdf.read_bytes(), pdf.name, "notice"))
    (from_word,) = draft_from_document(parse(word_notice.read_bytes(), word_notice.name, "notice"))
    assert from_pdf.rubric == from_word.rubric


# ---- against the hand-written rubric files ----


def test_drafted_maxima_agree_with_the_bundled_rubrics():
    """Where a person has written the rubric, the draft has the same total and category points,
    and indicator maxima that split the table the same way or finer (a person may join two
    rows into one tiered indicator: 10 + 10 drafted, 20 written)."""
    bundled = {r.id: r for r in list_rubrics()}
    compared = []
    for name in ("jiangxi-2021.txt", "zhejiang-2020.txt", "chongqing-2020.txt", "zizhiqu-2022.txt"):
        for draft in drafts(name):
            rubric = bundled.get(draft.rubric["id"])
            if rubric is None:
                continue
            compared.append(rubric.id)
            assert draft.rubric["max_total"] == rubric.max_total, rubric.id
            assert len(draft.rubric["categories"]) == len(rubric.categories), rubric.id
            for drafted, written in zip(draft.rubric["categories"], rubric.categories):
                assert drafted["points"] == written.points and drafted.get("role", "base") == written.role
                ours = _running_sums(i["max"] for g in drafted["groups"] for i in g["indicators"])
                theirs = _running_sums(i.max for g in written.groups for i in g.indicators)
                assert ours >= theirs or ours <= theirs, (rubric.id, written.name, ours, theirs)
    assert "jiangxi-2021-society" in compared


def _running_sums(maxima) -> set[float]:
    sums, total = set(), 0.0
    for m in maxima:
        total += m
        sums.add(total)
    return sums


# ---- pieces ----


@pytest.mark.parametrize(
    ("wording", "maximum", "expected"),
    [
        ("国际性10分；全国6分；全省4分，不超过20分", 20, {"kind": "tiered", "cap": 20}),
        ("五次以上5分，五次以下2分", 5, {"kind": "count_bands", "bands": [
            {"min": 5, "points": 5, "label": "五次以上"}, {"min": 1, "points": 2, "label": "五次以下"}]}),
        ("未开展扣2分", 2, {"kind": "deduction", "per_missing": 2, "expected": 1}),
        ("结合实际工作开展情况赋分", 3, {"kind": "discretionary", "min": 0}),
        ("年检不合格一票否决", 5, {"kind": "outcome", "outcomes": {"合格": 5, "不合格": 0}, "veto": ["不合格"]}),
        ("每承担一项得1分，未参与不得分", 2, {"kind": "per_item", "points": 1, "cap": 2}),
    ],
)
def test_rule_kind_from_wording(wording, maximum, expected):
    rule = guess_rule(wording, maximum).rule
    assert {k: rule[k] for k in expected} == expected


def test_keywords_keep_quoted_names_and_drop_common_words():
    words = keywords("参与全国科普日活动3分；开展“赣鄱科普大讲堂”活动5分")
    assert words[0] == "赣鄱科普大讲堂"
    assert not {"开展", "活动", "参与", "3分", "5分"} & set(words)
    assert "四个意识" in keywords("树牢“四个意识”，坚定“四个自信”")


# ---- the command ----

runner = CliRunner()


def test_import_writes_a_draft_that_check_accepts(tmp_path):
    out = tmp_path / "zhejiang-2020-society.yaml"
    result = runner.invoke(app, ["rubric", "import", str(NOTICES / "zhejiang-2020.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "25个指标" in result.stderr and "满分100分" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("# 草稿")
    # The notice's table is already released under that id: the draft must become a new file.
    checked = runner.invoke(app, ["rubric", "check", str(out)])
    assert checked.exit_code == 1 and "已发布并用于评分" in checked.stderr
    renamed = tmp_path / "zhejiang-2020-society-v2.yaml"
    renamed.write_text(out.read_text(encoding="utf-8").replace("id: zhejiang-2020-society", "id: zhejiang-2020-society-v2"),
                       encoding="utf-8")
    checked = runner.invoke(app, ["rubric", "check", str(renamed)])
    assert checked.exit_code == 0, checked.output


def test_import_several_tables(tmp_path):
    notice = str(NOTICES / "chongqing-2020.txt")
    one = runner.invoke(app, ["rubric", "import", notice, "--table", "2"])
    assert one.exit_code == 0, one.output
    assert one.stdout.count("\nid: ") == 1 and "id: chongqing-2020-society" in one.stdout
    every = runner.invoke(app, ["rubric", "import", notice, "-o", str(tmp_path / "cq.yaml")])
    assert every.exit_code == 0, every.output
    assert "找到 4 张评分表" in every.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"cq-{n}.yaml" for n in range(1, 5)]
    # What check still refuses is what the drafts mark TODO (the grade lines).
    checked = runner.invoke(app, ["rubric", "check", str(tmp_path / "cq-1.yaml")])
    assert checked.exit_code == 1 and "未给出等次分数线" in checked.stderr
    beyond = runner.invoke(app, ["rubric", "import", notice, "--table", "9"])
    assert beyond.exit_code == 2 and "只找到 4 张评分表" in beyond.output


def test_import_word_notice(word_notice, tmp_path):
    out = tmp_path / "hunan.yaml"
    result = runner.invoke(app, ["rubric", "import", str(word_notice), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["rubric", "check", str(out)]).exit_code == 0


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("损坏.docx", b"PK\x03\x04 not really a zip", "DOCX"),
        ("乱码.txt", bytes(range(256)) * 4, "文本编码"),
        ("工作总结.txt", "学会全年举办学术会议3次。\n".encode(), "没有找到带分值的评分表"),
    ],
)
def test_import_refuses_bad_input_naming_the_file(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(app, ["rubric", "import", str(path)])
    assert result.exit_code == 1
    assert name in result.stderr and reason in result.stderr
    assert result.stdout == ""
