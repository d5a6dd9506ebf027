"""The text layer of one PDF page, read from PDFium's characters and set into lines.

PDFium reads a page twenty-odd times faster than pdfminer interprets it and
hands over each character's code, box and size in a few C calls; it already
drops the second copy of a faux-bold glyph (the same glyph again within 7%
of an em, or the same run of text drawn again on top of itself). Lines are built the way pdfplumber's
`extract_text_lines(x_tolerance_ratio=0.3)` builds them, which is what the
paragraph rules were tuned on: characters whose tops lie within 3 pt form
a line, read left to right, with a space wherever the gap to the next
character is wider than 0.3 of the font size.

PDFium is not thread-safe, not even across documents: every call into it
must hold `PDFIUM_LOCK`.
"""

from __future__ import annotations

import ctypes
import math
import re
import statistics
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

import pypdfium2.raw as pdfium_c

from extractors.models import BlockKind

PDFIUM_LOCK = threading.RLock()

# Characters whose tops lie this close (pt) are on one line (pdfplumber's y_tolerance).
LINE_TOLERANCE = 3
BASELINE_TOLERANCE = 0.5
LIST_NUMBER = re.compile(r"^(?:\d{1,3}[.、．]|[（(]\d{1,3}[)）]|[①-⑳])$")
# A gap wider than this share of the font size separates two words (pdfplumber's x_tolerance_ratio).
WORD_GAP_RATIO = 0.3
# Spaces and line breaks, which PDFium also inserts between characters of its own accord.
GENERATED = (0x20, 0x0D, 0x0A)
# PDFium's code for a hyphen that ends a line inside a word.
HYPHEN = 0x02
# A page whose characters are mostly unmapped glyphs is as good as scanned.
UNREADABLE_SHARE = 0.5


@dataclass
class Line:
    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    # HEADER or FOOTER for a running head or page number in the margin; None for body text.
    running: BlockKind | None = None
    # Where the words start after a list number ("3." set apart by Word's numbering): the
    # hanging indent the item's next lines align with. `x0` when the line has no number.
    body_x0: float | None = None


class Char(NamedTuple):
    """One glyph in page coordinates as a reader sees the page: y grows downwards from the top edge."""

    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str


class PageChars(NamedTuple):
    chars: list[Char]
    unreadable: bool


