"""Recall, precision and cost of finding evidence reused across societies, on a generated year.

    python -m corpora.reuse_benchmark [--submissions 500] [--plants 20] [--keep DIR]

Generates `--submissions` society folders: a 工作总结 composed like the sample
corpus (`corpora.generate`, DOCX) that tells one event of the society's own,
and as 佐证材料 a news report of that event with its photo (DOCX with a
picture) and a service contract (DOCX). Then plants `--plants` cases of each
kind of reuse, each between two societies used for no other plant:

- file: B sends A's news report as it is, under B's own file name;
- image: B's news report shows A's photo, re-saved as JPEG, resized and cropped;
- document: B sends A's contract with A's name changed to B's;
- paragraph: B's summary repeats a paragraph of A's;
- event: B's summary claims A's event (same date, place and name) in its own words;

(sister societies of the corpus, drawing on one small phrase bank, sometimes tell the same
event, or write the same dated or counted sentence word for word, by chance: those pairs,
known from the composer's own records and texts, are reuse too, and are counted apart)

and as many co-organised events, told by both societies naming each other,
which must not be found. Runs `kaohe batch` on the year with 2 workers and
prints, per kind, the recall (planted pairs found as that kind) and the
precision (findings of that kind that are between a planted pair: a copied
paragraph that tells an event is rightly also the same event), then the time
reuse adds to the batch: the workers' fingerprinting as a share of their
time, and comparing the year's fingerprints as a share of the batch's wall time.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import random
import re
import shutil
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from docx import Document
from docx.shared import Cm
from PIL import Image, ImageDraw, ImageFilter

from corpora.batch_benchmark import PREFIXES, RUBRIC, _society
from corpora.generate import compose
from corpora.texts.societies import SOCIETIES
from extractors.reuse import FACT, KIND_LABELS

KINDS = ("file", "image", "document", "paragraph", "event")
REGIONS = ("", "赣北", "赣南", "赣东", "赣西")
CITIES = ("南昌", "九江", "赣州", "吉安", "上饶", "宜春", "抚州", "景德镇", "萍乡", "新余", "鹰潭")
# A summary paragraph this long, with a date or a count, tells work of the society's own.
OWN_PARAGRAPH = 80
# A sentence this long stating a date or a count, written word for word in two summaries, is one statement.
STATEMENT = 30
SENTENCE_END = re.compile(r"(?<=[。！？；])")
LIST_NUMBER = re.compile(r"^\s*\d+[.．、]")


# ---- one society's materials (also used by the tests) --------------------------------------


def photo(seed: int, size: tuple[int, int] = (800, 600)) -> bytes:
    """A photo-like JPEG: soft colour fields and shapes, different for every seed."""
    rng = random.Random(seed)
    small = Image.new("RGB", (8, 6))
    small.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(48)])
    image = small.resize(size, Image.BICUBIC)
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(20, 160)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(2)).save(out, "JPEG", quality=90)
    return out.getvalue()


def altered(data: bytes, scale: float = 0.7, crop: float = 0.04, quality: int = 70) -> bytes:
    """The photo as a second sender makes it: cropped at the edges, resized and re-saved."""
    with Image.open(io.BytesIO(data)) as image:
        w, h = image.size
        dx, dy = int(w * crop), int(h * crop)
        image = image.crop((dx, dy, w - dx, h - dy)).resize((int(w * scale), int(h * scale)), Image.LANCZOS)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality)
        return out.getvalue()


def news_report(path: Path, society: str, headline: str, paragraphs: list[str], picture: bytes) -> Path:
    """A 佐证材料 as offices send it: the society's news item about an event, with the event's photo."""
    doc = Document()
    doc.add_paragraph(headline)
    doc.add_paragraph(f"来源：{society}　发布时间：2021年")
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.add_picture(io.BytesIO(picture), width=Cm(12))
    doc.save(path)
    return path


def contract(path: Path, society: str, partner: str, project: str, work: list[str], amount: int) -> Path:
    """A technical service contract between the society and a company, naming the work it covers."""
    doc = Document()
    for text in (
        "技术服务合同",
        f"甲方（委托方）：{partner}",
        f"乙方（受托方）：{society}",
        f"项目名称：{project}",
        f"第一条 服务内容：{society}接受{partner}委托，就{project}提供技术咨询与服务，具体包括：{'；'.join(work)}。",
        f"第二条 服务期限：自2021年3月1日起至2021年12月31日止，{society}按季度向{partner}提交工作报告。",
        f"第三条 合同金额：人民币{amount}元整，{partner}在合同签订后十五个工作日内支付百分之五十，验收合格后支付其余款项。",
        f"第四条 验收标准：由{partner}组织专家对{project}的成果进行验收，{society}应予以配合并提供全部技术资料。",
        f"甲方：{partner}（盖章）　乙方：{society}（盖章）",
        "签订日期：2021年2月26日",
    ):
        doc.add_paragraph(text)
    doc.save(path)
    return path


def event_sentence(society: str, day: str, city: str, title: str, partner: str | None = None) -> str:
    """How a summary tells the society's own event (with a co-organiser when there is one)."""
    host = f"{society}与{partner}联合主办" if partner else f"{society}主办"
    return (f"{day}，由{host}的“{title}”在{city}召开，来自省内高校、科研院所和企业的专家学者及会员代表"
            "参加会议，与会代表围绕学科前沿和产业发展开展了深入交流。")


