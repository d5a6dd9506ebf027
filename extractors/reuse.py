"""Evidence one society sent that another society also sent.

In a year's batch the same proof sometimes comes from two societies: one
file under two names, one photo re-saved or cropped, a contract or a summary
paragraph copied with the names changed, one event claimed by both. Each
submission is reduced once to a `fingerprint` (plain JSON, kept with its
record): its files' sha256, a perceptual hash of each image (image files and
pictures inside Word documents), a MinHash of each document and of each long
paragraph, and its dated, placed and named events. `find_reuse` compares the
fingerprints of a whole year: identical hashes, near perceptual hashes, and
MinHash/LSH buckets, so several hundred societies are not compared pairwise.

What many societies share is no one's reuse: a paragraph, image or event
found in more than `MAX_SHARERS` submissions is boilerplate (a notice's
wording, the 科协 logo, 全国科普日). An event both societies name each
other in ("与某学会联合主办") is co-organised, not reused.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import asdict, dataclass
from itertools import combinations

import imagehash
import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH
from PIL import Image, UnidentifiedImageError

from extractors.classify import is_generic
from extractors.details import EVENT_NOUNS
from extractors.duplicates import LAYOUT, text_shingles
from extractors.models import Activity, BlockKind, Document
from extractors.settings import settings

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp")
# Pictures smaller than this are icons and letterhead logos, not evidence.
MIN_IMAGE_SIDE = 64
# Of each of two 64-bit hashes (DCT and wavelet): a photo re-saved, resized and cropped by up to 5% at each edge
# stays within this many bits of both; of 500 different generated photos, no two came within it of both.
IMAGE_BITS = 14
IMAGE_HASHES = {"phash": imagehash.phash, "whash": lambda image: imagehash.whash(image, image_scale=64)}
# Both hashes look at a small grey image: decoding a JPEG at this size is a tenth of the work, and the same hashes.
HASHED_SIZE = (256, 256)
NUM_PERM = 64
# Kept with the stored hash values: hashes of another scheme do not compare.
SCHEME = "affine32"
# Estimated Jaccard of two documents' 5-grams: a contract copied with the names changed keeps about 0.85,
# two societies' own summaries share under a third.
SAME_DOCUMENT = 0.7
# A paragraph copied with a name changed keeps about 0.75 of its 5-grams.
SAME_PARAGRAPH = 0.7
# How much less alike than a finding a text may be and still count as sharing its phrasing: a template clause
# with each society's own name and dates is shared by all who use it.
LOOSER = 0.2
# Shorter paragraphs are headings and set phrases, which every society writes alike.
MIN_PARAGRAPH_CHARS = 60
# Shared by more submissions than this, a text, image or event is common to the year, not one society's reuse.
MAX_SHARERS = 3
# "江西省矿业学会" is named "省矿业学会" or "矿业学会" by its partners.
REGION_PREFIX = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}?[省市]|省|市)")
PARAGRAPH_KINDS = (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TEXTBOX)
# What a paragraph states of the work, compared as it is written: its figures (a month's 上旬 and 下旬 are
# different days), and what it names in quotation marks or title marks (a meeting's, a report's name).
FIGURES = re.compile(r"\d+(?:月(?:[上中下]旬|[初底末]))?|“[^”]{2,40}”|《[^》]{2,40}》")
# A date to the day or a count of the work itself ("3月15日", "200余人", "12场"), not a year, a month ("3月，学会…",
# which many societies' work shares) or an anniversary ("100周年").
FACT = re.compile(r"\d+\s*(?:日|人|名|场|次|项|篇|期|个|家|余|万|元|天|所|份|册)")
# What every society's own meeting is called ("2021年学术年会", "第三届学术交流会"): a title that is nothing
# more names no one event, and two societies may well hold theirs on the same day in the same city ("技术培训" in
# the same village).
COMMON_TITLE = re.compile(rf"(?:19|20)\d\d年度?|第[一二三四五六七八九十百\d]+[届期次]|学会|学术|技术|专题|主题|年度|全省|全国|省|{EVENT_NOUNS}")

# How many took part: two statements of one day, place and name giving different numbers tell two events
# (sister societies' own 主题党日 at one memorial hall), whereas a claim copied from another rarely differs.
ATTENDANCE = re.compile(r"(\d+)\s*(?:余|多)?\s*(?:人|名)")

KIND_LABELS = {
    "file": "同一文件",
    "image": "相同图片",
    "document": "相同文本",
    "paragraph": "相同段落",
    "event": "同一活动",
}


@dataclass(frozen=True)
class Side:
    submission: str
    society: str
    file: str
    # The matching picture, paragraph or statement, as a reviewer finds it in the file.
    region: str


@dataclass(frozen=True)
class Reuse:
    kind: str
    first: Side
    second: Side
    similarity: float

    def to_json(self) -> dict:
        return asdict(self)


# ---- one submission -----------------------------------------------------------------------


def fingerprint(society: str | None, files: list[tuple[str, bytes]], documents: list[Document],
                activities: list[Activity]) -> dict:
    """What of a submission `find_reuse` compares, as JSON to keep beside its record."""
    names = {d.id: d.name for d in documents}
    min_chars = settings().duplicates.min_chars
    texts = [d for d in documents if len(LAYOUT.sub("", d.text)) >= min_chars]
    paragraphs = [(d.name, b.text.strip()) for d in documents for b in d.blocks
                  if b.kind in PARAGRAPH_KINDS and len(LAYOUT.sub("", b.text)) >= MIN_PARAGRAPH_CHARS]
    return {
        "society": society or "",
        "files": [{"name": name, "sha256": hashlib.sha256(data).hexdigest()} for name, data in files],
        "images": [{"file": name, "part": part, **hashes} for name, data in files
                   for part, hashes in _image_hashes(name, data)],
        "documents": [{"file": d.name, "minhash": m}
                      for d, m in zip(texts, _minhashes([text_shingles(d.text) for d in texts]))],
        "paragraphs": [{"file": name, "text": text, "minhash": m}
                       for (name, text), m in zip(paragraphs, _minhashes([text_shingles(t) for _, t in paragraphs]))],
        "events": [event for a in activities if (event := _event(a, names))],
    }


def _image_hashes(name: str, data: bytes) -> list[tuple[str | None, dict[str, str]]]:
    """The perceptual hashes of an image file, or of each picture inside a Word document."""
    lower = name.lower()
    if lower.endswith(IMAGE_SUFFIXES):
        parts = [(None, data)]
    elif lower.endswith(".docx"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                parts = [(m, archive.read(m)) for m in archive.namelist()
                         if m.startswith("word/media/") and m.lower().endswith(IMAGE_SUFFIXES)]
        except (zipfile.BadZipFile, OSError):
            return []
    else:
        return []
    hashes = []
    for part, content in parts:
        try:
            with Image.open(io.BytesIO(content)) as image:
                if min(image.size) < MIN_IMAGE_SIDE:
                    continue
                image.draft("L", HASHED_SIZE)
                image = image.convert("L")
                hashes.append((part, {key: str(method(image)) for key, method in IMAGE_HASHES.items()}))
        # A picture that cannot be decoded (or would decode to gigapixels) is left to the reader's own checks.
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
            continue
    return hashes


def _minhashes(shingle_sets: list[frozenset[str]]) -> list[str]:
    if not shingle_sets:
        return []
    hashes = MinHash.bulk([[s.encode() for s in shingles] for shingles in shingle_sets], num_perm=NUM_PERM, scheme=SCHEME)
    return [base64.b64encode(m.hashvalues.astype(np.uint32).tobytes()).decode() for m in hashes]


def _lean(encoded: str) -> LeanMinHash:
    return LeanMinHash(seed=1, scheme=SCHEME,
                       hashvalues=np.frombuffer(base64.b64decode(encoded), dtype=np.uint32).astype(np.uint64))


def _event(activity: Activity, names: dict[str, str]) -> dict | None:
    """A single dated, placed and named event: what two societies cannot both have held alone."""
    if activity.is_tally or not (activity.date_start and activity.location and activity.title):
        return None
    # "10月上旬" and "10月中旬" are not one day: only an event dated to the day identifies it.
    if len(activity.date_start) != len("2021-06-18") or activity.date_end not in (None, activity.date_start):
        return None
    if is_generic(activity.title) or len(COMMON_TITLE.sub("", _plain(activity.title))) < 2 or not activity.evidence:
        return None
    # A "title" holding the event's own place is a clause of the statement ("专家深入某公司开展"), not a name.
    if _plain(activity.location) in _plain(activity.title):
        return None
    span = activity.evidence[0]
    return {
        "file": names.get(span.document, span.document),
        "key": "|".join([activity.date_start, _plain(activity.location), _plain(activity.title)]),
        "statement": " ".join(s.text for s in activity.evidence),
    }


def _plain(text: str) -> str:
    return LAYOUT.sub("", text)


# ---- a whole year --------------------------------------------------------------------------


def find_reuse(fingerprints: dict[str, dict]) -> list[Reuse]:
    """Everything two submissions of `fingerprints` (by submission id) both sent, most certain first.

    A pair of files found identical is not reported again for its images or texts, nor the paragraphs of
    a file already found copied between the same two submissions. Two statements each naming the other
    society tell work done together: neither their paragraphs nor their event are findings.
    """
    found: list[Reuse] = []
    found += _same_files(fingerprints)
    same = {_file_pair(r) for r in found}
    found += [r for r in _same_images(fingerprints) if _file_pair(r) not in same]
    documents = [r for r in _same_texts(fingerprints, "documents", SAME_DOCUMENT) if _file_pair(r) not in same]
    found += documents
    same |= {_file_pair(r) for r in documents}
    reported = {(_submissions(r), f) for r in found for f in (r.first.file, r.second.file)}
    found += [r for r in _same_texts(fingerprints, "paragraphs", SAME_PARAGRAPH)
              if not {(_submissions(r), r.first.file), (_submissions(r), r.second.file)} & reported
              and not _co_organised(fingerprints, r.first.submission, r.first.region, r.second.submission,
                                    r.second.region)]
    found += _same_events(fingerprints)
    return found


def _submissions(reuse: Reuse) -> frozenset[str]:
    return frozenset({reuse.first.submission, reuse.second.submission})


def _file_pair(reuse: Reuse) -> frozenset:
    return frozenset({(reuse.first.submission, reuse.first.file), (reuse.second.submission, reuse.second.file)})


def _side(fingerprints: dict[str, dict], submission: str, file: str, region: str) -> Side:
    return Side(submission, fingerprints[submission]["society"] or submission, file, region)


def _shared(groups: dict[str, list[tuple[str, dict]]]) -> list[tuple[tuple[str, dict], tuple[str, dict]]]:
    """Pairs of items from two submissions within each group; groups spread over many submissions are common."""
    pairs = []
    for items in groups.values():
        if not 2 <= len({s for s, _ in items}) <= MAX_SHARERS:
            continue
        pairs += [(a, b) for a, b in combinations(items, 2) if a[0] != b[0]]
    return pairs


def _same_files(fingerprints: dict[str, dict]) -> list[Reuse]:
    groups: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for submission, fp in fingerprints.items():
        for file in fp["files"]:
            groups[file["sha256"]].append((submission, file))
    return [
        Reuse("file", _side(fingerprints, a, fa["name"], "整个文件"), _side(fingerprints, b, fb["name"], "整个文件"), 1.0)
        for (a, fa), (b, fb) in _shared(groups)
    ]


def _same_images(fingerprints: dict[str, dict]) -> list[Reuse]:
    images = [(s, image) for s, fp in fingerprints.items() for image in fp["images"]]
    if len(images) < 2:
        return []
    bits = [np.unpackbits(np.array([np.frombuffer(bytes.fromhex(i[key]), dtype=np.uint8) for _, i in images]), axis=1)
            for key in IMAGE_HASHES]
    width = sum(b.shape[1] for b in bits)
    near = []
    for i in range(len(images)):
        distances = [np.count_nonzero(b != b[i], axis=1) for b in bits]
        close = np.logical_and.reduce([d <= IMAGE_BITS for d in distances])
        near.append([(int(j), 1 - sum(int(d[j]) for d in distances) / width) for j in np.flatnonzero(close) if j != i])
    return [
        Reuse("image", _side(fingerprints, a, ia["file"], _picture(ia)), _side(fingerprints, b, ib["file"], _picture(ib)),
              round(similarity, 3))
        for i, j, similarity in _uncommon_pairs([s for s, _ in images], near)
        for (a, ia), (b, ib) in [(images[i], images[j])]
    ]


def _uncommon_pairs(owners: list[str], near: list[list[tuple[int, float]]],
                    alike: list[list[tuple[int, float]]] | None = None) -> list[tuple[int, int, float]]:
    """Pairs (i, j, similarity) of `near` items from two submissions, leaving out items `alike` (by default:
    near) to items of many submissions."""
    common = {i for i, matches in enumerate(alike or near)
              if len({owners[i], *(owners[j] for j, _ in matches)}) > MAX_SHARERS}
    return [(i, j, similarity) for i, matches in enumerate(near) for j, similarity in matches
            if i < j and owners[i] != owners[j] and i not in common and j not in common]


def _picture(image: dict) -> str:
    return f"文件内图片 {image['part'].rsplit('/', 1)[-1]}" if image["part"] else "整张图片"


def _same_texts(fingerprints: dict[str, dict], field: str, threshold: float) -> list[Reuse]:
    # A paragraph stating no fact of the work can be no finding; nor can it make one common (see `alike`).
    items = [(s, item) for s, fp in fingerprints.items() for item in fp.get(field, []) if _states_facts(item)]
    hashes = [_lean(item["minhash"]) for _, item in items]
    lsh = MinHashLSH(threshold=threshold - LOOSER, num_perm=NUM_PERM)
    with lsh.insertion_session() as session:
        for k, m in enumerate(hashes):
            session.insert(k, m)
    # Paragraphs keep their text, so their likeness is exact; whole documents' is estimated from the hashes.
    shingles: dict[int, frozenset[str] | None] = {}

    def likeness(i: int, j: int) -> float:
        for k in (i, j):
            if k not in shingles:
                shingles[k] = text_shingles(items[k][1]["text"]) if "text" in items[k][1] else None
        return _jaccard(shingles[i], shingles[j], hashes[i], hashes[j])

    # Alike in wording and stating the same facts: how widely a text is shared. Sister societies telling
    # their own work in one set phrasing differ in their dates and counts, and do not make it common;
    # comparing the figures first also leaves few candidates to compare exactly.
    facts = [_facts(item) for _, item in items]
    alike = [[(j, similarity) for j in lsh.query(m) if j != i and facts[j] == facts[i]
              and (similarity := likeness(i, j)) >= threshold - LOOSER]
             for i, m in enumerate(hashes)]
    near = [[(j, similarity) for j, similarity in matches if similarity >= threshold] for matches in alike]
    kind = "document" if field == "documents" else "paragraph"
    return [
        Reuse(kind, _side(fingerprints, a, ia["file"], _region(ia)), _side(fingerprints, b, ib["file"], _region(ib)),
              round(similarity, 3))
        for i, j, similarity in _uncommon_pairs([s for s, _ in items], near, alike)
        for (a, ia), (b, ib) in [(items[i], items[j])]
    ]


def _jaccard(sa: frozenset[str] | None, sb: frozenset[str] | None, ma: LeanMinHash, mb: LeanMinHash) -> float:
    if sa is None or sb is None:
        return ma.jaccard(mb)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def _states_facts(item: dict) -> bool:
    """A paragraph must state a date or a count of the work: without one it is a stock phrase (建党100周年、
    党建、宗旨) that societies write alike. A whole document is compared whatever it states."""
    return "text" not in item or bool(FACT.search(item["text"]))


def _facts(item: dict) -> list[str] | None:
    """What a paragraph states, figure by figure: paragraphs must state the same facts, as one differing only in
    its figures is another society's report in the same wording. A whole document is compared whatever it states."""
    return FIGURES.findall(item["text"]) if "text" in item else None


