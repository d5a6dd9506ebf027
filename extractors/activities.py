"""From parsed documents to the activities a society reports.

Each statement runs through the spaCy pipeline (`extractors.nlp`); a statement
that names a kind of work and an action (or a date) becomes an Activity with
its evidence span. The same event told twice — in the narrative and in a
table, in the DOCX and its PDF — is merged; a tally ("全年共举办科普讲座15场")
is kept apart and records which single events it already covers, so counts
take the larger of the two instead of their sum.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz
from spacy.tokens import Doc

from extractors import classify, details
from extractors.classify import EVENT_COUNT
from extractors.corroborate import corroborate
from extractors.dates import day_alone
from core.vocabulary import DocumentRole
from extractors.evidence import is_evidence
from extractors.lexicon import lexicon
from core.vocabulary import ActivityType, Level, Status
from extractors.models import Activity, Document
from extractors.normalize import shared_run
from extractors.nlp import analyze
from extractors.reader import Reading, ReaderPolicy, active_policy
from extractors.statements import Statement, split_clauses, statements

# Units that count events (场, 次, 期 …), as opposed to people, papers or money.
EVENT_UNITS = frozenset({"场", "次", "期", "项", "批", "轮", "场次", "届", "个"})
PUBLICATION_UNITS = frozenset({"期", "篇", "册", "本", "部", "卷"})
LIST_MARK = re.compile(r"[、]")
NOT_WORDS = re.compile(r"[\s\W\d]+")
MIN_WORDS = 4
PRECISE = frozenset({"day", "part_of_month", "month"})
AMBIGUOUS_UNITS = frozenset({"项", "个", "批"})
EVENT_WORD = re.compile(rf"(?:{details.EVENT_NOUNS})(?!项目|成果|奖)")
# A number with a unit of events or of people served: what makes a listed clause a piece of work of its own.
COUNTED = re.compile(r"[\d一二三四五六七八九十百千万两]+\s*[余多]?\s*(?:场|次|期|届|批|人次|名|人)")
NEAR_CHARS = 8
VENUE_LEVELS = frozenset({Level.MUNICIPAL, Level.COUNTY, Level.GRASSROOTS})
SAME_EVENT_TITLE_SIMILARITY = 70
SAME_NAME_SIMILARITY = 90
# A headline ("绍兴市预防医学会2023年学术年会召开") and the lead under it share the event's name: a run this long.
HEADLINE_RUN_CHARS = 8
SENTENCE_CLOSE = re.compile(r"[。！？；!?;]\s*$")


@dataclass
class _Candidate:
    activity: Activity
    statement: Statement
    december_proof: bool


def extract_activities(
    documents: list[Document],
    year: int | None,
    home_level: Level | None = None,
    roles: dict[str, DocumentRole] | None = None,
) -> list[Activity]:
    """All activities in `documents`, deduplicated, with ids a1, a2 … in reading order.

    `home_level` is the level of the society itself (a provincial society's own
    annual meeting is 全省性 unless the text says otherwise). With `roles` (what
    each document is), events in evidence documents corroborate the claims.
    """
    candidates: list[_Candidate] = []
    policy = active_policy()
    for document in documents:
        wholes = statements(document)
        # The reader learned how societies tell their own work; evidence (notices, sheets) is read by the rules.
        told_by_society = roles is None or not is_evidence(roles.get(document.id, DocumentRole.OTHER))
        learned = _learned(wholes, policy) if told_by_society else {}
        found = [(part, whole) for whole in wholes for part in _parts(whole)]
        # A part of a sentence reads its kind from the whole sentence too ("其中全国性会议2场").
        docs = analyze([(st.text, st.headings + st.table_header + ((whole.text,) if st is not whole else ()))
                        for st, whole in found], year)
        previous: _Candidate | None = None
        month: str | None = None  # the month last told (a dateline's), for a day told alone
        for (st, whole), doc in zip(found, docs):
            if not _day_dates(doc) and (alone := day_alone(st.text, month)) is not None:
                doc._.dates = [alone]
            month = next((d.date_start[:7] for d in doc._.dates if d.precision in PRECISE), month)
            reading = learned.get(whole.start)
            # Only a statement after a piece of work can go on about it; the first one is read for what it tells.
            if previous is not None and st.start == whole.start and _goes_on(st, doc, reading, policy):
                _extend(previous.activity, document, st, doc)
                continue
            candidate = _read_candidate(document, st, doc, home_level, year, whole, reading, policy)
            if candidate is None:
                continue
            if (previous is not None and candidate.activity.date_start is None
                    and (previous.statement is whole or lexicon().same_occasion.search(st.text))):
                # "6月，学会举办X，并开展Y": the sentence's date holds for every part of it; so does the
                # occasion's for work done at it ("开幕式上，学会颁发了…").
                candidate.activity.date_start = previous.activity.date_start
                candidate.activity.date_end = previous.activity.date_end
            previous = candidate
            candidates.append(candidate)
    activities = _join_headlines(_merge_repeats(candidates))
    if roles:
        activities = corroborate(activities, roles, documents)
    for i, activity in enumerate(activities, start=1):
        activity.id = f"a{i}"
    _link_tallies(activities)
    return activities


def _learned(wholes: list[Statement], policy: ReaderPolicy) -> dict[int, Reading]:
    """The reader's reading of each statement, by its start, when the policy lets the reader speak."""
    if policy.mode == "rules" or policy.reader is None:
        return {}
    return {st.start: r for st, r in zip(wholes, policy.reader.read((st.text, st.headings) for st in wholes))}


