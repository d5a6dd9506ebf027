"""Build the sample corpus: society work summaries as DOCX and PDF, each with its gold labels.

    python -m corpora.generate

Each summary is composed from structured records (`corpora.texts`): every
sentence that reports work is an `Event` or `Statement` carrying its own
labels, so the gold in `corpora/gold/<stem>.json` comes from the same records
as the words in `corpora/samples/<stem>.docx`. Text is seeded by the sample's
stem, so the output is the same on every run. The per-indicator gold is a
careful reviewer's reading of the Jiangxi 2021 rules (below), computed from
the labelled facts, never from kaohe's own extractor.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from corpora.export import docx_to_pdf
from corpora.texts import events as ev
from corpora.texts import filler
from corpora.texts.events import Event, Statement
from corpora.texts.societies import SOCIETIES, Society
from corpora.writer import OfficialDocument
from extractors.lexicon import lexicon

HERE = Path(__file__).parent
SAMPLES = HERE / "samples"
GOLD = HERE / "gold"
RUBRIC_ID = "jiangxi-2021-society"
RUBRIC_FILE = HERE.parent / "rubrics" / "data" / f"{RUBRIC_ID}.yaml"
YEAR = 2021
CHARS_PER_PAGE = 500
CN_ORDINALS = "一二三四五六七八九十"

# The Jiangxi 2021 table (赣科协字〔2021〕109号): indicator → maximum.
MAXIMA = {
    "jx21.party.study": 5, "jx21.party.political": 3, "jx21.party.organization": 2, "jx21.party.room": 3,
    "jx21.party.ledger": 3, "jx21.party.conduct": 2,
    "jx21.capability.academic": 20, "jx21.capability.alliance": 2, "jx21.capability.publication": 3,
    "jx21.capability.integrity": 2,
    "jx21.service.innovation": 8, "jx21.service.rural": 6, "jx21.service.consulting": 6, "jx21.service.government": 5,
    "jx21.popularization.activities": 7, "jx21.popularization.campaigns": 8,
    "jx21.self.governance": 2, "jx21.self.inspection": 5, "jx21.self.talent": 2, "jx21.self.members": 2,
    "jx21.self.finance": 2, "jx21.self.media": 2,
}
ACADEMIC_POINTS = {"international": 10, "national": 6, "regional": 6, "provincial": 4}
# Reference bands for a single submission (Jiangxi grades by rank within the batch), as in the rubric file.
FALLBACK_BANDS = [("优秀", 90.0), ("良好", 75.0), ("合格", 60.0), ("不合格", 0.0)]
VETO_GRADE = "不合格"


@dataclass
class Sample:
    society: Society
    title: str
    events: list[Event] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)


# ---- composition -------------------------------------------------------------------

class Composer:
    """Draws one society's records and lays them out as its office would."""

    def __init__(self, soc: Society):
        self.soc = soc
        self.plan = soc.plan
        self.rng = random.Random(soc.stem)
        self.texts: set[str] = set()
        self.titles: set[str] = set()
        self.extra: dict[int, list[str]] = {}  # id(entry) → detail sentences after it

    def make(self, maker, *args, **kwargs):
        """A record whose sentence and title are new in this summary (quotes must be unambiguous),
        preferring a phrasing not already used (real offices vary their sentences)."""
        chosen = None
        for _ in range(60):
            record = maker(self.rng, self.soc, *args, **kwargs)
            title = getattr(record, "title", None)
            if record.text in self.texts or (title in self.titles and title not in ("全国科普日", "赣鄱科普大讲堂")):
                continue
            chosen = chosen or record
            if not any(fuzz.ratio(record.text, t) > 70 for t in self.texts):
                chosen = record
                break
        if chosen is None:
            raise RuntimeError(f"{self.soc.stem}: 无法生成不重复的句子（{maker.__name__}）")
        self.texts.add(chosen.text)
        if chosen.title:
            self.titles.add(chosen.title)
        return chosen

    def month(self) -> int:
        # Summaries are due at the end of November: the work they report ran from January to October.
        return self.rng.randint(1, 10)

    def sections(self) -> dict[str, list[list]]:
        """Section → groups of entries (Event, Statement or plain sentence)."""
        p, make, m = self.plan, self.make, self.month
        planned = [make(ev.planned_december, notice=True) for _ in range(p.planned_notice)]
        planned += [make(ev.planned_december, notice=False) for _ in range(p.planned_bare)]

        def planned_of(etype: str) -> list[Event]:
            return [e for e in planned if e.type == etype]

        party = by_date([make(ev.party, m(), "study") for _ in range(p.party_study)]
                        + [make(ev.party, m(), "history") for _ in range(p.party_history)])
        party_statements = [filler.statement(self.rng, k) for k in ("organization", "room", "ledger", "conduct")
                            if k in p.statements]
        meetings = by_date([make(ev.academic, m(), level) for level in p.meetings])
        attended = [make(ev.academic, m(), "national", hosted=False) for _ in range(p.attended)]
        scored = [e for e in meetings if e.indicators]
        tally = ([make(ev.academic_tally, scored, p.academic_tally_extra)]
                 if p.academic_tally_extra is not None else [])
        academic = [*[make(ev.previous_year) for _ in range(p.previous)], *by_date(meetings + attended),
                    *planned_of("academic_conference"), *tally,
                    *[make(ev.negated) for _ in range(p.negated)]]
        training = by_date([make(ev.training, m()) for _ in range(p.training)])
        capability = ([make(ev.publication)] if p.publication else []) + \
            ([make(ev.alliance, m())] if p.alliance else []) + ([make(ev.integrity, m())] if p.integrity else [])
        rural = by_date([make(ev.rural, m()) for _ in range(p.rural)])
        rural += [make(ev.rural_tally, list(rural), p.rural_tally_extra)] if p.rural_tally_extra is not None else []
        innovation = by_date([make(ev.tech_service, m()) for _ in range(p.tech)])
        consulting = by_date([make(ev.consulting, m(), adopted) for adopted in p.consulting]
                             + [make(ev.government, m()) for _ in range(p.government)])
        kepu = [make(ev.kepu, m()) for _ in range(p.kepu)]
        kepu += [make(ev.kepuri)] if p.kepuri else []
        kepu += [make(ev.ganpo, m()) for _ in range(p.ganpo)]
        kepu = by_date(kepu)
        kepu_tally = ([make(ev.kepu_tally, list(kepu), p.kepu_tally_extra)]
                      if p.kepu_tally_extra is not None else [])
        team = [filler.statement(self.rng, "team")] if "team" in p.statements else []
        governance = by_date([make(ev.governance, m()) for _ in range(p.governance)]
                             + [make(ev.award, m()) for _ in range(p.award)])
        self_statements = [filler.statement(self.rng, k) for k in ("members", "finance", "media") if k in p.statements]
        self_statements += [filler.inspection(self.rng, p.inspection)] if p.inspection else []
        return {
            "party": [party + party_statements],
            "academic": [academic, training, capability],
            "service": [rural, innovation, consulting],
            "kepu": [team + kepu + planned_of("science_popularization") + kepu_tally],
            "self": [governance + planned_of("governance") + self_statements],
            "plans": [[make(ev.next_year) for _ in range(p.next_year)]],
        }


