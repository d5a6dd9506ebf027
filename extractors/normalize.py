"""Clean-up of text as it comes out of parsers, tuned for Chinese.

PDF text layers scatter stray spaces through Chinese text ("2024 年",
"一 级 指 标", "20 24"), Word documents use ideographic spaces, and fonts map
some glyphs to compatibility or private-use code points (Kangxi radicals for
common characters, Wingdings bullets). Downstream rules match on plain Chinese
text with Chinese punctuation, so this module removes the noise but keeps the
full-width punctuation (，。：（）) exactly as written.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

# Characters around which a space is never meaningful in Chinese text: CJK
# ideographs and radicals, CJK and full-width punctuation, and the dashes,
# quotes and ellipsis that Chinese typesetting uses as full-width marks.
_WIDE = (
    "\u2e80-\u2fdf"  # CJK and Kangxi radicals
    "\u3000-\u303f"  # CJK symbols and punctuation
    "\u3040-\u30ff"  # kana (appear in mixed documents)
    "\u3100-\u312f\u31a0-\u31bf"  # bopomofo
    "\u3200-\u33ff"  # enclosed CJK, compatibility
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # ideographs
    "\ufe30-\ufe4f"  # CJK compatibility forms
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"  # full-width punctuation
    "\u2014\u2015\u2018\u2019\u201c\u201d\u2026\u00b7\u2460-\u24ff"
    "\U00020000-\U0003134f"
)
_SPACE_NEAR_WIDE = re.compile(f"(?<=[{_WIDE}]) +| +(?=[{_WIDE}])")
# A number broken by letter-spacing ("20 24年") next to Chinese text.
_SPLIT_NUMBER = re.compile(
    f"(?<![0-9A-Za-z.])\\d+(?: \\d+)+(?=[{_WIDE}])|(?<=[{_WIDE}])\\d+(?: \\d+)+(?![0-9A-Za-z.])"
)
_SPACES = re.compile(r"[^\S\n]+")
# Only these characters need folding; the rest of the text is left untouched (and fast).
_FOLDABLE = re.compile(
    "[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f\ufb00-\ufb06"
    "\ue000-\uf8ff\U000f0000-\U0010ffff]"
    r"|[^\S\n ]"
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def _fold(ch: str) -> str:
    """One character made plain, where doing so cannot change what the text says."""
    code = ord(ch)
    if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
        return chr(code - 0xFEE0)  # full-width digit or Latin letter
    if 0x2F00 <= code <= 0x2FDF or 0x2E80 <= code <= 0x2EFF or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F:
        # Radicals and compatibility ideographs that PDF fonts use for ordinary characters (⼀ for 一).
        return unicodedata.normalize("NFKC", ch)
    if 0xFB00 <= code <= 0xFB06:
        return unicodedata.normalize("NFKC", ch)  # Latin ligatures (ﬁ)
    if ch.isspace() and ch != "\n":
        return " "  # ideographic and no-break spaces, tabs
    return ""  # private use: symbol-font glyphs (bullets) that carry no words


def normalize_text(s: str) -> str:
    """Normalise one block of text; line breaks are kept, each line cleaned and stripped.

    Whitespace touching a Chinese character or full-width mark is deleted,
    other runs of whitespace become one space, full-width digits and letters
    become ASCII, private-use characters are dropped, empty lines removed.
    """
    s = s.replace("\r\n", "\n").replace("\r", "\n").translate(_ZERO_WIDTH)
    s = _FOLDABLE.sub(lambda m: _fold(m.group()), s)
    lines = []
    for line in s.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        line = _SPACE_NEAR_WIDE.sub("", line)
        line = _SPLIT_NUMBER.sub(lambda m: m.group().replace(" ", ""), line)
        if line:
            lines.append(line)
    return "\n".join(lines)


def shared_run(a: str, b: str) -> str:
    """The longest run of characters two texts share, whitespace ignored (PDF and Word break lines differently)."""
    left, right = "".join(a.split()), "".join(b.split())
    run = SequenceMatcher(None, left, right, autojunk=False).find_longest_match(0, len(left), 0, len(right))
    return left[run.a:run.a + run.size]
