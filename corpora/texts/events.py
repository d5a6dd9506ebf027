"""Sentences that report a society's work, each made together with its gold labels.

A maker picks one of several hand-written phrasings and fills it from the
society's profile; the labels (type, dates, level, numbers, place, status,
indicators) are set from the very values it wrote, so the quote and the gold
cannot disagree. Which fields a phrasing carries is read off its slots.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from corpora.texts.societies import Society
from corpora.texts.wording import When, cn_number, day, month_only, people, some_date, times

ACADEMIC = "jx21.capability.academic"
POP_EVENTS = "jx21.popularization.activities"
CAMPAIGNS = "jx21.popularization.campaigns"
LEVEL_WORDS = {"international": "国际性", "national": "全国性", "regional": "区域性", "provincial": "全省性"}


@dataclass
class Event:
    """One activity statement and its labels (the gold JSON's `activities[]`)."""

    type: str
    text: str
    indicators: list[str]
    status: str = "done"
    title: str | None = None
    when: When | None = None
    level: str | None = None
    participants: int | None = None
    views: int | None = None
    count: int = 1
    location: str | None = None
    tag: str | None = None
    # Which part of a parts rule the event serves (科普日 / 大讲堂 / events).
    part: str | None = None
    is_tally: bool = False
    covers: list[Event] = field(default_factory=list)
    december_evidence: bool = False
    # The same event named again elsewhere (an appendix table row).
    other_quotes: list[str] = field(default_factory=list)


@dataclass
class Statement:
    """A sentence that proves an indicator without being an event ("制度上墙", "年检合格")."""

    text: str
    indicators: list[str]
    part: str | None = None
    facts: dict | None = None


def _fill(rng: random.Random, templates: list[str], **slots) -> tuple[str, str]:
    template = rng.choice(templates)
    return template.format(**slots), template


def _uses(template: str, slot: str) -> bool:
    return "{" + slot + "}" in template


# ---- academic meetings ------------------------------------------------------

def meeting_title(rng: random.Random, soc: Society, level: str) -> str:
    topic = rng.choice(soc.topics)
    k = rng.randint(3, 16)
    options = {
        "provincial": [f"{soc.name}2021年学术年会", f"2021年全省{topic}学术研讨会",
                       f"第{cn_number(k)}届江西省{soc.field}青年学术沙龙", f"全省{topic}技术交流会",
                       f"江西省{soc.field}{topic}学术报告会"],
        "national": [f"第{cn_number(k)}届全国{topic}学术会议", f"2021年全国{topic}学术研讨会",
                     f"全国{soc.field}{topic}高峰论坛"],
        "regional": [f"中部六省{soc.field}学术年会", f"长江中游城市群{topic}论坛", f"赣湘鄂皖四省{topic}学术交流会",
                     f"泛珠三角区域{soc.field}学术研讨会"],
        "international": [f"2021{topic}国际学术研讨会", f"第{cn_number(k)}届{soc.field}国际学术会议",
                          f"中国—东盟{topic}国际论坛"],
        "municipal": [f"{soc.cities[0]}市{topic}学术交流会", f"{soc.cities[-1]}市{soc.field}学术沙龙"],
    }
    return rng.choice(options[level])


def academic(rng: random.Random, soc: Society, month: int, level: str = "provincial", *, hosted: bool = True) -> Event:
    """A meeting the society held (or, with hosted=False, only took part in)."""
    title = meeting_title(rng, soc, level)
    when = some_date(rng, month, single=False)
    city = rng.choice(soc.cities)
    p = rng.choice([60, 80, 120, 150, 180, 200, 260, 300]) * (2 if level in ("national", "international") else 1)
    v = rng.choice([5600, 8000, 12000, 23000, 31000])
    verb = rng.choice(["承办", "主办"] if level in ("national", "international", "regional") else ["举办", "召开", "主办"])
    src = rng.choice(["全省高校、科研院所和企业", "省内外", "全国20多个省（市、区）", "相关行业企业"])
    slots = dict(date=when.text, soc=rng.choice(["学会", soc.name, "我会"]), city=city, title=f"{title}",
                 p=people(rng, p), v=people(rng, v, "人次"), verb=verb, host=rng.choice(["主办", "承办"]), src=src, expert=rng.choice(soc.experts),
                 topic=rng.choice(soc.topics), papers=rng.randint(40, 160), level_word=LEVEL_WORDS.get(level, ""))
    if hosted:
        templates = [
            "{date}，{soc}在{city}{verb}{title}，参会代表{p}。",
            "{date}，{title}在{city}召开，会议由{soc}{host}，来自{src}的专家学者{p}参加会议。",
            "{soc}于{date}在{city}{verb}了{title}，邀请{expert}作主旨报告，{p}参会。",
            "{date}，{soc}{verb}的{title}以线上线下相结合的方式举行，现场参会{p}，线上直播观看达{v}。",
            "{date}，{soc}在{city}{verb}{title}，会议共收到学术论文{papers}篇，围绕{topic}等议题进行了深入交流。",
            "{title}于{date}在{city}举行，会议由{soc}{host}，与会代表{p}。",
        ]
        if level in LEVEL_WORDS and level != "provincial":
            templates += ["{date}，{soc}在{city}{verb}了{level_word}学术会议——{title}，参会人员{p}。"]
    else:
        templates = [
            "{date}，{soc}组织{n}名会员赴{city}参加{title}，并在分会场作交流报告。",
            "{soc}选派专家参加了于{date}在{city}举办的{title}。",
        ]
        slots["n"] = rng.randint(5, 30)
    text, t = _fill(rng, templates, **slots)
    return Event(
        "academic_conference", text, [ACADEMIC] if hosted and level in LEVEL_WORDS else [], title=title,
        when=when, level=level, location=city if _uses(t, "city") else None,
        participants=p if _uses(t, "p") else None, views=v if _uses(t, "v") else None,
    )


def academic_tally(rng: random.Random, soc: Society, covered: list[Event], extra: int) -> Event:
    n = len(covered) + extra
    p = rng.choice([800, 1200, 1500, 2000, 3000, 4500])
    slots = dict(n=times(rng, n, rng.choice(["场", "次", "场次"])), p=people(rng, p, "人次"), soc=rng.choice(["学会", "我会"]))
    text, t = _fill(rng, [
        "全年共举办学术活动{n}，参会人员{p}。",
        "截至11月底，{soc}共主办、承办学术会议{n}，参加交流的科技工作者{p}。",
        "据统计，2021年{soc}共举办全省性学术会议（含学术年会、沙龙）{n}，参会{p}。",
        "一年来，{soc}共组织各类学术交流活动{n}，累计参会{p}。",
    ], **slots)
    return Event("academic_conference", text, [ACADEMIC], level="provincial", participants=p, count=n,
                 is_tally=True, covers=covered)


# ---- training, science popularization ----------------------------------------

def training(rng: random.Random, soc: Society, month: int) -> Event:
    when = some_date(rng, month, single=False)
    city = rng.choice(soc.cities)
    p = rng.choice([40, 60, 80, 120, 150])
    topic = rng.choice(soc.topics)
    slots = dict(date=when.text, city=city, p=people(rng, p), topic=topic, field=soc.field)
    text, t = _fill(rng, [
        "{date}，学会在{city}举办{topic}专业技术人员继续教育培训班，参训学员{p}。",
        "{date}，学会举办全省{field}青年骨干{topic}研修班，培训学员{p}。",
        "学会于{date}在{city}开办{topic}技术培训班，共培训{p}。",
    ], **slots)
    return Event("training", text, [], title=None, when=when, location=city if _uses(t, "city") else None,
                 participants=p, level="provincial" if "全省" in text else None)


KEPU_PLACES = {
    "school": ("{school}", "科普进校园"),
    "community": ("{community}", "科普进社区"),
    "village": ("{village}", "科普下乡"),
}


def kepu(rng: random.Random, soc: Society, month: int) -> Event:
    """An ordinary science-popularization event (进校园、进社区、线上讲座、展览)."""
    when = some_date(rng, month)
    topic = rng.choice(soc.kepu_topics)
    school, community, village = rng.choice(soc.schools), rng.choice(soc.communities), rng.choice(soc.villages)
    p = rng.choice([80, 100, 150, 200, 300, 450])
    v = rng.choice([3500, 6800, 12000, 15000])
    slots = dict(date=when.text, topic=topic, school=school, community=community, village=village,
                 p=people(rng, p), v=people(rng, v, "人次"), expert=rng.choice(soc.experts))
    templates = [
        ("{date}，学会科普志愿者走进{school}，开展“{topic}”科普进校园活动，参加活动的师生{p}。", "school"),
        ("{date}，学会在{community}开展“{topic}”科普进社区活动，发放科普资料800余份，现场参与群众{p}。", "community"),
        ("{date}，学会邀请{expert}在线上举办“{topic}”科普讲座，直播观看{v}。", None),
        ("{date}，学会组织专家到{village}举办{topic}科普讲座，到场村民{p}。", "village"),
        ("{date}，学会联合{school}举办“{topic}”科普展览，参观师生{p}。", "school"),
    ]
    template, place = rng.choice(templates)
    text = template.format(**slots)
    location = slots[place] if place else None
    return Event("science_popularization", text, [POP_EVENTS], when=when, part="events",
                 level="grassroots" if place else None, location=location,
                 participants=p if _uses(template, "p") else None, views=v if _uses(template, "v") else None)


def kepu_tally(rng: random.Random, soc: Society, covered: list[Event], extra: int) -> Event:
    n = len(covered) + extra
    v = rng.choice([5000, 8600, 12000, 26000])
    slots = dict(n=times(rng, n, rng.choice(["场", "次", "场次"])), v=people(rng, v, "人次"))
    text, t = _fill(rng, [
        "全年共开展各类科普活动{n}，线上线下受众{v}。",
        "2021年，学会共组织科普讲座、科普进校园等活动{n}，受众达{v}。",
        "全年累计开展科普活动{n}，覆盖公众{v}。",
    ], **slots)
    return Event("science_popularization", text, [POP_EVENTS], views=v, count=n, part="events",
                 is_tally=True, covers=covered)


def kepuri(rng: random.Random, soc: Society) -> Event:
    """全国科普日 (11–17 September 2021)."""
    when = rng.choice([When("9月11日至17日", "2021-09-11", "2021-09-17"), When("9月", "2021-09"),
                       day(rng, 9), When("9月中旬", "2021-09")])
    topic = rng.choice(soc.kepu_topics)
    p, v = rng.choice([200, 300, 500]), rng.choice([12000, 18000, 23000])
    place = rng.choice(soc.communities + soc.schools)
    slots = dict(date=when.text, topic=topic, place=place, p=people(rng, p), v=people(rng, v, "人次"))
    text, t = _fill(rng, [
        "{date}全国科普日期间，学会在{place}开展“{topic}”主题科普活动，现场参与{p}。",
        "{date}，学会积极参与2021年全国科普日活动，组织专家在{place}开展科普宣传，线上线下参与{v}。",
        "按照省科协部署，学会于{date}开展全国科普日系列活动，围绕“{topic}”举办科普展览和讲座，吸引{p}参加。",
    ], **slots)
    return Event("science_popularization", text, [POP_EVENTS, CAMPAIGNS], title="全国科普日", when=when,
                 part="science_day", location=place if _uses(t, "place") else None,
                 level="grassroots" if _uses(t, "place") else None,
                 participants=p if _uses(t, "p") else None, views=v if _uses(t, "v") else None)


def ganpo(rng: random.Random, soc: Society, month: int) -> Event:
    """A lecture under the provincial 赣鄱科普大讲堂 brand."""
    when = some_date(rng, month)
    topic = rng.choice(soc.kepu_topics)
    p, v = rng.choice([150, 200, 300, 400]), rng.choice([9000, 16000, 21000, 42000])
    city = rng.choice(soc.cities)
    slots = dict(date=when.text, topic=topic, city=city, p=people(rng, p), v=people(rng, v, "人次"),
                 expert=rng.choice(soc.experts))
    text, t = _fill(rng, [
        "{date}，学会承办“赣鄱科普大讲堂”，邀请{expert}在{city}作“{topic}”专题科普报告，现场听众{p}。",
        "{date}，学会在{city}举办“赣鄱科普大讲堂”第{k}讲，主题为“{topic}”，网络直播观看{v}。",
        "{date}，“赣鄱科普大讲堂——{topic}”在{city}开讲，主讲人为{expert}，听众{p}。",
    ], k=cn_number(rng.randint(2, 9)), **slots)
    return Event("science_popularization", text, [POP_EVENTS, CAMPAIGNS], title="赣鄱科普大讲堂", when=when,
                 part="ganpo", location=city, participants=p if _uses(t, "p") else None,
                 views=v if _uses(t, "v") else None)


# ---- science and technology services -----------------------------------------

def rural(rng: random.Random, soc: Society, month: int) -> Event:
    when = some_date(rng, month, single=False)
    village = rng.choice(soc.villages)
    n = rng.randint(4, 15)
    p = rng.choice([60, 80, 120, 200])
    slots = dict(date=when.text, village=village, n=n, p=people(rng, p), topic=rng.choice(soc.topics),
                 crop=rng.choice(soc.rural_topics))
    text, t = _fill(rng, [
        "{date}，学会组织{n}名专家组成科技志愿服务队赴{village}开展科技下乡活动，现场指导{crop}，服务群众{p}。",
        "{date}，学会科技志愿者深入{village}，围绕{crop}开展技术培训和田间指导，助力乡村振兴，参加培训的农户{p}。",
        "{date}，学会专家团队赴{village}开展“科技助力乡村振兴”志愿服务，为当地{crop}提供技术咨询。",
    ], **slots)
    return Event("volunteer_rural", text, ["jx21.service.rural"], when=when, level="grassroots", location=village,
                 participants=p if _uses(t, "p") else None)


def rural_tally(rng: random.Random, soc: Society, covered: list[Event], extra: int) -> Event:
    n = len(covered) + extra
    slots = dict(n=times(rng, n, "次"), e=rng.randint(30, 90))
    text, t = _fill(rng, [
        "全年共组织科技志愿服务活动{n}，参与专家{e}人次。",
        "全年学会共开展科技下乡、乡村振兴志愿服务{n}。",
    ], **slots)
    return Event("volunteer_rural", text, ["jx21.service.rural"], count=n, is_tally=True, covers=covered)


def tech_service(rng: random.Random, soc: Society, month: int) -> Event:
    when = some_date(rng, month)
    company = rng.choice(soc.companies)
    slots = dict(date=when.text, company=company, topic=rng.choice(soc.topics), n=rng.randint(3, 8),
                 park=rng.choice(soc.parks))
    text, t = _fill(rng, [
        "{date}，学会在{company}设立科技服务站并举行揭牌仪式，首批入站专家{n}名。",
        "{date}，学会组织专家深入{company}开展产学研对接，就{topic}等技术难题提出解决方案。",
        "{date}，学会“科创中国”专家服务团走进{park}，为园区企业开展{topic}技术诊断服务。",
        "{date}，学会与{company}签订技术合作协议，共同开展{topic}技术攻关。",
    ], **slots)
    # Signing an agreement with a firm says with whom, not where.
    place = None if "签订" in t else company if _uses(t, "company") else slots["park"]
    return Event("tech_service", text, ["jx21.service.innovation"], when=when, level="grassroots", location=place)


def consulting(rng: random.Random, soc: Society, month: int, adopted: bool) -> Event:
    when = rng.choice([month_only(rng, month), day(rng, month)])
    topic = rng.choice(soc.topics)
    leader = rng.choice(["副省长", "省政府分管领导", "省委常委、副省长"])
    dept = rng.choice(soc.departments)
    slots = dict(date=when.text, topic=topic, leader=leader, dept=dept, field=soc.field)
    if adopted:
        templates = [
            "{date}，学会组织专家撰写的《关于加快我省{topic}发展的建议》获{leader}肯定性批示。",
            "学会向省政府报送的《江西省{topic}现状调研报告》于{date}获{leader}批示，相关建议被{dept}采纳。",
            "{date}，学会提交的{topic}决策咨询报告被{dept}采纳，并写入相关规划文件。",
        ]
    else:
        templates = [
            "{date}，学会围绕{topic}开展专题调研，形成调研报告报送{dept}。",
            "{date}，学会组织专家召开{topic}决策咨询座谈会，形成的意见建议已报送{dept}。",
            "学会于{date}向省科协报送了《关于{topic}的几点建议》。",
        ]
    text, t = _fill(rng, templates, **slots)
    return Event("decision_consulting", text, ["jx21.service.consulting"], when=when,
                 tag="adopted" if adopted else "consulting")


def government(rng: random.Random, soc: Society, month: int) -> Event:
    when = some_date(rng, month)
    topic = rng.choice(soc.topics)
    dept = rng.choice(soc.departments)
    n = rng.randint(2, 6)
    slots = dict(date=when.text, topic=topic, dept=dept, n=n, field=soc.field, soc=soc.name)
    text, t = _fill(rng, [
        "{date}，学会牵头制定的团体标准《{topic}技术规范》正式发布实施。",
        "{date}，学会受{dept}委托，组织专家对{n}个{topic}科技项目开展第三方评估。",
        "学会承接{dept}委托的{field}专业技术职称评审工作，于{date}完成评审。",
        "{date}，学会受省科协委托推荐江西省科学技术奖{n}项。",
    ], **slots)
    return Event("government_function", text, ["jx21.service.government"], when=when)


# ---- party building, governance, publications, awards ---------------------------

def party(rng: random.Random, soc: Society, month: int, kind: str) -> Event:
    """kind: "study" (学习讲话精神), "history" (党史学习教育 / 主题党日)."""
    when = some_date(rng, month)
    place = rng.choice(soc.red_sites)
    n = rng.randint(12, 40)
    slots = dict(date=when.text, place=place, n=n, branch=soc.branch)
    if kind == "study":
        templates = [
            "{date}，{branch}组织党员和秘书处工作人员集中学习习近平总书记“七一”重要讲话精神。",
            "{date}，学会召开理事长办公会暨党建工作会议，传达学习习近平总书记在中国科协第十次全国代表大会上的重要讲话精神。",
            "{date}，{branch}开展专题学习，深入学习习近平总书记关于科技创新的重要论述，{n}名党员参加。",
        ]
        indicator = "jx21.party.study"
    else:
        templates = [
            "{date}，{branch}组织党员赴{place}开展“学党史、悟思想”主题党日活动，{n}名党员参加。",
            "{date}，{branch}召开党史学习教育动员会，制定学习计划，推动党史学习教育走深走实。",
            "{date}，{branch}开展“我为群众办实事”实践活动，组织党员专家到基层开展服务。",
        ]
        indicator = "jx21.party.political"
    text, t = _fill(rng, templates, **slots)
    return Event("party_building", text, [indicator], when=when, level="grassroots" if "到基层" in text else None,
                 location=place if _uses(t, "place") else None, participants=n if _uses(t, "n") else None)


def governance(rng: random.Random, soc: Society, month: int) -> Event:
    when = day(rng, month)
    city = rng.choice(soc.cities)
    term, k = rng.randint(6, 10), rng.randint(2, 5)
    slots = dict(date=when.text, city=city, term=cn_number(term), k=cn_number(k), person=rng.choice(soc.experts),
                 p=people(rng, rng.choice([40, 60, 80])))
    text, t = _fill(rng, [
        "{date}，学会在{city}召开第{term}届理事会第{k}次会议，审议通过了学会年度工作报告和财务报告。",
        "{date}，学会以通讯方式召开第{term}届常务理事会第{k}次会议，研究部署下半年重点工作。",
        "{date}，学会第{term}次会员代表大会在{city}召开，选举产生了新一届理事会，{person}当选理事长。",
    ], **slots)
    return Event("governance", text, ["jx21.self.governance"], when=when,
                 location=city if _uses(t, "city") else None)


def publication(rng: random.Random, soc: Society) -> Event:
    n = rng.choice([4, 6, 12])
    papers = rng.randint(60, 240)
    slots = dict(journal=soc.journal or f"{soc.field}通讯", n=times(rng, n, "期"), papers=papers)
    text, t = _fill(rng, [
        "学会主办的《{journal}》全年正常出版{n}，刊发论文{papers}篇。",
        "全年编辑出版会刊《{journal}》{n}，发表学术论文和技术报告{papers}篇。",
    ], **slots)
    return Event("publication", text, ["jx21.capability.publication"], title=f"《{slots['journal']}》", count=n)


def alliance(rng: random.Random, soc: Society, month: int) -> Event:
    when = some_date(rng, month)
    partner = rng.choice(soc.partners)
    topic = rng.choice(soc.topics)
    slots = dict(date=when.text, partner=partner, topic=topic)
    text, t = _fill(rng, [
        "{date}，学会联合{partner}等单位发起成立江西省{topic}产业技术创新联盟。",
        "{date}，学会与{partner}签署合作框架协议，共建{topic}跨学科协同创新平台。",
    ], **slots)
    return Event("other", text, ["jx21.capability.alliance"], when=when)


def integrity(rng: random.Random, soc: Society, month: int) -> Event:
    when = some_date(rng, month)
    p = rng.choice([100, 150, 200])
    slots = dict(date=when.text, p=people(rng, p), univ=rng.choice(soc.partners))
    text, t = _fill(rng, [
        "{date}，学会联合{univ}开展科学道德和学风建设宣讲活动，参加宣讲的研究生{p}。",
        "{date}，学会举办科研诚信与学风建设专题宣讲会，参加人员{p}。",
    ], **slots)
    return Event("other", text, ["jx21.capability.integrity"], when=when, participants=p)


def award(rng: random.Random, soc: Society, month: int) -> Event:
    when = some_date(rng, month)
    n = rng.randint(2, 12)
    slots = dict(date=when.text, n=n, field=soc.field, cn=cn_number(n))
    text, t = _fill(rng, [
        "{date}，学会开展2021年度江西省{field}学会科学技术奖评选，共评出获奖项目{n}项。",
        "{date}，学会推荐{cn}名优秀会员参评江西省青年科技奖。",
        "{date}，学会表彰{n}名优秀科技工作者和{cn}个先进集体。",
    ], **slots)
    return Event("award_recognition", text, ["jx21.self.talent"], when=when)


# ---- statuses other than done -----------------------------------------------------

def planned_december(rng: random.Random, soc: Society, *, notice: bool) -> Event:
    """December work: with a notice already out it counts in Jiangxi; a bare intention does not."""
    kind = rng.choice(["academic", "governance", "kepu"])
    city = rng.choice(soc.cities)
    if kind == "academic":
        title = meeting_title(rng, soc, "provincial")
        indicators, etype = [ACADEMIC], "academic_conference"
    elif kind == "governance":
        title = f"第{cn_number(rng.randint(6, 10))}届理事会第{cn_number(rng.randint(2, 5))}次会议"
        indicators, etype = ["jx21.self.governance"], "governance"
    else:
        title = f"“{rng.choice(soc.kepu_topics)}”科普报告会"
        indicators, etype = [POP_EVENTS], "science_popularization"
    if notice:
        d = rng.randint(15, 28)
        when = When(f"12月{d}日", f"2021-12-{d:02d}")
        text = rng.choice([
            f"学会定于{when.text}在{city}召开{title}（会议通知已印发）。",
            f"{title}定于{when.text}在{city}举行，会议通知已于12月初印发各会员单位。",
            f"经研究，学会将于{when.text}在{city}举办{title}，目前通知已下发、筹备工作已基本就绪。",
        ])
        return Event(etype, text, indicators, status="planned", title=title, when=when, location=city,
                     level="provincial" if kind == "academic" else None,
                     part="events" if kind == "kepu" else None, december_evidence=True)
    when = rng.choice([When("12月中旬", "2021-12"), When("12月下旬", "2021-12"), When("12月", "2021-12")])
    text = rng.choice([
        f"学会拟于{when.text}在{city}召开{title}。",
        f"按照年度计划，{title}拟于{when.text}举办。",
    ])
    return Event(etype, text, [], status="planned", title=title, when=when,
                 location=city if city in text else None, level="provincial" if kind == "academic" else None)


def next_year(rng: random.Random, soc: Society) -> Event:
    month = rng.randint(3, 10)
    city = rng.choice(soc.cities)
    level = rng.choice(["provincial", "national", "regional"])
    title = meeting_title(rng, soc, level)
    text = rng.choice([
        f"2022年，学会拟于{month}月在{city}举办{title}。",
        f"明年将积极争取承办{title}，力争于2022年{month}月在{city}召开。",
    ])
    return Event("academic_conference", text, [], status="planned", title=title, level=level,
                 when=When(f"{month}月", f"2022-{month:02d}"), location=city)


def previous_year(rng: random.Random, soc: Society) -> Event:
    month = rng.randint(5, 12)
    city = rng.choice(soc.cities)
    title = meeting_title(rng, soc, "provincial").replace("2021", "2020")
    p = rng.choice([150, 200, 300])
    text = rng.choice([
        f"2020年，学会在{city}成功举办{title}，参会代表{p}余人。",
        f"2020年{month}月，学会克服疫情影响在{city}举办了{title}。",
    ])
    when = When("2020年", "2020") if text.startswith("2020年，") else When(f"2020年{month}月", f"2020-{month:02d}")
    return Event("academic_conference", text, [], status="previous_year", title=title,
                 when=None if when.start == "2020" else when, level="provincial", location=city,
                 participants=p if "参会代表" in text else None)


def negated(rng: random.Random, soc: Society) -> Event:
    month = rng.randint(4, 10)
    city = rng.choice(soc.cities)
    level = rng.choice(["national", "regional"])
    title = meeting_title(rng, soc, level)
    options = [
        (f"受新冠肺炎疫情影响，原定于{month}月在{city}举办的{title}未能如期举办。", "academic_conference",
         When(f"{month}月", f"2021-{month:02d}"), title, city, level),
        ("本年度学会未开展国际学术交流活动。", "international_exchange", None, None, None, "international"),
        ("因疫情防控需要，今年未组织会员出国（境）考察交流。", "international_exchange", None, None, None, "international"),
    ]
    text, etype, when, title, location, level = rng.choice(options)
    return Event(etype, text, [], status="negated", title=title, when=when, location=location, level=level)