def by_date(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: e.when.start if e.when and e.when.start else "9999")


SUBHEADING_KEYS = {"academic": ["academic", "training", "capability"], "service": ["rural", "innovation", "consulting"]}


def _sentence(entry) -> str:
    return entry if isinstance(entry, str) else entry.text


def compose(soc: Society) -> tuple[Sample, OfficialDocument, list]:
    """The summary's records, its Word document, and an appendix table (if any) already placed."""
    c = Composer(soc)
    rng, plan = c.rng, soc.plan
    sections = c.sections()
    title = rng.choice([f"{soc.name}2021年工作总结", f"{soc.name}2021年度工作总结"])
    sample = Sample(soc, title)

    table_rows: list[list[str]] = []
    if plan.table:
        meetings = [e for e in sections["academic"][0] if e.type == "academic_conference" and e.status == "done"
                    and e.indicators and not e.is_tally]
        dupes, rest = meetings[:plan.table_dupes], meetings[plan.table_dupes:]
        table_only = rest[: len(rest) // 2 + 1]
        for e in sorted(dupes + table_only, key=lambda e: e.when.start):
            table_rows.append(_table_row(rng, e, e in table_only))
        sections["academic"][0] = [e for e in sections["academic"][0] if e not in table_only]
        sample.events += table_only

    box: list[Event] = []
    if plan.style == "textbox":
        academic = sections["academic"][0]
        box = [e for e in academic if e.is_tally] + [e for e in academic if e.level == "national"][:1]
        sections["academic"][0] = [e for e in academic if e not in box]

    _pad(c, sections, target=plan.pages * CHARS_PER_PAGE - 60 * len(table_rows))

    doc = OfficialDocument(title, header=rng.choice([title, soc.name]))
    doc.paragraph(rng.choice(filler.INTROS).format(name=soc.name, field=soc.field))
    if box:
        doc.textbox(["专栏：2021年学会工作亮点", *[e.text for e in box]])
        sample.events += box
    numbered_sections = {"numbered": set(sections), "mixed": {"academic", "kepu"}}.get(plan.style, set())
    appendix = plan.table and rng.random() < 0.5
    for i, (name, groups) in enumerate(sections.items()):
        doc.heading(1, f"{CN_ORDINALS[i]}、{rng.choice(filler.HEADINGS[name])}")
        if name in filler.OPENERS:
            doc.paragraph(rng.choice(filler.OPENERS[name]))
        if name == "plans":
            _plans(c, doc, groups[0], sample)
            continue
        sub_keys = SUBHEADING_KEYS.get(name)
        use_sub = sub_keys is not None and plan.pages >= 5 and sum(bool(g) for g in groups) > 1
        k = 0
        for g, entries in enumerate(groups):
            if not entries:
                continue
            if use_sub:
                k += 1
                doc.heading(2, f"（{CN_ORDINALS[k - 1]}）" + rng.choice(filler.SUBHEADINGS[sub_keys[g]]).split("）", 1)[1])
            _write_entries(c, doc, entries, numbered=name in numbered_sections)
            sample.events += [e for e in entries if isinstance(e, Event)]
            sample.statements += [e for e in entries if isinstance(e, Statement)]
            if name == "academic" and g == 0 and table_rows and not appendix:
                doc.table(["活动名称", "时间", "地点", "规模"], table_rows, caption="2021年学会主要学术活动一览表")
    doc.signature(soc.name, soc.date)
    if table_rows and appendix:
        doc.paragraph("附件：2021年度学术活动一览表", "黑体", 16, indent=False)
        doc.table(["活动名称", "时间", "地点", "规模"], table_rows)
    return sample, doc, table_rows


def _table_row(rng: random.Random, e: Event, only_here: bool) -> list[str]:
    """A meeting as a table row; a row that is its only mention becomes its quote."""
    y, mth = e.when.start[:4], int(e.when.start[5:7])
    if e.when.end:
        when = f"{mth}月{int(e.when.start[8:])}—{int(e.when.end[8:])}日"
    elif len(e.when.start) == 7:
        when = f"{y}年{mth}月"
    else:
        d = int(e.when.start[8:])
        when = rng.choice([f"{y}.{mth}.{d}", f"{mth}月{d}日", f"{y}年{mth}月{d}日"])
    if only_here:
        e.participants = e.participants or rng.choice([100, 150, 200, 300])
        e.views = None
        e.text = e.title
    else:
        e.other_quotes.append(e.title)
    scale = f"约{e.participants}人" if e.participants else "—"
    return [e.title, when, e.location or "—", scale]


def _pad(c: Composer, sections: dict[str, list[list]], target: int) -> None:
    """Elaborate on events (at most two detail sentences each) until the summary reaches its length."""
    entries = [e for groups in sections.values() for g in groups for e in g
               if isinstance(e, Event) and e.status == "done" and not e.is_tally]
    length = sum(len(_sentence(e)) for groups in sections.values() for g in groups for e in g) + 900
    rng, soc = c.rng, c.soc
    while length < target and entries:
        e = rng.choice(entries)
        text = filler.detail(rng, e.type, topic=rng.choice(soc.topics), expert=rng.choice(soc.experts),
                             dept=rng.choice(soc.departments), field=soc.field)
        added = c.extra.setdefault(id(e), [])
        if text not in added:
            added.append(text)
            length += len(text)
        if len(added) >= 2:
            entries.remove(e)


def _write_entries(c: Composer, doc: OfficialDocument, entries: list, numbered: bool) -> None:
    rng = c.rng
    if numbered:
        n = 0
        rest = []
        for e in entries:
            if isinstance(e, Event) and e.status == "done" and not e.is_tally:
                n += 1
                doc.paragraph(f"{n}." + "".join([e.text, *c.extra.get(id(e), [])]))
            else:
                rest.append(e)
        for i in range(0, len(rest), 2):
            doc.paragraph("".join(_sentence(e) for e in rest[i:i + 2]))
        return
    paragraph: list[str] = []
    for e in entries:
        paragraph += [_sentence(e), *c.extra.get(id(e), [])]
        if len(paragraph) >= rng.randint(2, 5):
            if rng.random() < 0.2:
                paragraph.append(rng.choice(filler.GENERAL))
            doc.paragraph("".join(paragraph))
            paragraph = []
    if paragraph:
        doc.paragraph("".join(paragraph))


def _plans(c: Composer, doc: OfficialDocument, plans: list[Event], sample: Sample) -> None:
    rng, soc = c.rng, c.soc
    doc.paragraph(rng.choice(filler.SHORTCOMINGS))
    doc.paragraph(filler.PLANS[0].format(field=soc.field))
    lines = filler.PLANS[1:]
    for i, e in enumerate(plans):
        lines[i % len(lines)] += e.text
    for line in lines:
        doc.paragraph(line)
    doc.paragraph(filler.THANKS[0])
    sample.events += plans


# ---- gold -------------------------------------------------------------------------------

def counts_toward_score(e: Event) -> bool:
    return e.status == "done" or (e.status == "planned" and e.december_evidence)


def _units(events: list[Event]) -> int:
    """Events counted once: a tally stands for at least the events it covers, never on top of them."""
    covered = {id(c) for e in events if e.is_tally for c in e.covers}
    single = sum(e.count for e in events if not e.is_tally and id(e) not in covered)
    return single + sum(max(t.count, sum(c.count for c in t.covers)) for t in events if t.is_tally)


def _academic_points(events: list[Event]) -> float:
    points = sum(ACADEMIC_POINTS.get(e.level, 0) * e.count for e in events if not e.is_tally)
    for t in (e for e in events if e.is_tally):
        points += ACADEMIC_POINTS.get(t.level, 0) * max(0, t.count - len(t.covers))
    return min(points, MAXIMA["jx21.capability.academic"])


def indicator_gold(sample: Sample) -> dict[str, dict]:
    """What a careful reviewer gives per indicator, from the labelled facts."""
    gold = {}
    for ind, maximum in MAXIMA.items():
        events = [e for e in sample.events if ind in e.indicators and counts_toward_score(e)]
        statements = [s for s in sample.statements if ind in s.indicators]
        if ind == "jx21.capability.academic":
            count, score = _units(events), _academic_points(events)
        elif ind == "jx21.service.consulting":
            count = _units(events)
            score = 4 * any(e.tag == "adopted" for e in events) + 2 * any(e.tag == "consulting" for e in events)
        elif ind == "jx21.popularization.activities":
            count = _units(events)
            score = (2 if statements else 0) + (5 if count >= 5 else 2 if count >= 1 else 0)
        elif ind == "jx21.popularization.campaigns":
            count = _units(events)
            score = 3 * any(e.part == "science_day" for e in events) + 5 * any(e.part == "ganpo" for e in events)
        elif ind == "jx21.self.inspection":
            outcome = statements[0].facts["outcome"] if statements else None
            count, score = (1 if outcome else 0), (maximum if outcome == "合格" else 0)
        else:
            count = _units(events) + len(statements)
            score = maximum if count else 0
        gold[ind] = {"count": count, "score": float(min(score, maximum))}
    return gold


def grade_bands() -> tuple[list[tuple[str, float]], str]:
    """The rubric file's reference bands when it is there, else the usual 90/80/60."""
    if RUBRIC_FILE.exists():
        grading = (yaml.safe_load(RUBRIC_FILE.read_text(encoding="utf-8")) or {}).get("grading") or {}
        bands = [(b["grade"], float(b["min"])) for b in grading.get("bands", [])]
        if bands:
            return sorted(bands, key=lambda b: -b[1]), grading.get("veto_grade", VETO_GRADE)
    return FALLBACK_BANDS, VETO_GRADE


def grade_of(total: float, vetoed: bool) -> str:
    bands, veto_grade = grade_bands()
    if vetoed:
        return veto_grade
    return next((g for g, low in bands if total >= low), bands[-1][0])


def _activity_json(e: Event, ids: dict[int, str]) -> dict:
    return {
        "id": ids[id(e)], "type": e.type, "title": e.title,
        "date_start": e.when.start if e.when else None, "date_end": e.when.end if e.when else None,
        # Levels are labelled where the rubrics ask them, as in the real corpus's guide.
        "level": e.level if e.type in lexicon().types_with_level else None,
        "participants": e.participants, "views": e.views, "count": e.count,
        "location": e.location, "status": e.status, "quote": e.text, "is_tally": e.is_tally,
        "covers": [ids[id(c)] for c in e.covers],
        "indicators": list(e.indicators) if counts_toward_score(e) else [],
        "tag": e.tag, "part": e.part, "december_evidence": e.december_evidence, "other_quotes": e.other_quotes,
    }


def gold_json(sample: Sample) -> dict:
    soc = sample.society
    ids = {id(e): f"g{i + 1}" for i, e in enumerate(sample.events)}
    facts: dict[str, dict] = {}
    for s in sample.statements:
        for ind in s.indicators:
            if s.facts:
                facts[ind] = dict(s.facts)
            elif s.part:
                facts.setdefault(ind, {"parts": {}})["parts"][s.part] = {"items": [{"count": 1}]}
            else:
                facts.setdefault(ind, {"items": []})["items"].append({"count": 1})
    indicators = indicator_gold(sample)
    total = round(sum(v["score"] for v in indicators.values()), 1)
    vetoed = facts.get("jx21.self.inspection", {}).get("outcome") in ("不合格", "未年检")
    return {
        "sample": soc.stem, "society": soc.name, "rubric": RUBRIC_ID, "year": YEAR,
        "files": [f"{soc.stem}.docx", f"{soc.stem}.pdf"],
        "title": sample.title,
        "activities": [_activity_json(e, ids) for e in sample.events],
        "statements": [{"quote": s.text, "indicators": s.indicators, "part": s.part} for s in sample.statements],
        "facts": facts,
        "indicators": indicators,
        "total": total,
        "vetoed": vetoed,
        "grade": grade_of(total, vetoed),
    }


def check(sample: Sample, doc_text: str) -> None:
    """Refuse to write gold whose quotes are not in the document exactly once."""
    for quote in [e.text for e in sample.events] + [s.text for s in sample.statements]:
        if quote not in doc_text:
            raise RuntimeError(f"{sample.society.stem}: 引文不在文档中：{quote}")


def document_text(doc: OfficialDocument) -> str:
    body = doc.doc.element.body
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return "\n".join("".join(t.text or "" for t in p.iter(f"{ns}t")) for p in body.iter(f"{ns}p"))


def generate(out: Path = SAMPLES, gold_dir: Path = GOLD, pdf: bool = True) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for soc in SOCIETIES:
        sample, doc, _ = compose(soc)
        check(sample, document_text(doc))
        paths.append(doc.save(out / f"{soc.stem}.docx"))
        gold = gold_json(sample)
        (gold_dir / f"{soc.stem}.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if pdf:
        docx_to_pdf(paths, out)
    return paths


def main() -> None:
    paths = generate()
    for path in paths:
        gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
        print(f"{path.stem}\t活动 {len(gold['activities'])}\t总分 {gold['total']}\t{gold['grade']}")


if __name__ == "__main__":
    main()