def _goes_on(st: Statement, doc: Doc, reading: Reading | None, policy: ReaderPolicy) -> bool:
    """Does the statement only go on about the work before it ("会上，300余名代表…")?"""
    said_more = (reading is not None and not st.cells and reading.more >= policy.more
                 and reading.more > reading.work)
    if policy.mode == "model" and reading is not None:
        return said_more
    # A date of its own places a new event ("9月12日，学会召开理事会"), whatever the reader heard in its words.
    if policy.keep_dated and any(d.precision in PRECISE for d in doc._.dates):
        return False
    return classify.is_continuation(st.text) or said_more


def _day_dates(doc: Doc) -> list:
    """Dates finer than a year: "2021年，学会…" sets the scene, "6月18日" places an event."""
    return [d for d in doc._.dates if d.precision != "year"]


def _when(dates: list):
    """The date an activity took place: the first one, unless a vaguer time ("年底前")
    only leads up to a precise one ("12月中旬")."""
    if not dates:
        return None
    precise = next((d for d in dates if d.precision in PRECISE), None)
    return precise if dates[0].precision not in PRECISE and precise is not None else dates[0]


def _only_dates(text: str, doc: Doc) -> bool:
    """A line that is nothing but a date (the one under a signature) tells no work."""
    words = list(text)
    for d in doc._.dates:
        words[d.start:d.end] = [""] * (d.end - d.start)
    return len(NOT_WORDS.sub("", "".join(words))) < MIN_WORDS


def _has_anchor(doc: Doc) -> bool:
    """Does the statement pin down one piece of work: a date, a number, a name or a place?

    Principles and summaries ("精心组织各类学术交流活动") name kinds of work
    with an action verb but none of these.
    """
    return bool(_day_dates(doc) or doc._.quantities or doc._.title or doc._.location or doc._.organizer
                or details.read_partner(doc.text))


def _counts_events(text: str, quantity, type_: ActivityType) -> bool:
    """Does the number count events ("讲座15场", "开展活动十项") rather than things
    an event handled ("对4个项目开展评估", "评出获奖项目6项", "来自20多个省")?

    场/次/期 count events by themselves; 项/个/批 only next to an event word.
    """
    if quantity.unit not in AMBIGUOUS_UNITS or type_ == ActivityType.PUBLICATION:
        return True
    before = text[max(0, quantity.start - NEAR_CHARS):quantity.start]
    after = text[quantity.end:quantity.end + NEAR_CHARS]
    return bool(EVENT_WORD.search(before.rsplit("，", 1)[-1]) or EVENT_WORD.match(after))


