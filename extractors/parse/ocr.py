"""Text from pictures of pages: scanned PDF pages, photos and image files.

Evidence arrives as flatbed scans and phone photos: grey, slightly rotated,
noisy, with no text layer. rapidocr-onnxruntime runs PaddleOCR's Chinese
models offline (they ship in its wheel). Its own pipeline detects text at
close to full resolution, which costs seconds per A4 page; here detection runs
on a copy scaled to `DETECT_SIDE` pixels and each line is then read from the
full-resolution picture, which keeps small punctuation legible. Lines come back
with their boxes, are put in reading order (deskewed by the page's own slant)
and grouped into paragraphs, so evidence can be shown where it sits on the page.

The OCR engine is optional at import time: without it, `OcrUnavailable` says
so in Chinese and the caller names the file.
"""

from __future__ import annotations

import functools
import math
import re
import statistics
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extractors.models import BODY_KINDS, Block
from extractors.normalize import normalize_text
from extractors.parse.outline import classify, is_page_number, numbering_level

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

# PDF pages are rendered at this resolution: body text (16 pt) is then ~44 px
# high, close to the 48 px the recogniser reads lines at.
DPI = 200
# Text is detected on a copy whose long side is this many pixels (A4 at ~140 dpi).
DETECT_SIDE = 1600
# Larger pictures (phone photos) are scaled down to this long side before reading.
READ_SIDE = 4000
# Lines the recogniser is less sure of are mostly specks, stamps and table rules.
MIN_SCORE = 0.5
# Page numbers are dropped only inside the top and bottom bands of the page.
MARGIN_BAND = 0.08
# Paragraph rules in line heights (see FIELD-NOTES: justified Word text).
INDENT_EMS = 0.8
SHORT_LINE_EMS = 1.5
EXTRA_GAP_EMS = 0.6
# Beyond this many scanned pages in one PDF the rest is left unread (seconds per page add up).
MAX_OCR_PAGES = 100
INSTALL_HINT = "未安装 OCR 组件 rapidocr-onnxruntime（请执行 pip install rapidocr-onnxruntime）"

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
# The recogniser's usual misreadings of Chinese punctuation, fixed only where
# the neighbours show Chinese text (FIELD-NOTES: OCR of summaries).
_PUNCTUATION = (
    (re.compile("丶"), "、"),
    # A full stop read as a dot or a degree sign: after a Chinese character and
    # before another, a digit or the end of the line ("3.10月" is untouched).
    (re.compile(f"(?<=[{_CJK}])[·•°.](?=[{_CJK}0-9]|$)"), "。"),
    (re.compile(f"(?<=[{_CJK}]),|,(?=[{_CJK}])"), "，"),
    (re.compile(f"(?<=[{_CJK}]):|:(?=[{_CJK}])"), "："),
    (re.compile(f"(?<=[{_CJK}]);|;(?=[{_CJK}])"), "；"),
    (re.compile(f"(?<=[{_CJK}])!"), "！"),
    (re.compile(f"(?<=[{_CJK}])\\?"), "？"),
    (re.compile(f"\\((?=[{_CJK}])"), "（"),
    (re.compile(f"(?<=[{_CJK}])\\)"), "）"),
)
# A comma read as a closing quote: after a Chinese character, before another or at the line end.
_COMMA_AS_QUOTE = re.compile(f"(?<=[{_CJK}])[’'](?=[{_CJK}]|$)")
_QUOTES = re.compile('[“”"]')


class OcrUnavailable(RuntimeError):
    """The OCR engine cannot be loaded; the message says why, in Chinese."""


@dataclass(frozen=True)
class OcrLine:
    """One line of recognised text and where it sits, in pixels of the picture read."""

    text: str
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    score: float

    @property
    def height(self) -> float:
        return self.bbox[3] - self.bbox[1]


def fix_punctuation(text: str) -> str:
    """Chinese punctuation in one line that the recogniser misread as look-alikes, restored from context."""
    for pattern, mark in _PUNCTUATION:
        text = pattern.sub(mark, text)
    if "‘" not in text:
        text = _COMMA_AS_QUOTE.sub("，", text)
    return text