def claimed_sentence(day: str, city: str, title: str) -> str:
    """Another society's words for the same event, claiming it as its own."""
    return f"{day}，学会在{city}举办“{title}”，邀请知名专家作主旨报告，会员踊跃参加，取得良好成效。"


# ---- a generated year with planted reuse ---------------------------------------------------


@dataclasses.dataclass
class Member:
    name: str
    summary: list[str]
    event: tuple[str, str, str]
    photo: bytes
    partner: str
    work: list[str]
    # The summary's own events (date, place, name): sister societies of the corpus may draw the same one.
    events: set[tuple[str, str, str]]
    # The summary's sentences stating a date or a count, which a sister society may draw word for word.
    statements: set[str]


def _member(i: int) -> Member:
    society = _society(i)
    # The batch benchmark's names run out after a couple of hundred: a region tells further rounds apart.
    region = REGIONS[i // (len(SOCIETIES) * len(PREFIXES))]
    society = dataclasses.replace(society, name=society.name.replace("江西省", f"江西省{region}", 1))
    sample, doc, _ = compose(society)
    rng = random.Random(f"reuse{i}")
    title = f"赣鄱{society.name.removeprefix('江西省').removesuffix('学会')}创新发展论坛"
    day = f"2021年{rng.randint(3, 10)}月{rng.randint(1, 28)}日"
    own = [p.text for p in doc.doc.paragraphs if len(p.text) >= OWN_PARAGRAPH and FACT.search(p.text)]
    return Member(
        society.name, [p.text for p in doc.doc.paragraphs], (day, rng.choice(CITIES), title), photo(i),
        rng.choice(society.companies), rng.sample(own, min(3, len(own))),
        {(e.when.start, e.location, e.title) for e in sample.events
         if e.when and e.when.start and e.location and e.title and not e.is_tally},
        {sentence for p in doc.doc.paragraphs for part in SENTENCE_END.split(p.text)
         if len(sentence := LIST_NUMBER.sub("", part.strip())) >= STATEMENT and FACT.search(sentence)},
    )


def generate(count: int, plants: int, root: Path) -> dict[str, set[frozenset[str]]]:
    """`count` society folders under `root`, with `plants` planted pairs per kind; the pairs (folder names) per kind,
    under "co_organised" the pairs that told one event together, under "incidental" the pairs whose composed
    summaries happen to tell the same event, and under "incidental_statements" those holding the same dated or
    counted sentence word for word (reuse the generator made, which a finding rightly reports)."""
    members = [_member(i) for i in range(count)]
    rng = random.Random(15)
    order = rng.sample(range(count), count)
    kinds = [*KINDS, "co_organised"]
    if 2 * plants * len(kinds) > count:
        raise ValueError(f"{count} 份材料不够安排每类 {plants} 对")
    pairs = {kind: [(members[order[2 * (k * plants + n)]], members[order[2 * (k * plants + n) + 1]])
                    for n in range(plants)] for k, kind in enumerate(kinds)}
    extra: dict[str, list[str]] = defaultdict(list)  # paragraphs added to a summary
    for a, b in pairs["paragraph"]:
        extra[b.name].append(a.work[0])
    for a, b in pairs["event"]:
        extra[b.name].append(claimed_sentence(*a.event))
    partners = {}
    for a, b in pairs["co_organised"]:
        b.event = a.event
        partners[a.name], partners[b.name] = b.name, a.name
    for m in members:
        folder = root / m.name
        (folder / "佐证材料").mkdir(parents=True)
        doc = Document()
        for text in [*m.summary[:-2], event_sentence(m.name, *m.event, partners.get(m.name)), *extra[m.name],
                     *m.summary[-2:]]:
            doc.add_paragraph(text)
        doc.save(folder / f"{m.name}2021年工作总结.docx")
    for m in members:
        evidence = root / m.name / "佐证材料"
        news_report(evidence / f"{m.event[2]}新闻报道.docx", m.name, f"{m.name}成功举办{m.event[2]}",
                    [event_sentence(m.name, *m.event, partners.get(m.name)), *m.work], m.photo)
        contract(evidence / "技术服务合同.docx", m.name, m.partner, f"{m.partner}技术咨询服务项目", m.work,
                 10000 * (5 + len(m.name)))
    for a, b in pairs["file"]:
        shutil.copy(next((root / a.name / "佐证材料").glob("*新闻报道.docx")), root / b.name / "佐证材料" / "活动报道.docx")
    for a, b in pairs["image"]:
        target = next((root / b.name / "佐证材料").glob("*新闻报道.docx"))
        news_report(target, b.name, f"{b.name}成功举办{b.event[2]}", [event_sentence(b.name, *b.event), *b.work],
                    altered(a.photo))
    for a, b in pairs["document"]:
        contract(root / b.name / "佐证材料" / "技术服务合同.docx", b.name, a.partner, f"{a.partner}技术咨询服务项目", a.work,
                 10000 * (5 + len(a.name)))
    return {"incidental": _told_alike(members, "events"), "incidental_statements": _told_alike(members, "statements"),
            **{kind: {frozenset({a.name, b.name}) for a, b in found} for kind, found in pairs.items()}}


def _told_alike(members: list[Member], field: str) -> set[frozenset[str]]:
    """Pairs of societies whose composed summaries hold one of the same `field` (events, statements)."""
    holders: dict[object, set[str]] = defaultdict(set)
    for m in members:
        for told in getattr(m, field):
            holders[told].add(m.name)
    return {frozenset(p) for names in holders.values() for p in combinations(sorted(names), 2)}


# ---- measuring ------------------------------------------------------------------------------


def score(planted: dict[str, set[frozenset[str]]], findings: list,
          incidental: tuple[str, ...] = ("incidental", "incidental_statements")) -> dict[str, tuple[float, float, int]]:
    """Per kind: recall, precision (counting as rightly found the generator's own reuse of the `incidental` kinds)
    and the number of findings."""
    every = set().union(*(planted[k] for k in (*KINDS, *incidental)))
    found: dict[str, set[frozenset[str]]] = defaultdict(set)
    for f in findings:
        found[f.kind].add(frozenset({f.first.submission, f.second.submission}))
    results = {}
    for kind in KINDS:
        recall = len(planted[kind] & found[kind]) / len(planted[kind]) if planted[kind] else 1.0
        precision = len(found[kind] & every) / len(found[kind]) if found[kind] else 1.0
        results[kind] = (recall, precision, len(found[kind]))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=500)
    parser.add_argument("--plants", type=int, default=20, help="每类安排的共用材料对数")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="生成的材料放在此新目录并保留（默认临时目录，结束即删）")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="kaohe-reuse-bench-"))
    try:
        _run(root, args.submissions, args.plants, args.workers)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