def _parts(st: Statement) -> list[Statement]:
    """One statement per piece of work a sentence reports.

    "本年度学会未承接政府委托项目，未开展决策咨询活动" reports two things not done;
    "以上活动中，学术会议3场，科普活动4场" two counts; "其中全国性会议2场、全省性会议19场"
    counts at two levels; "举办培训班4期、专题讲座6场、现场观摩2次" three kinds of
    event, each with its count. A sentence is split at the clauses that open
    work of a different kind, denial or level, or that count work of their own;
    clauses that only go on ("参会代表300余人") stay with the work before them.
    """
    listed = [(piece, len(pieces) > 1) for s, e in split_clauses(st.text)
              for pieces in [_listed_counts(st.text, s, e)] for piece in pieces]
    segments = [piece for piece, _ in listed]
    heads: list[tuple[int, tuple]] = []
    for i, ((s, e), in_list) in enumerate(listed):
        text = st.text[s:e]
        # Levels tell work apart only in counts per level ("全国性会议2场、全省性会议19场").
        levels = frozenset(classify.levels_named(text)) if EVENT_COUNT.search(text) else frozenset()
        reading = classify.read_type(text)
        # An item of a list of counted work is work of its own; a clause after a comma may only go on.
        counted = in_list and _counts_own_work(text, reading)
        if reading.score >= classify.MIN_TYPE_SCORE and classify.opens_work(text) or levels or counted:
            heads.append((i, (reading.type if reading.score >= classify.MIN_TYPE_SCORE else None,
                              lexicon().negation.search(text) is not None, levels, i if counted else None)))
    if len(heads) < 2 or len({kind for _, kind in heads}) < 2:
        return [st]
    starts = [0] + [i for i, _ in heads[1:]]
    by_level = [i for i, kind in heads if kind[2]]
    if len(by_level) > 1:
        # "共21场，其中全国性2场、全省性19场": the counts per level are the work; the total only adds them up.
        starts = by_level
    ends = [*starts[1:], len(segments)]
    return [
        replace(st, start=st.start + segments[a][0], end=st.start + segments[b - 1][1],
                text=st.text[segments[a][0]:segments[b - 1][1]])
        for a, b in zip(starts, ends)
    ]


def _counts_own_work(text: str, reading) -> bool:
    """A clause that counts events ("现场观摩2次") or counts a named kind of work ("培训农民2105名"), not a tally."""
    if classify.is_tally(text):
        return False
    return bool(EVENT_COUNT.search(text)) or reading.score >= classify.MIN_TYPE_SCORE and bool(COUNTED.search(text))


