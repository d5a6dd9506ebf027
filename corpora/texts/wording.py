"""Dates and numbers written the many ways society offices write them, each with its true value."""

from __future__ import annotations

import random
from dataclasses import dataclass

import cn2an

YEAR = 2021
PARTS_OF_MONTH = ("上旬", "中旬", "下旬", "初", "底")


@dataclass(frozen=True)
class When:
    """A date as written, with the ISO values a careful reader gives it."""

    text: str
    start: str | None
    end: str | None = None


def _iso(month: int, day: int | None = None, year: int = YEAR) -> str:
    return f"{year}-{month:02d}" if day is None else f"{year}-{month:02d}-{day:02d}"


def cn_number(n: int) -> str:
    """Chinese numerals as typed in prose ("十二", "一百二十")."""
    return cn2an.an2cn(n)


def cn_date_year(month: int, year: int = YEAR) -> str:
    """"二〇二一年十月" — how a formal line spells a month."""
    digits = "〇一二三四五六七八九"
    return "".join(digits[int(c)] for c in str(year)) + "年" + cn_number(month) + "月"


def day(rng: random.Random, month: int, *, with_year: bool = False, year: int = YEAR) -> When:
    d = rng.randint(1, 28)
    prefix = f"{year}年" if with_year else ""
    return When(f"{prefix}{month}月{d}日", _iso(month, d, year))


def some_date(rng: random.Random, month: int, year: int = YEAR, single: bool = True) -> When:
    """A date for an event: mostly a day, sometimes a span of days or just the month."""
    styles = ["day"] * 6 + ["year_day"] * 2 + ["month_part"] * 2 + (["range", "range_dash"] if not single else [])
    style = rng.choice(styles)
    if style == "day":
        return day(rng, month, year=year)
    if style == "year_day":
        return day(rng, month, with_year=True, year=year)
    if style == "month_part":
        return When(f"{month}月{rng.choice(PARTS_OF_MONTH)}", _iso(month, year=year))
    return span(rng, month, dash=style == "range_dash", year=year)


def span(rng: random.Random, month: int, *, dash: bool = False, year: int = YEAR) -> When:
    d = rng.randint(1, 24)
    d2 = d + rng.randint(1, 4)
    joint = rng.choice(["—", "-"]) if dash else "至"
    return When(f"{month}月{d}日{joint}{d2}日", _iso(month, d, year), _iso(month, d2, year))


def month_only(rng: random.Random, month: int, year: int = YEAR) -> When:
    text = rng.choice([f"{month}月", f"{month}月份", f"{month}月{rng.choice(PARTS_OF_MONTH)}"])
    return When(text, _iso(month, year=year))


def people(rng: random.Random, n: int, unit: str = "人") -> str:
    """"300余人", "三百余人", "近200人", "1.2万人次" — all read as n."""
    if n >= 10000:
        wan = n / 10000
        text = f"{wan:g}万" if round(wan, 1) == wan else f"{n}"
        return text + rng.choice(["余", ""]) + unit
    forms = [f"{n}余{unit}", f"{n}多{unit}", f"{n}余{unit}"]
    if n % 100 == 0 or (n < 100 and n % 10 == 0):
        forms += [f"{cn_number(n)}余{unit}", f"近{n}{unit}"]
    return rng.choice(forms)


def times(rng: random.Random, n: int, unit: str) -> str:
    """A count of events: "12场", "十二场", "两期"."""
    if n == 2:
        return rng.choice(["两", "2"]) + unit
    return rng.choice([str(n), cn_number(n)]) + unit
