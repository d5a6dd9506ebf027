"""The Jiangxi 2021 keywords recognise how real summaries word things, and stay away from look-alikes.

The check follows `rubrics.schema.Match`: a sentence is evidence when it
contains one of `keywords` (if any) and none of `exclude`; the type filter is
the extractors' business and is not simulated here.
"""

import pytest

from rubrics.loader import load_rubric
from rubrics.schema import Match, PartsRule

RUBRIC = load_rubric("jiangxi-2021-society")


def matches() -> dict[str, Match]:
    found = {}
    for _, _, ind in RUBRIC.indicators():
        if isinstance(ind.rule, PartsRule):
            found.update({f"{ind.id}.{p.id}": p.match for p in ind.rule.parts})
        else:
            found[ind.id] = ind.match
    return found


MATCHES = matches()


def evidence_for(sentence: str) -> set[str]:
    return {
        key
        for key, m in MATCHES.items()
        # No keywords: the type alone decides, so only `exclude` can rule a sentence out.
        if (not m.keywords or any(w in sentence for w in m.keywords)) and not any(w in sentence for w in m.exclude)
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("学会党支部召开专题学习会，深入学习贯彻习近平总书记“七一”重要讲话精神。", {"jx21.party.study", "jx21.party.organization"}),
        ("组织党员干部开展党史学习教育，赴红色教育基地开展主题党日活动。", {"jx21.party.political"}),
        ("学会党员活动室基本制度全部上墙。", {"jx21.party.room"}),
        ("建立健全党建工作台账，形成“三会一课”制度。", {"jx21.party.ledger"}),
        ("严格落实党风廉政建设责任制，开展警示教育。", {"jx21.party.conduct"}),
        ("开展科学道德和学风建设宣讲教育活动。", {"jx21.capability.integrity"}),
        ("与省机械工程学会等5家学会共同发起成立江西省智能制造产业技术创新战略联盟。", {"jx21.capability.alliance"}),
        ("参与2021年全国科普日活动，开展线上科普讲座。", {"jx21.popularization.campaigns.science_day"}),
        ("开展“赣鄱科普大讲堂”活动3期。", {"jx21.popularization.campaigns.ganpo"}),
        ("组建科技志愿服务队，共有科普志愿者86名。", {"jx21.popularization.activities.team"}),
        ("学会召开第九届理事会第三次会议，审议年度工作报告。", {"jx21.self.governance"}),
        ("全年新发展会员120名，会员信息全部登记造册。", {"jx21.self.members"}),
        ("委托会计师事务所完成年度财务审计，按时办理税务登记。", {"jx21.self.finance"}),
        ("学会微信公众号全年推送文章86篇，网站更新及时。", {"jx21.self.media"}),
        ("学会2020年度年检结论为合格。", {"jx21.self.inspection"}),
    ],
)
def test_summary_sentences_are_evidence_for_their_indicators(sentence, expected):
    assert expected <= evidence_for(sentence)


@pytest.mark.parametrize(
    ("sentence", "not_for"),
    [
        # The society's own party organisation is meant, not the superior one.
        ("严格落实上级党组织的工作要求。", "jx21.party.organization"),
        # A 主题党日 is party life; 思想建设 asks for study of the named speeches.
        ("组织党员赴方志敏纪念馆开展“学党史、悟思想”主题党日活动。", "jx21.party.study"),
        # A team made up for one trip is not the standing volunteer team.
        ("4月初，学会组织7名专家组成科技志愿服务队赴遂川县开展科技下乡活动。", "jx21.popularization.activities.team"),
        # Coverage of one event is not the running of the society's channels.
        ("学会官网和微信公众号对活动进行了全程报道。", "jx21.self.media"),
        # A members' congress is governance, not member recruitment.
        ("召开第八次会员代表大会，选举产生新一届理事会。", "jx21.self.members"),
        # Forming the volunteer team scores under 科普服务, not rural service.
        ("学会组建科技志愿服务队。", "jx21.service.rural"),
        # Only meetings the society hosts count.
        ("学会应邀参加中国科协年会。", "jx21.capability.academic"),
        ("组织专家参加全国学术会议。", "jx21.capability.academic"),
        # Another city's 科普大讲堂 is not 赣鄱科普大讲堂.
        ("协办南昌市科普大讲堂活动。", "jx21.popularization.campaigns.ganpo"),
        # A meeting held in a red-tourism city is not party history education.
        ("在井冈山召开全省学术年会。", "jx21.party.political"),
    ],
)
def test_look_alikes_are_not_evidence(sentence, not_for):
    assert not_for in MATCHES
    assert not_for not in evidence_for(sentence)


def test_indicators_counted_by_type_carry_no_keyword_filter():
    # The type already says what an event is; a keyword list would only drop
    # meetings, popularization events or advice worded otherwise.
    for key in ("jx21.capability.academic", "jx21.popularization.activities.events", "jx21.service.consulting"):
        assert MATCHES[key].types and not MATCHES[key].keywords