def _listed_counts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A clause listing counted work ("培训班4期、专题讲座6场", "全国性会议2场、全省性会议19场") as one span per item."""
    pieces, begin = [], start
    for m in LIST_MARK.finditer(text, start, end):
        pieces.append((begin, m.end()))
        begin = m.end()
    pieces.append((begin, end))
    if len(pieces) < 2:
        return [(start, end)]
    per_level = all(classify.levels_named(text[s:e]) and EVENT_COUNT.search(text[s:e]) for s, e in pieces)
    counted = all(_counts_own_work(text[s:e], classify.read_type(text[s:e])) for s, e in pieces)
    return pieces if per_level or counted else [(start, end)]


def _read_candidate(
    document: Document, st: Statement, doc: Doc, home_level: Level | None, year: int | None, whole: Statement,
    learned: Reading | None, policy: ReaderPolicy,
) -> _Candidate | None:
    reading = doc._.type
    if st is not whole and reading.score < classify.MIN_TYPE_SCORE:
        # "其中全国性会议2场": a part names its kind in the rest of the sentence; its own words come first.
        reading = classify.read_type(f"{st.text}\n{whole.text}", st.headings)
    dates = _day_dates(doc)
    status = doc._.status
    if status == Status.DONE and classify.in_plan_section(st.headings, year):
        status = Status.PLANNED
    decision = _decide(st, doc, reading, dates, status, whole, learned, policy)
    if decision is None:
        return None
    type_, status = decision
    reading = replace(reading, type=type_)
    level = doc._.level.level if reading.type in lexicon().types_with_level else None
    if reading.type == ActivityType.ACADEMIC_CONFERENCE:
        # A conference is as wide as its audience, not its venue: a provincial
        # society's annual meeting held in 赣州市 is still 全省性.
        named_in_title = doc._.title is not None and classify.read_level(doc._.title).level == level
        if level in VENUE_LEVELS and not doc._.level.strong and not named_in_title:
            level = None
        level = level or home_level
    participants = next((q.value for q in doc._.quantities if q.kind == "participants"), None)
    views = next((q.value for q in doc._.quantities if q.kind == "views"), None)
    lex = lexicon()
    units = PUBLICATION_UNITS if reading.type == ActivityType.PUBLICATION else EVENT_UNITS
    count = next((q.value for q in doc._.quantities if q.kind == "count" and q.unit in units
                  and _counts_events(st.text, q, reading.type)), 1)
    tally = count > 1 and classify.is_tally(whole.text)
    if tally and len(classify.levels_named(st.text)) > 1:
        level = None  # a tally over meetings of several levels has none of its own
    first = _when(dates)
    activity = Activity(
        id="",
        type=reading.type,
        title=st.column(lex.title_columns) or doc._.title,
        date_start=first.date_start if first else None,
        date_end=first.date_end if first else None,
        level=level,
        participants=participants,
        views=views,
        count=max(count, 1),
        location=st.column(lex.location_columns) or doc._.location,
        organizer=doc._.organizer,
        status=status,
        evidence=[document.span(st.start, st.end)],
        is_tally=tally,
        keywords=list(reading.words) + ([doc._.level.cue] if doc._.level.cue else []),
    )
    if reading.type == ActivityType.DECISION_CONSULTING and classify.is_adopted(st.text):
        activity.keywords.append("采纳")
    return _Candidate(activity, whole, classify.has_december_proof(whole.text))


def _rules_take(st: Statement, doc: Doc, reading, dates: list, status: Status) -> bool:
    """The rules' verdict: a kind of work named, an action or a date, an anchor, and not a state or a plan's problem."""
    if reading.score < classify.MIN_TYPE_SCORE:
        return False
    if not (classify.has_event_verb(st.text) or dates or EVENT_COUNT.search(st.text)):
        return False
    if status != Status.NEGATED and not _has_anchor(doc):
        return False
    return bool(dates) or not classify.describes_a_state(st.text)


def _decide(
    st: Statement, doc: Doc, reading, dates: list, status: Status, whole: Statement,
    learned: Reading | None, policy: ReaderPolicy,
) -> tuple[ActivityType, Status] | None:
    """Whether the statement reports work, and its type and status: by the rules, the reader, or both."""
    if _only_dates(st.text, doc) or lexicon().metadata_lines.search(st.text) or classify.in_problem_section(st.headings):
        return None
    rules = _rules_take(st, doc, reading, dates, status)
    # A table row is read by its columns (活动名称, 时间, 地点), an item of next year's plan by its section
    # (“三、2022年工作打算”): the reader learned sentences, not the layout around them.
    if learned is None or policy.mode == "rules" or st.cells or status == Status.PLANNED and rules:
        return (reading.type, status) if rules else None
    if policy.mode == "model":
        return (learned.type, learned.status) if learned.work >= 0.5 and (st is whole or rules) else None
    # The reader read the whole sentence: it may rescue a sentence, not each of its clauses.
    rescued = st is whole and learned.work >= policy.rescue
    # A day pins a statement to one event, a 《title》 to one piece of work: the reader may not veto what the
    # rules take with either.
    named = details.BOOK_TITLE.search(st.text) is not None
    pinned = policy.keep_dated and (named or any(d.precision == "day" for d in dates))
    if not (rules and (pinned or learned.work >= policy.veto) or rescued):
        return None
    # A part of a sentence has its own kind of work; the reader read the whole sentence.
    own_words = reading.score >= classify.MIN_TYPE_SCORE
    trust_type = not own_words or (st is whole and learned.type_p >= policy.type_trust)
    if status == Status.DONE and learned.status != Status.DONE and learned.status_p >= policy.type_trust:
        status = learned.status
    return (learned.type if trust_type else reading.type), status


def _extend(activity: Activity, document: Document, st: Statement, doc: Doc) -> None:
    """Add a follow-up sentence ("会上，300余名代表…") to the activity it goes on about."""
    activity.evidence.append(document.span(st.start, st.end))
    for kind in ("participants", "views"):
        if getattr(activity, kind) is None:
            setattr(activity, kind, next((q.value for q in doc._.quantities if q.kind == kind), None))
    activity.location = activity.location or doc._.location


def _same_event(a: Activity, b: Activity) -> bool:
    """The same event told twice: same kind, same date, and names or places that agree.

    A day pins an event down, so names need only look alike; a month ("2月下旬"
    in the text, "2021年2月" in a table) needs the names to be nearly the same.
    """
    if a.type != b.type or a.is_tally or b.is_tally or a.status != b.status:
        return False
    if a.location and b.location and a.location not in b.location and b.location not in a.location:
        return False  # a lecture series held in two cities on one day
    if not a.date_start or a.date_start != b.date_start:
        return False
    if len(a.date_start) < 10:
        return bool(a.title and b.title) and fuzz.partial_ratio(a.title, b.title) >= SAME_NAME_SIMILARITY
    if a.title and b.title:
        return fuzz.partial_ratio(a.title, b.title) >= SAME_EVENT_TITLE_SIMILARITY
    return a.location is None or b.location is None or a.location == b.location


def _merge_repeats(candidates: list[_Candidate]) -> list[Activity]:
    merged: list[Activity] = []
    # Twins share kind, status and date (`_same_event`): compare only within that group.
    groups: dict[tuple, list[Activity]] = {}
    for candidate in candidates:
        activity = candidate.activity
        if candidate.december_proof:
            activity.december_evidence = True
        group = groups.setdefault((activity.type, activity.status, activity.date_start), [])
        twin = next((m for m in group if _same_event(m, activity)), None)
        if twin is None:
            merged.append(activity)
            group.append(activity)
            continue
        _absorb(twin, activity)
    return merged


def _absorb(keeper: Activity, telling: Activity) -> None:
    """Make `keeper` the one activity for an event `telling` tells again: its evidence, and what it leaves empty."""
    keeper.evidence.extend(telling.evidence)
    keeper.fill_from(telling, ("title", "date_start", "date_end", "level", "participants", "views", "location",
                               "organizer"))
    keeper.december_evidence = keeper.december_evidence or telling.december_evidence


def _is_headline(activity: Activity) -> bool:
    """A title line: one statement with no sentence end, standing for the story below it."""
    return len(activity.evidence) == 1 and not SENTENCE_CLOSE.search(activity.evidence[0].text)


def _heads(headline: Activity, story: Activity) -> bool:
    """Is `headline` the title over `story`: the same kind of event, in one document, named by the same words?"""
    if not _is_headline(headline) or headline.is_tally or story.is_tally:
        return False
    if (headline.type, headline.status, headline.evidence[0].document) != (story.type, story.status,
                                                                           story.evidence[0].document):
        return False
    if headline.date_start and story.date_start and headline.date_start != story.date_start:
        return False
    run = shared_run(headline.evidence[0].text, story.evidence[0].text)
    return len(run) >= HEADLINE_RUN_CHARS and EVENT_WORD.search(run) is not None


def _join_headlines(activities: list[Activity]) -> list[Activity]:
    """A headline and the next activity, when both name the same event, are one event: the story leads."""
    kept: list[Activity] = []
    for activity in activities:
        if kept and _heads(kept[-1], activity):
            _absorb(activity, kept[-1])
            kept[-1] = activity
        else:
            kept.append(activity)
    return kept


def _link_tallies(activities: list[Activity]) -> None:
    """Record, on each tally, the single events of the same type and level it already counts."""
    for tally in activities:
        if not tally.is_tally or tally.status != Status.DONE:
            continue
        tally.covers = [
            a.id
            for a in activities
            if not a.is_tally
            and a.type == tally.type
            and a.status == Status.DONE
            # A tally's level counts only when the tally states it ("全国性会议2场");
            # otherwise it is the society's own level by default and covers every level.
            and (a.level == tally.level or not classify.levels_named(tally.evidence[0].text))
        ]
