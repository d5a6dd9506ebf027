"""Proposals for the Jiangxi 2021 rubric from short summaries."""

from extractors.activities import extract_activities
from assess.match import propose
from core.vocabulary import Level
from extractors.parse import parse
from rubrics.engine import score
from rubrics.loader import load_rubric

RUBRIC = load_rubric("jiangxi-2021-society")


def proposals_for(text: str):
    document = parse(text.encode("utf-8"), "工作总结.txt", "d1")
    activities = extract_activities([document], 2021, Level.PROVINCIAL)
    proposals, facts = propose(RUBRIC, activities, [document], 2021)
    return {p.id: p for p in proposals}, facts, activities


def test_academic_meetings_score_by_level_with_their_evidence():
    proposals, _, activities = proposals_for(
        "6月18日，学会在南昌举办2021年学术年会，参会代表300余人。\n"
        "9月11日至13日，学会承办全国性专题学术研讨会，参会专家120人。\n"
        "10月，学会举办第二届赣江学术论坛。\n"
        "本年度未开展国际学术交流活动。"
    )
    academic = proposals["jx21.capability.academic"]
    assert academic.proposed_count == 3
    assert academic.proposed_score == 6 + 4 + 4
    assert {e.text[:6] for e in academic.evidence} == {"6月18日，", "9月11日至", "10月，学会"}
    assert set(academic.activities) <= {a.id for a in activities}


def test_a_tally_and_its_events_count_once():
    proposals, _, _ = proposals_for(
        "3月12日，学会在南昌举办科普讲座。\n"
        "5月20日，学会走进社区举办科普讲座。\n"
        "全年共开展科普活动6场。\n"
        "学会组建了科技志愿服务队。"
    )
    events = proposals["jx21.popularization.activities"]
    assert events.proposed_count == 6 + 1  # six events, plus the team formed
    assert events.proposed_score == 7


def test_planned_december_work_counts_only_with_a_notice_and_is_flagged():
    with_notice, _, _ = proposals_for("定于12月18日举办2021年学术年会（会议通知已印发）。")
    without, _, _ = proposals_for("拟于12月18日举办2021年学术年会。")
    assert with_notice["jx21.capability.academic"].proposed_score == 4
    assert with_notice["jx21.capability.academic"].needs_review
    assert without["jx21.capability.academic"].proposed_score == 0


def test_failed_annual_inspection_vetoes_the_grade():
    proposals, facts, _ = proposals_for("学会2020年度年检不合格。6月18日，学会在南昌举办2021年学术年会。")
    assert facts["jx21.self.inspection"].outcome == "不合格"
    sheet = score(RUBRIC, facts)
    assert sheet.vetoed and sheet.grade == "不合格"


def test_adopted_advice_scores_more_than_submitted_advice():
    adopted, _, _ = proposals_for("学会报送的《关于加快我省数字农业发展的建议》获副省长批示。")
    submitted, _, _ = proposals_for("学会向省科协报送决策咨询报告《关于我省种业振兴的建议》。")
    assert adopted["jx21.service.consulting"].proposed_score == 4
    assert submitted["jx21.service.consulting"].proposed_score == 2


def test_every_indicator_gets_a_proposal_and_nothing_exceeds_its_max():
    proposals, _, _ = proposals_for("学会全年共举办学术会议30场。")
    assert len(proposals) == len(RUBRIC.indicators())
    assert all(0 <= p.proposed_score <= p.max for p in proposals.values())


def test_plans_and_shortcomings_do_not_prove_a_state_of_the_society():
    text = ("一、自身建设\n学会秘书处认真做好日常工作。\n"
            "二、存在的问题\n二是服务会员的手段还不够丰富，会员发展工作有待加强。\n"
            "三、2022年工作打算\n四是加强会员发展和服务，建立学会专家库。")
    proposals, _, _ = proposals_for(text)
    assert proposals["jx21.self.members"].proposed_score == 0


def test_recommending_candidates_for_a_prize_is_a_government_function():
    proposals, _, _ = proposals_for("5月15日，学会受省科协委托推荐江西省科学技术奖2项。")
    assert proposals["jx21.service.government"].proposed_score == 5
    assert proposals["jx21.self.talent"].proposed_score == 0


def test_members_sent_to_a_meeting_are_not_member_recruitment():
    proposals, _, _ = proposals_for("1月13日，学会组织9名会员赴九江参加全国新能源并网学术会议，并在分会场作交流报告。")
    assert proposals["jx21.self.members"].proposed_score == 0
    proposals, _, _ = proposals_for("学会积极吸纳会员，目前共有个人会员88名、单位会员22家，并建立了学会专家库。")
    assert proposals["jx21.self.members"].proposed_score == 2
