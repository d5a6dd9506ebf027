"""What a tuning summary is made of: the blocks typed into Word, and a reviewer's labels for them.

A summary module lists its blocks in reading order and, beside them, what a
careful Jiangxi reviewer reads out of the text: each activity with the exact
sentence it rests on, each statement of a standing state (党员活动室, 年检),
and the count and score the reviewer gives every indicator. The builder turns
this into the DOCX and the gold JSON, so text and labels cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass


# Indicator ids of jiangxi-2021-society, short enough to label with.
STUDY, POLITICAL = "jx21.party.study", "jx21.party.political"
ORGANIZATION, ROOM = "jx21.party.organization", "jx21.party.room"
LEDGER, CONDUCT = "jx21.party.ledger", "jx21.party.conduct"
ACADEMIC, ALLIANCE = "jx21.capability.academic", "jx21.capability.alliance"
PUBLICATION, INTEGRITY = "jx21.capability.publication", "jx21.capability.integrity"
INNOVATION, RURAL = "jx21.service.innovation", "jx21.service.rural"
CONSULTING, GOVERNMENT = "jx21.service.consulting", "jx21.service.government"
POP, CAMPAIGNS = "jx21.popularization.activities", "jx21.popularization.campaigns"
GOVERNANCE, INSPECTION = "jx21.self.governance", "jx21.self.inspection"
TALENT, MEMBERS = "jx21.self.talent", "jx21.self.members"
FINANCE, MEDIA = "jx21.self.finance", "jx21.self.media"


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Numbered:
    """Items in Word's own numbered list: the numbers are list formatting, not part of the text."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str | None = None


@dataclass(frozen=True)
class Signature:
    society: str
    date: str


Block = Heading | Para | Numbered | Table | Signature


@dataclass(frozen=True)
class Act:
    """One labelled activity; `key` lets a tally name the activities it covers.

    `participants` are the people present (参会、现场、参观、接待、听众、培训), whether
    counted in 人 or 人次; `views` are audiences not in the room (直播、观看、播放) and
    totals of people reached (受众、受益、惠及、覆盖), as the contract separates them.
    """

    quote: str
    type: str
    key: str | None = None
    title: str | None = None
    start: str | None = None
    end: str | None = None
    level: str | None = None
    participants: int | None = None
    views: int | None = None
    count: int = 1
    location: str | None = None
    status: str = "done"
    tally: bool = False
    covers: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    tag: str | None = None
    part: str | None = None
    december: bool = False
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stmt:
    """A sentence stating what the society has or is (a state, not an event)."""

    quote: str
    indicators: tuple[str, ...]
    part: str | None = None


@dataclass(frozen=True)
class Summary:
    sample: str
    society: str
    title: str
    blocks: tuple[Block, ...]
    activities: tuple[Act, ...]
    statements: tuple[Stmt, ...]
    # indicator id → (count, score) as the reviewer gives them; indicators left out score 0.
    scores: dict[str, tuple[int, float]]
    grade: str
    inspection: str | None = None  # the 年检 result the summary states, if it states one
    word_styles: bool = False  # headings in Word's built-in 标题 styles instead of typed formatting