def _region(item: dict) -> str:
    return " ".join(item["text"].split()) if "text" in item else "全文"


def _same_events(fingerprints: dict[str, dict]) -> list[Reuse]:
    groups: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for submission, fp in fingerprints.items():
        for event in fp["events"]:
            groups[event["key"]].append((submission, event))
    found, seen = [], set()
    for (a, ea), (b, eb) in _shared(groups):
        if ((a, b, ea["key"]) in seen or _co_organised(fingerprints, a, ea["statement"], b, eb["statement"])
                or not _same_attendance(ea["statement"], eb["statement"])):
            continue
        seen.add((a, b, ea["key"]))
        found.append(Reuse("event", _side(fingerprints, a, ea["file"], ea["statement"]),
                           _side(fingerprints, b, eb["file"], eb["statement"]), 1.0))
    return found


def _same_attendance(a: str, b: str) -> bool:
    first, second = set(ATTENDANCE.findall(a)), set(ATTENDANCE.findall(b))
    return not (first and second) or bool(first & second)


def _co_organised(fingerprints: dict[str, dict], a: str, text_a: str, b: str, text_b: str) -> bool:
    """Each society's statement names the other one."""
    return _names(text_a, fingerprints[b]["society"]) and _names(text_b, fingerprints[a]["society"])


def _names(text: str, society: str) -> bool:
    core = REGION_PREFIX.sub("", society)
    return bool(core) and core in text
