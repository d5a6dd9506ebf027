"""Proposals on sentences as real summaries write them (the development part of corpora/real/scores):
an admission read the right way round, and keywords that fire only where the rubric's work is told."""

import pytest

from assess.match import propose
from core.vocabulary import Level
from extractors.activities import extract_activities
from extractors.parse import parse
from rubrics.loader import load_rubric


def proposal(rubric_id: str, text: str, indicator_id: str):
    document = parse(text.encode("utf-8"), "工作总结.txt", "d1")
    activities = extract_activities([document], 2021, Level.PROVINCIAL)
    proposals, _ = propose(load_rubric(rubric_id), activities, [document], 2021)
    return next(p for p in proposals if p.id == indicator_id)


# The shape of f9a733bf40: a form's question, then the society explains why its council is overdue.
OVERDUE_COUNCIL = (
    "某某研究会2021年度工作情况\n"
    "1、未按章程规定如期换届、开会，如数召开会议的，说明情况：\n"
    "根据本研究会的章程规定，应该在2021年前进行换届改选。由于疫情影响导致换届会议筹备活动延迟。"
    "目前有关换届的各项工作都在有步骤地进行，现已进行了换届改选方案的讨论。\n"
)


def test_a_summary_admitting_its_council_was_not_reelected_gets_no_governance_points():
    governance = proposal("jiangxi-2021-society", OVERDUE_COUNCIL, "jx21.self.governance")
    assert governance.proposed_score == 0
    assert governance.needs_review and "未按章程规定如期换届" in " ".join(governance.review_reasons)
    # A director's absence is no admission: the meeting was held.
    held = "某某学会2021年工作总结\n学会召开四届三次理事会，审议通过年度工作报告，个别理事因疫情未能参加理事会。\n"
    assert proposal("jiangxi-2021-society", held, "jx21.self.governance").proposed_score == 2


def test_no_new_members_all_year_is_no_member_recruitment():
    text = "某某摄影家协会2021年工作总结\n协会秉持从严入会的理念，一整年都没有发展新会员。\n"
    assert proposal("jiangxi-2021-society", text, "jx21.self.members").proposed_score == 0


@pytest.mark.parametrize(("rubric_id", "indicator_id", "text"), [
    # 5877c91cb6, ea2bdddd2c: a school science contest is no enterprise association's innovation.
    ("chongqing-2020-district", "cq20d.innovation.enterprise_associations",
     "某某区科协2021年工作总结\n在青少年科技创新大赛中，我区获得二等奖3项、三等奖17项的好成绩。\n"),
    # e9377c7206, 36505c4300: 落地 of reforms or of an app is no talent project.
    ("chongqing-2020-district", "cq20d.innovation.talent_projects",
     "某某区科协2021年工作总结\n着力推进各项改革措施落地生根。推动科普中国落地应用。\n"),
    # aec26663d9: 中国科协十大代表 is a member's title.
    ("jiangxi-2021-society", "jx21.party.study",
     "某某学会2021年工作总结\n完成中国科协十大代表《国产高精尖测试仪器产业与技术的研究》调研课题。\n"),
    # 6c4349e0ca, b250348439: a vote held on a site, someone else's site.
    ("jiangxi-2021-society", "jx21.self.media",
     "某某协会2021年工作总结\n本总结因疫情影响，由协会网站及微信工作群审议通过。\n"),
    # 585b31f1e6, 594a1edbed: a keyword that is part of a speaker's or guest's office.
    ("zhejiang-2020-society", "zj20.workers.journal",
     "某某图书馆学会2021年工作总结\n5月14日，学会邀请《图书馆研究与工作》编辑部主任朱小燕作《学术论文的写作与投稿》的专题讲座。\n"),
    ("jiangxi-2021-society", "jx21.capability.alliance",
     "某某抗癌协会2021年工作总结\n国际抗癌联盟主席大卫·希尔、意大利抗癌协会主席威托里奥·希拉诺等出席大会并致辞。\n"),
    # 93efb829e1: the opening thanks the council; no meeting is told.
    ("jiangxi-2021-society", "jx21.self.governance",
     "某某药学会2021年工作总结\n2021年，学会在有关部门的关心、支持下，经过理事会和全体会员的共同努力，"
     "各项工作在原有基础上有了更大的发展，积极开展“送学下乡，服务基层”主题实践活动。\n"),
])
def test_a_keyword_outside_the_rubrics_work_gives_no_points(rubric_id, indicator_id, text):
    assert proposal(rubric_id, text, indicator_id).proposed_score == 0


@pytest.mark.parametrize("text", [
    # 36505c4300
    "某某区科协2021年工作总结\n实施科普中国e站建设，为八一镇尼池路、双拥路等10个社区（居委会）配备科普设备。\n",
    # 0fe371bbf3
    "某某市科协2021年工作总结\n市科协将科普光碟发到全市各乡镇，在农村广泛开展科普宣传。\n",
])
def test_community_and_rural_popularization_as_real_summaries_tell_it_scores(text):
    assert proposal("chongqing-2020-district", text, "cq20d.popularization.community").proposed_score == 5