def _run(root: Path, count: int, plants: int, workers: int) -> None:
    from ingest.batch.run import run_batch

    start = time.perf_counter()
    planted = generate(count, plants, root / "batch")
    print(f"生成 {count} 份材料，每类安排 {plants} 对：{time.perf_counter() - start:.0f} 秒")
    start = time.perf_counter()
    report = run_batch(root / "batch", RUBRIC, root / "out" / "预审报告.xlsx", workers=workers)
    elapsed = time.perf_counter() - start
    print(f"批量预审 {elapsed:.1f} 秒，处理 {report.processed} 份，失败 {report.failed} 份")
    strict = score(planted, report.reuse, ("incidental",))
    for kind, (recall, precision, n) in score(planted, report.reuse).items():
        print(f"  {KIND_LABELS[kind]}：召回率 {recall:.2f}，准确率 {precision:.2f}（发现 {n} 对；"
              f"不计逐字相同的语句时准确率 {strict[kind][1]:.2f}）")
    co = {frozenset({f.first.submission, f.second.submission}) for f in report.reuse if f.kind == "event"}
    print(f"  另有生成时偶然相同的活动 {len(planted['incidental'])} 对、逐字相同的带日期或数字的语句 "
          f"{len(planted['incidental_statements'])} 对，算作应发现的共用")
    print(f"  联合主办的活动被误报：{len(planted['co_organised'] & co)} / {len(planted['co_organised'])} 对")
    worker = sum(s.get("reuse_seconds", 0) for s in report.stats)
    total = sum(s.get("seconds", 0) for s in report.stats)
    print(f"比对用时：各进程提取指纹 {worker:.1f} 秒，占处理用时 {total:.1f} 秒的 {worker / total:.1%}；"
          f"全年比对 {report.reuse_seconds:.2f} 秒，占批量预审 {elapsed:.1f} 秒的 {report.reuse_seconds / elapsed:.1%}；"
          f"合计增加约 {worker / total + report.reuse_seconds / elapsed:.1%}")


if __name__ == "__main__":
    main()
