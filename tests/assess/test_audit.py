"""Auditing a filled 自评表 against a summary, as an evaluator does."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from extractors.activities import extract_activities
from assess.audit import audit
from assess.match import propose
from core.vocabulary import Level
from extractors.parse import parse
from assess.deductions import apply_admissions
from assess.selfeval import SelfEvalRow, SelfEvaluation, read_self_evaluation
from core.span import Span
from corpora.forms import Row, jiangxi_docx
from ingest.cli import app
from rubrics.loader import load_rubric

RUBRIC = load_rubric("jiangxi-2021-society")

SUMMARY = (
    "江西省示例学会2021年度工作总结\n"
    "一、党建工作\n"
    "6月13日，学会党支部组织党员集中学习习近平总书记“七一”重要讲话精神，20名党员参加。\n"
    "二、学术交流\n"
    "4月25日，学会在南昌举办2021年全省青年学术论坛，参会代表180余人。\n"
    "10月18日，学会在赣州召开2021年学术年会，参会代表260余人。\n"
    "三、科普工作\n"
    "学会组建了由20名专家组成的科技志愿服务队。\n"
    "5月22日，学会科普志愿者走进南昌市育新学校开展科普进校园活动，参加活动的师生300人。\n"
    "9月16日全国科普日期间，学会在九江开展主题科普活动，现场参与500余人。\n"
)

# What the society claims: consistent, inflated, unsupported, above the cap.
CLAIMS = [
    Row("jx21.party.study", "深入学习贯彻习近平总书记“七一”重要讲话精神", "5", "集中学习“七一”讲话精神"),
    Row("jx21.capability.academic", "主办、承办学术会议", "20", "举办学术会议多次"),
    Row("jx21.service.rural", "深入乡村开展志愿服务，助力乡村振兴", "6", "开展科技下乡"),
    Row("jx21.popularization.campaigns", "参与全国科普日活动；开展“赣鄱科普大讲堂”活动", "3", "参加全国科普日"),
    Row("jx21.self.finance", "财务运行规范，按规定进行财务审计、税务登记", "3", "财务规范"),
]


@pytest.fixture(scope="module")
def summary():
    return parse(SUMMARY.encode("utf-8"), "工作总结.txt", "d1")


@pytest.fixture(scope="module")
def form(tmp_path_factory):
    # The rows add up to 37; the office typed 40.
    return jiangxi_docx(tmp_path_factory.mktemp("claims") / "自评表.docx", RUBRIC, "江西省示例学会", CLAIMS, "40")


@pytest.fixture(scope="module")
def findings(summary, form):
    activities = extract_activities([summary], 2021, Level.PROVINCIAL)
    proposals, _ = propose(RUBRIC, activities, [summary], 2021)
    claims = read_self_evaluation(parse(form.read_bytes(), form.name, "d2"), RUBRIC)
    return audit(RUBRIC, claims, proposals)


def test_each_gap_between_claim_and_evidence_is_found(findings):
    assert {(f.indicator, f.kind) for f in findings} == {
        ("jx21.capability.academic", "over_claim"),
        ("jx21.service.rural", "no_evidence"),
        ("jx21.self.finance", "over_cap"),
        ("jx21.self.finance", "no_evidence"),
        (None, "sum_mismatch"),
    }


def test_an_over_claim_names_both_numbers_and_the_rule_applied(findings):
    [over] = [f for f in findings if f.kind == "over_claim"]
    assert (over.self_score, over.supported) == (20, 8)
    assert "自评20分" in over.message and "材料支持8分" in over.message and "全省性" in over.message


def test_a_finding_points_at_the_claim_in_the_form(findings):
    [over] = [f for f in findings if f.kind == "over_claim"]
    [cell] = over.evidence
    assert cell.document == "d2" and cell.text == "20"
    [total] = [f for f in findings if f.kind == "sum_mismatch"]
    assert (total.self_score, total.supported) == (40, 37)
    assert total.evidence[0].text == "40"


def test_score_with_self_eval_audits_and_keeps_the_form_out_of_the_evidence(tmp_path, form):
    summary_file = tmp_path / "工作总结.txt"
    summary_file.write_text(SUMMARY, encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(summary_file), "--rubric", RUBRIC.id, "--year", "2021",
                                      "--self-eval", str(form), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    roles = {d["name"]: d["role"] for d in data["documents"]}
    assert roles == {"工作总结.txt": "summary", "自评表.docx": "self_evaluation"}
    form_id = next(d["id"] for d in data["documents"] if d["role"] == "self_evaluation")
    assert all(e["document"] != form_id for a in data["activities"] for e in a["evidence"])
    kinds = {(f["indicator"], f["kind"]) for f in data["audit"]}
    assert ("jx21.capability.academic", "over_claim") in kinds and (None, "sum_mismatch") in kinds
    assert data["self_evaluation"]["claimed_total"] == 40


def test_reviewers_see_the_audit_in_chinese(tmp_path, form):
    summary_file = tmp_path / "工作总结.txt"
    summary_file.write_text(SUMMARY, encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(summary_file), "--rubric", RUBRIC.id, "--self-eval", str(form)])
    assert result.exit_code == 0, result.output
    assert "自评核查" in result.stdout and "无材料支持" in result.stdout and "合计不符" in result.stdout


def test_an_unreadable_form_is_named_and_the_summary_still_scored(tmp_path):
    summary_file = tmp_path / "工作总结.txt"
    summary_file.write_text(SUMMARY, encoding="utf-8")
    broken = tmp_path / "自评表.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    result = CliRunner().invoke(app, ["score", str(summary_file), "--rubric", RUBRIC.id, "--self-eval", str(broken),
                                      "--json"])
    assert result.exit_code == 1
    assert "自评表.docx" in result.stderr
    assert json.loads(result.stdout)["total"] > 0


def test_the_notices_own_rules_missing_materials_and_the_inspection_veto(tmp_path, form):
    summary_file = tmp_path / "工作总结.txt"
    summary_file.write_text(SUMMARY + "学会按时参加社会组织年检，2020年度年检不合格。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(summary_file), "--rubric", RUBRIC.id, "--year", "2021",
                                      "--self-eval", str(form), "--json"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["audit"]
    missing = {f["message"] for f in findings if f["kind"] == "missing_material"}
    assert any(m.startswith("缺少汇总表") for m in missing) and any(m.startswith("缺少佐证材料") for m in missing)
    assert not any(m.startswith("缺少工作总结") or m.startswith("缺少自评表") for m in missing)
    [veto] = [f for f in findings if f["kind"] == "veto"]
    assert veto["indicator"] == "jx21.self.inspection" and "一票否决" in veto["message"]


def test_a_finding_quotes_the_form_row_and_the_evidence_or_says_it_is_absent(findings):
    [over] = [f for f in findings if f.kind == "over_claim"]
    assert "自评表“主办、承办学术会议”一栏自评20分" in over.message
    assert "依据：“" in over.message and "学术" in over.message.split("依据：")[1]
    [none] = [f for f in findings if f.kind == "no_evidence" and f.indicator == "jx21.service.rural"]
    assert "深入乡村开展志愿服务" in none.message and "未找到相关内容" in none.message


def _form(rows: list[tuple[str, str, float]]) -> SelfEvaluation:
    def span(text: str) -> Span:
        return Span(document="d2", start=0, end=len(text), text=text)

    return SelfEvaluation(document="d2", rubric="chongqing-2020-society", rows=[
        SelfEvalRow(indicator=ind, confidence=1.0, wording=wording, self_score=claim, wording_span=span(wording),
                    score_span=span(f"{claim:g}")) for ind, wording, claim in rows])


def test_a_deduction_the_summary_admits_but_the_form_leaves_out_is_an_over_claim():
    rubric = load_rubric("chongqing-2020-society")
    text = ("重庆市示例学会2020年工作总结\n5月20日，学会在渝北区召开2020年学术年会，参会代表210人。\n"
            "学会举办的2场学术沙龙未报批。\n")
    document = parse(text.encode("utf-8"), "工作总结.txt", "d1")
    proposals, facts = propose(rubric, extract_activities([document], 2020, Level.PROVINCIAL), [document], 2020)
    proposals, _ = apply_admissions(rubric, [document], proposals, facts, 2020)
    form = _form([("cq20s.deduction.unapproved", "学术活动未报批或备案", 0),
                  ("cq20s.deduction.absent", "市科协集中活动未参加", 0)])
    [finding] = audit(rubric, form, proposals)
    assert (finding.indicator, finding.kind, finding.self_score, finding.supported) == (
        "cq20s.deduction.unapproved", "over_claim", 0, 2)
    assert "自评扣0分" in finding.message and "2场学术沙龙未报批" in finding.message
