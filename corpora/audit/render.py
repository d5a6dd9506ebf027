"""Evidence as offices hand it in: Word files, PDFs exported from Word, scans and photos.

Scans are the exported PDF's pages rendered at `SCAN_DPI` (as a flatbed
scanner set to 150 dpi gives them), either straight and white (a scanner
app's "document" mode) or worn (`corpora.ocr_benchmark.scan_like`: grey,
rotated about a degree, speckled, JPEG). A page a scanner app drew itself is
typeset here with a CJK font. Photos of events are drawn too: a hall or a
field, people, and at most a banner of text. What each scan truly says is
kept, so OCR can be scored against it.
"""

from __future__ import annotations

import functools
import io
import random
import re
import subprocess
from pathlib import Path

import numpy as np
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from corpora.audit.model import Paper
from corpora.ocr_benchmark import page_text, render_page, scan_like
from corpora.writer import OfficialDocument

SCAN_DPI = 150
JPEG_QUALITY = 70
A4_PX = (round(21 / 2.54 * SCAN_DPI), round(29.7 / 2.54 * SCAN_DPI))
MARGIN_PX = round(2.8 / 2.54 * SCAN_DPI)


class EvidencePaper(OfficialDocument):
    """A one-off document (notice, news print-out, contract, sheet): A4, official margins, no running header."""

    def _page_setup(self, header_text: str) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def write_docx(paper: Paper, path: Path) -> Path:
    doc = EvidencePaper(paper.title)
    if paper.opening:
        doc.paragraph(paper.opening, indent=False)
    for text in paper.paragraphs:
        doc.paragraph(text)
    if paper.table:
        doc.table(*paper.table)
    if paper.closing:
        doc.paragraph("", indent=False)
    for line in paper.closing:
        doc.paragraph(line, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT).paragraph_format.right_indent = Pt(32)
    return doc.save(path)


def scan_pages(pdf: Path, degraded: bool, seed: int) -> list[tuple[Image.Image, str]]:
    """Each page of `pdf` as a greyscale scan, with the page's true text (whitespace removed)."""
    import pypdfium2 as pdfium

    data = pdf.read_bytes()
    count = len(pdfium.PdfDocument(data))
    pages = []
    for number in range(1, count + 1):
        page = render_page(data, number, dpi=SCAN_DPI)
        image = scan_like(page, seed + number) if degraded else page
        pages.append((image.convert("L"), re.sub(r"\s+", "", page_text(data, number))))
    return pages


def save_jpeg(image: Image.Image, path: Path) -> Path:
    image.save(path, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return path


def save_image_pdf(images: list[Image.Image], path: Path) -> Path:
    """The pages as a PDF of JPEG pictures only, as a scanner writes it (no text layer)."""
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=SCAN_DPI,
                   quality=JPEG_QUALITY)
    return path


def save_png(image: Image.Image, path: Path) -> Path:
    # Sixteen greys are all a scanner app keeps of black text on white; the file stays small.
    image.convert("L").quantize(16).save(path, "PNG", optimize=True)
    return path


@functools.cache
def cjk_font(family: str, size: int) -> ImageFont.FreeTypeFont:
    """A CJK face by fontconfig family name (fonts-noto-cjk: corpora/install-tools.sh)."""
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}|%{index}|%{family}", family],
                               capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise RuntimeError("未找到 fontconfig（fc-match）：请先运行 corpora/install-tools.sh") from error
    path, index, families = found.split("|", 2)
    if "CJK" not in families:
        raise RuntimeError(f"未安装中文字体“{family}”：请先运行 corpora/install-tools.sh")
    return ImageFont.truetype(path, size, index=int(index))


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float, indent: float) -> list[str]:
    lines, line, room = [], "", width - indent
    for ch in text:
        if font.getlength(line + ch) > room:
            lines.append(line)
            line, room = "", width
        line += ch
    return [*lines, line] if line else lines


