"""Real public texts of societies and science associations, labelled by hand (see GUIDE.md).

Each text is one JSON file in `texts/`. The corpus is split by source site, so
that no site's wording is in both parts: a rule written from the development
part is tested on sites it has never read. The test part is frozen.

    python -m corpora.real check      # validate every file against the guide's format
    python -m corpora.real stats      # how many texts and activities in each part
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

TEXTS = Path(__file__).parent / "texts"
GENRES = ("summary", "news", "other")
TYPES = ("academic_conference", "training", "science_popularization", "volunteer_rural", "tech_service",
         "decision_consulting", "government_function", "award_recognition", "party_building", "governance",
         "publication", "international_exchange", "other")
STATUSES = ("done", "planned", "previous_year", "negated")
LEVELS = ("international", "national", "regional", "provincial", "municipal", "county", "grassroots")
DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
# One site in three is held out: a share large enough to measure, fixed by the site's name alone.
TEST_SHARE = 3
# Sites whose texts were read while rules were written (an example in a comment came from one): they count as
# development whatever their hash, so that the test part holds only text nobody here has read.
READ_WHILE_TUNING = frozenset({"sxws.sx.gov.cn", "shandong-chorography.org"})


@dataclass(frozen=True)
class RealText:
    """One labelled text and where it came from."""

    id: str
    url: str
    genre: str
    year: int
    body: str | None
    text: str
    activities: list[dict]

    @property
    def site(self) -> str:
        return site_of(self.url)

    @property
    def split(self) -> str:
        return split_of(self.site)


def site_of(url: str) -> str:
    """The source site: the host without the www./m. prefixes that serve the same site."""
    host = (urlsplit(url).hostname or "").lower()
    return re.sub(r"^(?:www|m|wap)\.", "", host)


def split_of(site: str) -> str:
    """`test` for one site in three (by a hash of its name), `development` for the rest and the sites read."""
    if site in READ_WHILE_TUNING:
        return "development"
    digest = int(hashlib.sha256(site.encode("utf-8")).hexdigest(), 16)
    return "test" if digest % TEST_SHARE == 0 else "development"


def text_id(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:10]


def load(split: str | None = None, folder: Path = TEXTS) -> list[RealText]:
    """Every labelled text, or those of one split (`development` or `test`), in id order."""
    texts = []
    for path in sorted(folder.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        item = RealText(raw["id"], raw["url"], raw["genre"], raw["year"], raw.get("body"), raw["text"],
                        raw.get("activities", []))
        if split is None or item.split == split:
            texts.append(item)
    return texts


def squash(text: str) -> str:
    """The text without whitespace: quotes are found in it whatever the line breaks."""
    return re.sub(r"\s+", "", text)


def missing_keys(raw: dict, keys: tuple[str, ...]) -> list[str]:
    return [f"缺少字段 {key}" for key in keys if key not in raw]


def problems(path: Path) -> list[str]:
    """What is wrong with one labelled file, in the guide's terms (empty when it is right)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [f"无法读取：{error}"]
    found = missing_keys(raw, ("id", "url", "genre", "year", "text", "activities"))
    if found:
        return found
    if raw["id"] != text_id(raw["url"]) or path.stem != raw["id"]:
        found.append(f"id 应为来源地址 sha256 的前 10 位（{text_id(raw['url'])}），文件名与 id 一致")
    if raw["genre"] not in GENRES:
        found.append(f"genre 不在 {GENRES}")
    if not isinstance(raw["year"], int) or not 2000 <= raw["year"] <= 2026:
        found.append("year 应为 2000–2026 的整数")
    text = squash(raw["text"])
    for i, act in enumerate(raw["activities"], start=1):
        where = f"第 {i} 项活动"
        for quote in [act.get("quote", ""), *act.get("other_quotes", [])]:
            if not quote or squash(quote) not in text:
                found.append(f"{where}：引文在原文中找不到：{quote[:30]}")
        if act.get("type") not in TYPES:
            found.append(f"{where}：type {act.get('type')!r} 不在词表中")
        if act.get("status") not in STATUSES:
            found.append(f"{where}：status {act.get('status')!r} 不在词表中")
        if act.get("level") is not None and act["level"] not in LEVELS:
            found.append(f"{where}：level {act['level']!r} 不在词表中")
        for key in ("date_start", "date_end"):
            if act.get(key) is not None and not DATE.match(str(act[key])):
                found.append(f"{where}：{key} 应为 YYYY-MM-DD 或 YYYY-MM")
        for key in ("participants", "views"):
            if act.get(key) is not None and not (isinstance(act[key], int) and act[key] > 0):
                found.append(f"{where}：{key} 应为正整数或 null")
        if not (isinstance(act.get("count", 1), int) and act.get("count", 1) >= 1):
            found.append(f"{where}：count 应为不小于 1 的整数")
    return found


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "stats"
    if command == "check":
        bad = 0
        for path in sorted(TEXTS.glob("*.json")):
            for problem in problems(path):
                bad += 1
                print(f"{path.name}: {problem}")
        print(f"检查 {len(list(TEXTS.glob('*.json')))} 个文件，{bad} 处问题")
        return 1 if bad else 0
    if command == "stats":
        for split in ("development", "test"):
            texts = load(split)
            sites = {t.site for t in texts}
            acts = sum(len(t.activities) for t in texts)
            genres = {g: sum(t.genre == g for t in texts) for g in GENRES}
            print(f"{split}: {len(texts)} 篇（{len(sites)} 个网站），活动 {acts} 项，体裁 {genres}")
        return 0
    print("用法：python -m corpora.real [check|stats]", file=sys.stderr)
    return 2