class Matrix(NamedTuple):
    """A PDF transformation matrix [a b c d e f]: (x, y) -> (a*x + c*y + e, b*x + d*y + f)."""

    a: float
    b: float
    c: float
    d: float
    e: float
    f: float

    def apply(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    def then(self, other: Matrix) -> Matrix:
        """This transformation followed by `other`."""
        return Matrix(
            self.a * other.a + self.b * other.c, self.a * other.b + self.b * other.d,
            self.c * other.a + self.d * other.c, self.c * other.b + self.d * other.d,
            self.e * other.a + self.f * other.c + other.e, self.e * other.b + self.f * other.d + other.f,
        )


IDENTITY = Matrix(1, 0, 0, 1, 0, 0)


def object_matrix(obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, m)
    return Matrix(m.a, m.b, m.c, m.d, m.e, m.f)


def page_view(page) -> tuple[Matrix, float]:
    """From PDF user space to the page as displayed (/Rotate applied, y down from the top edge), and its height."""
    left, bottom, right, top = page.get_bbox()
    rotation = page.get_rotation()
    view = {
        0: Matrix(1, 0, 0, -1, -left, top),
        90: Matrix(0, 1, 1, 0, -bottom, -left),
        180: Matrix(-1, 0, 0, 1, right, -bottom),
        270: Matrix(0, -1, -1, 0, top, right),
    }[rotation]
    return view, top - bottom if rotation in (0, 180) else right - left


def read_chars(textpage, view: Matrix) -> PageChars:
    """Every character PDFium found on the page, and whether most of them have no Unicode meaning.

    PDFium's own guesses (spaces and line breaks it inserts) are left out: the
    gaps are judged here. A glyph without a Unicode map comes back as its raw
    code, flagged, which pdfminer would print as "(cid:N)". `view` is the
    page's `page_view`.
    """
    raw = textpage.raw
    box, ox, oy, m = pdfium_c.FS_RECTF(), ctypes.c_double(), ctypes.c_double(), pdfium_c.FS_MATRIX()
    box_ref, ox_ref, oy_ref, m_ref = ctypes.byref(box), ctypes.byref(ox), ctypes.byref(oy), ctypes.byref(m)
    unicode, generated = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsGenerated
    map_error, origin = pdfium_c.FPDFText_HasUnicodeMapError, pdfium_c.FPDFText_GetCharOrigin
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    font_size, matrix = pdfium_c.FPDFText_GetFontSize, pdfium_c.FPDFText_GetMatrix
    a, b, c, d, e, f = view  # spelled out below: this loop runs once per character
    chars: list[Char] = []
    bad = 0
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        code = unicode(raw, i)
        # PDFium inserts spaces and line breaks of its own (asked only of those, as asking costs a call).
        if code == 0 or code in GENERATED and generated(raw, i):
            continue  # no text at all, or PDFium's guess
        if map_error(raw, i) or 0xE000 <= code <= 0xF8FF:
            bad += 1
        origin(raw, i, ox_ref, oy_ref)
        loose_box(raw, i, box_ref)
        matrix(raw, i, m_ref)
        # The size set by Tf, scaled by the text and graphics matrices: the em a reader sees.
        size = font_size(raw, i) * math.hypot(m.c, m.d)
        xa, xb = a * box.left + c * box.bottom + e, a * box.right + c * box.top + e
        baseline = b * ox.value + d * oy.value + f
        # The em box standing on the baseline, as pdfminer draws it for Word's embedded fonts.
        text = "-" if code == HYPHEN else chr(code)
        chars.append(Char(min(xa, xb), max(xa, xb), baseline - size, baseline, size, text))
    return PageChars(chars, bad > UNREADABLE_SHARE * len(chars))


def build_lines(chars: list[Char], page: int) -> list[Line]:
    """Text lines top to bottom, words separated by one space, as pdfplumber sets them."""
    lines = []
    for group in _line_groups(sorted(chars, key=lambda c: c.top)):
        words: list[list[Char]] = []
        word: list[Char] = []
        for char in sorted(group, key=lambda c: c.x0):
            if char.text.isspace():
                if word:
                    words.append(word)
                word = []
                continue
            if word:
                last = word[-1]
                if char.x0 > last.x1 + WORD_GAP_RATIO * last.size or abs(char.top - last.top) > LINE_TOLERANCE:
                    words.append(word)
                    word = []
            word.append(char)
        if word:
            words.append(word)
        if not words:
            continue
        kept = [c for w in words for c in w]
        numbered = len(words) > 1 and LIST_NUMBER.match("".join(c.text for c in words[0]))
        lines.append(Line(
            " ".join("".join(c.text for c in w) for w in words), page,
            min(c.x0 for c in kept), max(c.x1 for c in kept),
            min(c.top for c in kept), max(c.bottom for c in kept),
            statistics.median(c.size for c in kept),
            body_x0=words[1][0].x0 if numbered else None,
        ))
    return lines


def _line_groups(chars: list[Char]) -> list[list[Char]]:
    """Runs of characters, sorted by top, each top within the tolerance of the one before.

    A glyph in a smaller size on the same baseline (Word's list number "3." in 11 pt
    before 16 pt text) joins the line it stands on, not a line of its own.
    """
    groups: list[list[Char]] = []
    for char in chars:
        if groups and (char.top <= groups[-1][-1].top + LINE_TOLERANCE
                       or any(abs(char.bottom - c.bottom) <= BASELINE_TOLERANCE for c in groups[-1][-3:])):
            groups[-1].append(char)
        else:
            groups.append([char])
    return groups


def page_objects(page, kind: int) -> Iterator[tuple[object, Matrix]]:
    """Raw page objects of one type, each with the matrix of the forms it sits in (form XObjects opened)."""
    stack = [(pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, page.raw, IDENTITY)]
    while stack:
        count, get, parent, outer = stack.pop()
        for i in range(count(parent)):
            obj = get(parent, i)
            found = pdfium_c.FPDFPageObj_GetType(obj)
            if found == kind:
                yield obj, outer
            elif found == pdfium_c.FPDF_PAGEOBJ_FORM:
                inner = object_matrix(obj).then(outer)
                stack.append((pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, obj, inner))


def has_image(page) -> bool:
    return next(page_objects(page, pdfium_c.FPDF_PAGEOBJ_IMAGE), None) is not None