def balance_quotes(text: str) -> str:
    """Double quotes of a Chinese paragraph set as pairs “…”.

    The recogniser often reads ” as “ (and either as a straight quote). Done on
    a whole paragraph, since a quotation may open on one line and close on the
    next; left alone when a quote is missing (an odd count), as pairs are then unknown.
    """
    count = len(_QUOTES.findall(text))
    if count % 2 or not re.search(f"[{_CJK}]", text):
        return text
    marks = iter("“”" * (count // 2))
    return _QUOTES.sub(lambda _: next(marks), text)


class _Engine:
    """rapidocr's detector and recogniser, used separately (see the module docstring)."""

    def __init__(self) -> None:
        try:
            import cv2
            import numpy
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as error:
            raise OcrUnavailable(INSTALL_HINT) from error
        except Exception as error:  # e.g. OpenCV present but a system library missing
            raise OcrUnavailable(f"OCR 组件无法加载（{error}）") from error
        self.cv2, self.np = cv2, numpy
        # One thread per process: onnxruntime's spinning thread pool costs ~70% more CPU
        # per page on two cores, and batch runs get their parallelism from worker processes.
        self.ocr = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
        # rapidocr keeps per-call state in its detector: one page at a time.
        self.lock = threading.Lock()

    def read(self, image: Image.Image) -> list[OcrLine]:
        cv2, np = self.cv2, self.np
        # The models were trained on OpenCV's BGR order (it matters for red seals over black text).
        bgr = np.ascontiguousarray(np.asarray(image.convert("RGB"))[..., ::-1])
        scale = min(1.0, DETECT_SIDE / max(bgr.shape[:2]))
        small = cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else bgr
        lines = []
        with self.lock:
            quads, _ = self.ocr(small, use_det=True, use_cls=False, use_rec=False)
            for quad in quads or []:
                quad = np.array(quad, dtype=np.float32) / scale
                found, _ = self.ocr(self._crop(bgr, quad), use_det=False, use_cls=False, use_rec=True)
                text, score = found[0] if found else ("", 0.0)
                if score >= MIN_SCORE and text.strip():
                    xs, ys = quad[:, 0], quad[:, 1]
                    bbox = (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))
                    lines.append((OcrLine(fix_punctuation(text.strip()), bbox, float(score)), quad))
        return _reading_order(lines)

    def _crop(self, picture: np.ndarray, quad: np.ndarray) -> np.ndarray:
        """The line under `quad`, straightened (a slanted scan gives slanted boxes)."""
        cv2, np = self.cv2, self.np
        width = int(max(np.linalg.norm(quad[0] - quad[1]), np.linalg.norm(quad[2] - quad[3])))
        height = int(max(np.linalg.norm(quad[0] - quad[3]), np.linalg.norm(quad[1] - quad[2])))
        target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
        matrix = cv2.getPerspectiveTransform(quad, target)
        return cv2.warpPerspective(picture, matrix, (max(width, 1), max(height, 1)),
                                   borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)


@functools.cache
def _engine() -> _Engine:
    return _Engine()


def ocr_available() -> bool:
    """Whether the OCR engine loads here (loading it, so the first page is not slowed by it)."""
    try:
        _engine()
    except OcrUnavailable:
        return False
    return True


def ocr_page_image(image: Image.Image) -> list[OcrLine]:
    """The text lines of a picture of a page, in reading order; OcrUnavailable without the engine.

    Boxes are in pixels of `image`. Pieces of one visual line (a date set far
    right, a gap in a table row) are joined into one line.
    """
    return _engine().read(image)


def _slant(quads: list) -> float:
    """The page's rotation in radians: the median slope of its longer text lines."""
    angles = [math.atan2(q[1][1] - q[0][1], q[1][0] - q[0][0])
              for q in quads if math.dist(q[0], q[1]) > 3 * max(math.dist(q[0], q[3]), 1)]
    return statistics.median(angles) if angles else 0.0


def _reading_order(found: list[tuple[OcrLine, np.ndarray]]) -> list[OcrLine]:
    """Lines top to bottom, pieces of one visual line joined left to right.

    Positions are compared on the deskewed page, so a scan rotated by a degree
    or two still has its lines in order; boxes stay as found.
    """
    if not found:
        return []
    angle = _slant([q.tolist() for _, q in found])
    cos, sin = math.cos(-angle), math.sin(-angle)

    def straightened(quad) -> tuple[float, float, float, float]:
        xs = [x * cos - y * sin for x, y in quad.tolist()]
        ys = [x * sin + y * cos for x, y in quad.tolist()]
        return min(xs), min(ys), max(xs), max(ys)

    pieces = sorted(((straightened(q), line) for line, q in found), key=lambda p: (p[0][1] + p[0][3]) / 2)
    rows: list[list[tuple[tuple, OcrLine]]] = []
    for box, line in pieces:
        if rows:
            top = statistics.median(b[1] for b, _ in rows[-1])
            bottom = statistics.median(b[3] for b, _ in rows[-1])
            middle = (box[1] + box[3]) / 2
            if top < middle < bottom:
                rows[-1].append((box, line))
                continue
        rows.append([(box, line)])
    return [_join(sorted(row, key=lambda p: p[0][0])) for row in rows]


def _join(row: list[tuple[tuple, OcrLine]]) -> OcrLine:
    lines = [line for _, line in row]
    if len(lines) == 1:
        return lines[0]
    text = normalize_text(" ".join(line.text for line in lines))
    bbox = (min(line.bbox[0] for line in lines), min(line.bbox[1] for line in lines),
            max(line.bbox[2] for line in lines), max(line.bbox[3] for line in lines))
    return OcrLine(text, bbox, min(line.score for line in lines))


class _Layout:
    """Margins, line height and line gap of one page, from its own lines."""

    def __init__(self, lines: list[OcrLine], page_height: float):
        starts, ends = sorted(line.bbox[0] for line in lines), sorted(line.bbox[2] for line in lines)
        # Low and high percentiles, so one stray box does not move the text column.
        self.left = starts[round(0.1 * (len(starts) - 1))]
        self.right = ends[round(0.9 * (len(ends) - 1))]
        gaps = [b.bbox[1] - a.bbox[3] for a, b in zip(lines, lines[1:]) if b.bbox[1] > a.bbox[3]]
        self.gap = statistics.median(gaps) if gaps else 0.0
        self.page_height = page_height

    def starts_paragraph(self, prev: OcrLine, line: OcrLine) -> bool:
        em = statistics.median([prev.height, line.height])
        if line.bbox[0] > self.left + INDENT_EMS * em or prev.bbox[2] < self.right - SHORT_LINE_EMS * em:
            return True
        if abs(line.height - prev.height) > 0.3 * em:
            return True
        if line.bbox[1] - prev.bbox[3] > self.gap + EXTRA_GAP_EMS * em:
            return True
        return numbering_level(line.text) is not None

    def in_margin(self, line: OcrLine) -> bool:
        band = MARGIN_BAND * self.page_height
        return line.bbox[3] < band or line.bbox[1] > self.page_height - band


def paragraphs(lines: list[OcrLine], page: int, page_height: float, scale: float = 1.0) -> list[Block]:
    """Blocks of one page from its lines in reading order; boxes divided by `scale`.

    `scale` turns pixels into the document's units (pixels per PDF point for
    a rendered PDF page, 1 for an image). Page numbers in the margins are dropped.
    """
    if not lines:
        return []
    layout = _Layout(lines, page_height)
    lines = [line for line in lines if not (layout.in_margin(line) and is_page_number(line.text))]
    groups: list[list[OcrLine]] = []
    for line in lines:
        if groups and not layout.starts_paragraph(groups[-1][-1], line):
            groups[-1].append(line)
        else:
            groups.append([line])
    blocks = []
    for group in groups:
        text = balance_quotes(normalize_text(" ".join(line.text for line in group)))
        if not text:
            continue
        kind, level = classify(text)
        bbox = tuple(round(v / scale, 2) for v in (min(line.bbox[0] for line in group), group[0].bbox[1],
                                                   max(line.bbox[2] for line in group), group[-1].bbox[3]))
        blocks.append(Block(kind=kind, text=text, index=0, page=page, level=level, bbox=bbox))
    return blocks


def ocr_image(image: Image.Image, page: int = 1) -> list[Block]:
    """Paragraph blocks of a picture of one page; boxes in its pixels. OcrUnavailable without the engine."""
    return paragraphs(ocr_page_image(image), page, image.height)


def ocr_pdf_pages(data: bytes, pages: list[int]) -> dict[int, list[Block] | None]:
    """Paragraph blocks of the given PDF pages (1-based), rendered at `DPI`; boxes in PDF points.

    A page that cannot be rendered maps to None. OcrUnavailable without the
    engine, before any page is rendered.
    """
    import pypdfium2 as pdfium

    from extractors.parse.pdf_text import PDFIUM_LOCK

    _engine()
    found: dict[int, list[Block] | None] = {}
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(data)
    try:
        for number in pages:
            # PDFium is not thread-safe: render under its lock, read the image outside it.
            with PDFIUM_LOCK:
                page = pdf[number - 1]
                # A poster-sized page is rendered no larger than a photo would be read.
                scale = min(DPI / 72, READ_SIDE / max(page.get_size()))
                try:
                    image = page.render(scale=scale).to_pil()
                except pdfium.PdfiumError:
                    image = None
                finally:
                    page.close()
            found[number] = None if image is None else paragraphs(ocr_page_image(image), number, image.height, scale)
    finally:
        with PDFIUM_LOCK:
            pdf.close()
    return found


def merge_pages(blocks: list[Block], ocr_blocks: dict[int, list[Block]]) -> list[Block]:
    """The document's blocks with each OCR'd page's blocks in its place, body in page order.

    Running headers and footers, which parsers put after the body, stay there.
    """
    body = [b for b in blocks if b.kind in BODY_KINDS]
    rest = [b for b in blocks if b.kind not in BODY_KINDS]
    added = [block for page in sorted(ocr_blocks) for block in ocr_blocks[page]]
    # A stable sort by page keeps each page's own order and puts scanned pages between the others.
    return sorted(body + added, key=lambda b: b.page or 0) + rest


def _label(pages: list[int]) -> str:
    return f"第{'、'.join(map(str, pages))}页"


def read_scanned_pages(data: bytes, blocks: list[Block], pages: list[int],
                       warnings: list[str]) -> tuple[list[Block], list[str]]:
    """A PDF's blocks with its scanned pages read by OCR, and its warnings updated.

    The parser's note that pages need OCR is replaced by what OCR made of them;
    without the engine the text pages are kept and the warning says why the
    others are missing.
    """
    kept = [w for w in warnings if "OCR" not in w]
    todo = pages[:MAX_OCR_PAGES]
    try:
        found = ocr_pdf_pages(data, todo)
    except OcrUnavailable as error:
        return blocks, [*kept, f"{_label(pages)}没有文字层，无法 OCR 识别：{error}"]
    read = {page: found_blocks for page, found_blocks in found.items() if found_blocks}
    notes = [f"{_label(sorted(read))}没有文字层，已 OCR 识别，文字可能有误，请核对"] if read else []
    if blank := [p for p, b in found.items() if b == []]:
        notes.append(f"{_label(blank)}没有文字层，OCR 未识别到文字")
    if broken := [p for p, b in found.items() if b is None]:
        notes.append(f"{_label(broken)}无法渲染，未能 OCR 识别")
    if skipped := pages[MAX_OCR_PAGES:]:
        notes.append(f"扫描页超过{MAX_OCR_PAGES}页，其余{len(skipped)}页（第{skipped[0]}页起）未 OCR 识别")
    return merge_pages(blocks, read), [*kept, *notes]
