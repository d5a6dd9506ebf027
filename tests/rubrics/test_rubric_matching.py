"""The new rubrics' matching rules on sentences worded the way summaries word them (via assess.match)."""

from extractors.activities import extract_activities
from assess.match import propose
from core.vocabulary import Level
from extractors.parse import parse
from rubrics.loader import load_rubric


def proposals(rubric_id: str, text: str, year: int, level: Level):
    document = parse(text.encode("utf-8"), "工作总结.txt", "d1")
    found, _ = propose(load_rubric(rubric_id), extract_activities([document], year, level), [document], year)
    return {p.id: p for p in found}


def test_chongqing_bonus_tiers_follow_who_honoured_or_endorsed():
    found = proposals(
        "chongqing-2020-district",
        "5月，区科协荣获中国科协“全国科普日活动优秀组织单位”表彰。\n"
        "9月，区科协2名同志获得重庆市科协表彰。\n"
        "区科协报送的《关于加快科技成果转化的建议》获副市长批示。\n"
        "10月，承办重庆市科协主办的全市科普讲解大赛。",
        2020,
        Level.COUNTY,
    )
    honours = found["cq20d.bonus.honours"]
    assert honours.proposed_score == 3
    assert honours.explanation == "中国科协表彰1次×2 + 市科协表彰1次×1 = 3 ≤ 3，得3分"
    assert found["cq20d.bonus.instructions"].explanation.startswith("市领导或中国科协领导批示1次×1")
    assert found["cq20d.bonus.hosting"].proposed_score == 1
    # Deductions are never guessed from the text.
    unfinished = found["cq20d.deduction.unfinished"]
    assert unfinished.proposed_score == 0 and unfinished.evidence == []


def test_zizhiqu_endorsements_awards_and_meetings():
    found = proposals(
        "zizhiqu-2022-society",
        "学会报送的《关于推进棉花机械化采收的建议》获自治区副主席批示。\n"
        "2022年，学会获得自治区科学技术进步奖一等奖1项。\n"
        "全年召开支部党员大会4次。\n"
        "6月，学会在乌鲁木齐承办全国棉花产业学术研讨会。",
        2022,
        Level.PROVINCIAL,
    )
    assert found["zzq22.a3.advice"].proposed_score == 3
    assert found["zzq22.a3.awards"].explanation == "自治区奖项1项计3 ≤ 4，得3分"
    assert found["zzq22.a2.branch_meetings"].proposed_score == 4
    assert found["zzq22.a3.meetings"].proposed_score == 5
    # Not mentioned: 未开展 deducts the whole item.
    assert found["zzq22.a3.international"].proposed_score == 0


def test_chongqing_society_outcomes_read_from_the_text():
    found = proposals(
        "chongqing-2020-society",
        "学会被评为5A级社会组织。\n学会2019年度年检合格。\n6月，学会承办全国性学术会议。\n8月，学会在重庆举办全市学术年会。",
        2020,
        Level.MUNICIPAL,
    )
    assert found["cq20s.self.evaluation"].explanation == "社团评估5A 得4分"
    assert found["cq20s.self.inspection"].proposed_score == 4
    assert found["cq20s.innovation.academic"].explanation == (
        "国际性全国性学术交流活动1项×5 + 其他市内学术交流活动1项×5 = 10 ≤ 20，得10分"
    )