def draw_page(paper: Paper) -> Image.Image:
    """The paper typeset on a clean A4 page at `SCAN_DPI`: serif body, bold title, signature on the right.

    Every character of `paper.lines()` is drawn once, in reading order, so
    those lines are the page's true text.
    """
    if paper.table:
        raise ValueError("drawn pages have no tables; export a Word file for a sheet")
    title_font, body_font = cjk_font("Noto Serif CJK SC:bold", 40), cjk_font("Noto Serif CJK SC", 30)
    page = Image.new("L", A4_PX, 255)
    draw = ImageDraw.Draw(page)
    width = A4_PX[0] - 2 * MARGIN_PX
    y = round(3.2 / 2.54 * SCAN_DPI)
    for line in _wrap(paper.title, title_font, width, 0):
        draw.text(((A4_PX[0] - title_font.getlength(line)) / 2, y), line, font=title_font, fill=0)
        y += 64
    y += 40
    em = body_font.size
    blocks = ([(paper.opening, 0)] if paper.opening else []) + [(p, 2 * em) for p in paper.paragraphs]
    for text, indent in blocks:
        for i, line in enumerate(_wrap(text, body_font, width, indent)):
            draw.text((MARGIN_PX + (indent if i == 0 else 0), y), line, font=body_font, fill=0)
            y += 54
    y += 54
    for line in paper.closing:
        draw.text((A4_PX[0] - MARGIN_PX - 2 * em - body_font.getlength(line), y), line, font=body_font, fill=0)
        y += 54
    if y > A4_PX[1] - MARGIN_PX:
        raise ValueError(f"“{paper.title}”一页排不下")
    return page


def _noisy_jpeg(image: Image.Image, rng: random.Random, sigma: float) -> Image.Image:
    pixels = np.asarray(image.filter(ImageFilter.GaussianBlur(1.0)), dtype=np.float32)
    noisy = pixels + np.random.default_rng(rng.randrange(2**32)).normal(0, sigma, pixels.shape)
    buffer = io.BytesIO()
    Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=JPEG_QUALITY)
    return Image.open(io.BytesIO(buffer.getvalue()))


def _person(draw: ImageDraw.ImageDraw, x: float, y: float, scale: float, rng: random.Random) -> None:
    """A seated or standing figure seen from behind: shoulders and a head of dark hair."""
    shirt = rng.choice([(40, 50, 80), (200, 200, 205), (90, 60, 50), (30, 30, 35), (120, 130, 150)])
    draw.rounded_rectangle((x - 34 * scale, y, x + 34 * scale, y + 70 * scale), radius=int(18 * scale), fill=shirt)
    draw.ellipse((x - 17 * scale, y - 40 * scale, x + 17 * scale, y + 2 * scale), fill=(25, 22, 20))


def draw_photo(banner: str | None, setting: str, seed: int) -> Image.Image:
    """A phone photo of an event: a meeting hall with a red banner, or a village field; blurred, noisy, JPEG."""
    rng = random.Random(seed)
    w, h = 1280, 960
    photo = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(photo)
    if setting == "hall":
        draw.rectangle((0, 0, w, h), fill=(214, 204, 186))
        draw.rectangle((0, int(h * 0.62), w, h), fill=(120, 84, 60))  # floor
        draw.rectangle((int(w * 0.3), int(h * 0.2), int(w * 0.7), int(h * 0.5)), fill=(200, 215, 235))  # screen
        rows = [(0.66, 0.7), (0.76, 0.85), (0.88, 1.0)]
    else:
        for y in range(int(h * 0.45)):
            draw.line((0, y, w, y), fill=(150 + y // 8, 190 + y // 12, 235))
        draw.rectangle((0, int(h * 0.45), w, h), fill=(88, 140, 60))
        for _ in range(60):  # rows of crops
            x, y = rng.uniform(0, w), rng.uniform(h * 0.5, h)
            draw.ellipse((x - 30, y - 8, x + 30, y + 8), fill=(60, 115, 45))
        rows = [(0.55, 0.9), (0.7, 1.1)]
    if banner:
        font = cjk_font("Noto Sans CJK SC:bold", 44)
        text_w = font.getlength(banner)
        top = int(h * (0.06 if setting == "hall" else 0.3))
        draw.rectangle(((w - text_w) / 2 - 40, top, (w + text_w) / 2 + 40, top + 80), fill=(196, 30, 36))
        draw.text(((w - text_w) / 2, top + 12), banner, font=font, fill=(255, 236, 160))
    for y_share, scale in rows:
        for x in np.linspace(60, w - 60, rng.randint(7, 10)):
            _person(draw, x + rng.uniform(-20, 20), h * y_share + rng.uniform(-8, 8), scale, rng)
    return _noisy_jpeg(photo, rng, 6)
