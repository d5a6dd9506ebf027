"""Numbers as Chinese work summaries write them: "三百", "1.2万", "1,200", "二〇二一".

Dates and quantities both read numerals, so the reading lives here once.
cn2an does the Chinese place-value arithmetic; this module adds what it lacks
for summaries (thousands separators, a bare "千" as in "上千人", the letter O
that OCR puts for "〇") and refuses readings cn2an gets wrong: it turns "两三"
(two or three) into 23, so place-less runs of digits are not read as amounts.
"""

from __future__ import annotations

import re
from functools import lru_cache

import cn2an

# Characters that make up a Chinese numeral, for callers building regexes.
CN_NUMERAL_CHARS = "〇零一二两三四五六七八九十百千万亿"
PLACE_CHARS = "十百千万亿"
# A year written digit by digit ("二〇二一"); OCR reads 〇 as the letter O or a circle.
_DIGIT_VALUES = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {
    "零": 0, "○": 0, "O": 0, "o": 0, "Ｏ": 0, "0": 0, "1": 1, "2": 2, "3": 3, "4": 4,
    "5": 5, "6": 6, "7": 7, "8": 8, "9": 9,
}
_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def chinese_number(s: str) -> float | None:
    """The value of a numeral, Arabic, Chinese or mixed ("1.2万"); None if it is not one.

    Whole values come back as `int`. A run of two or more Chinese digits with
    no place character ("两三", "一二") is vague or a digit string, not an
    amount, and gives None; read years with `digit_string`.
    """
    s = s.strip()
    if _GROUPED.fullmatch(s):
        s = s.replace(",", "")
    if _ARABIC.fullmatch(s):
        value = float(s)
        return int(value) if value.is_integer() else value
    return _cn_number(s)


@lru_cache(maxsize=4096)
def _cn_number(s: str) -> float | None:
    # Summaries repeat the same few numerals; the cache keeps cn2an (~15 µs a call) off the hot path.
    if not s or (len(s) > 1 and not any(c in PLACE_CHARS for c in s)):
        return None
    if s[0] in "百千万亿":
        s = "一" + s  # "上千人": a bare place character means one of it
    try:
        value = float(cn2an.cn2an(s, "smart"))
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def digit_string(s: str) -> int | None:
    """A number read digit by digit, as years are written ("二〇二一", "二O二一", "2021")."""
    total = 0
    for ch in s:
        digit = _DIGIT_VALUES.get(ch)
        if digit is None:
            return None
        total = total * 10 + digit
    return total if s else None
