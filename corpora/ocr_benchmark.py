"""OCR speed and accuracy on A4 pages of the sample summaries, as scans and photos.

    python -m corpora.ocr_benchmark [--pages 6]

Each page of a sample PDF is rendered at the OCR resolution and read three
ways: as a clean scan, as a worn flatbed scan (slightly rotated, grey, noisy,
JPEG) and as a phone photo (perspective, uneven light, a red seal, blur). The
truth is the page's own text layer (without its page number, which OCR
output drops too). The character error rate (CER) is the Levenshtein distance
between the text of the paragraphs OCR gives and the truth, whitespace
removed, over the length of the truth. Time is wall-clock per page, OCR only (the
first page, which loads the models, is timed apart), with the CPU time beside
it because other work on the machine inflates the wall-clock figure.

The degradations are public: the tests make their scans and photos with them.
"""

from __future__ import annotations

import argparse
import io
import math
import random
import re
import statistics
import time
from pathlib import Path

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter
from rapidfuzz.distance import Levenshtein

from extractors.normalize import normalize_text
from extractors.parse.ocr import DPI, ocr_image
from extractors.parse.outline import is_page_number

SAMPLES = Path(__file__).parent / "samples"


def render_page(pdf_bytes: bytes, page: int, dpi: int = DPI) -> Image.Image:
    """Page `page` (1-based) of a PDF as an RGB picture: a perfect scan."""
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        return pdf[page - 1].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        pdf.close()


def page_text(pdf_bytes: bytes, page: int) -> str:
    """The text layer of one page, page number left out: the truth a scan of it should give back."""
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        text = pdf.pages[page - 1].dedupe_chars().extract_text(x_tolerance_ratio=0.3)
    return "\n".join(line for line in text.splitlines() if not is_page_number(normalize_text(line)))


def cer(found: str, truth: str) -> float:
    """Character error rate, whitespace ignored (layout spaces are not characters read)."""
    found, truth = re.sub(r"\s+", "", found), re.sub(r"\s+", "", truth)
    return Levenshtein.distance(found, truth) / max(len(truth), 1)


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def _noise(image: Image.Image, sigma: float, rng: random.Random) -> Image.Image:
    pixels = np.asarray(image, dtype=np.float32)
    noisy = pixels + np.random.default_rng(rng.randrange(2**32)).normal(0, sigma, pixels.shape)
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


def scan_like(page: Image.Image, seed: int = 0) -> Image.Image:
    """A worn flatbed scan: grey paper, rotated about a degree, speckled, saved as JPEG."""
    rng = random.Random(seed)
    grey = page.convert("L").point(lambda v: 40 + v * 0.78)  # grey paper, toner not quite black
    rotated = grey.rotate(rng.uniform(0.6, 1.2) * rng.choice((-1, 1)), resample=Image.Resampling.BICUBIC,
                          expand=True, fillcolor=235)
    return _jpeg(_noise(rotated.convert("RGB"), 8, rng), 70)


def _perspective(size: tuple[int, int], corners: list[tuple[float, float]]) -> list[float]:
    """Coefficients for Image.transform mapping the output rectangle onto `corners` of the input."""
    w, h = size
    rows, rhs = [], []
    for (x, y), (u, v) in zip([(0, 0), (w, 0), (w, h), (0, h)], corners):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return np.linalg.solve(np.array(rows, dtype=float), np.array(rhs, dtype=float)).tolist()


def _seal(image: Image.Image, centre: tuple[int, int], radius: int) -> None:
    """A red official seal (ring and star) printed over the text, as on signed notices."""
    overlay = Image.new("RGB", image.size, "white")
    draw = ImageDraw.Draw(overlay)
    x, y = centre
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=(220, 40, 40), width=max(radius // 12, 3))
    star = [(x + radius * 0.35 * (1 if i % 2 == 0 else 0.4) * math.sin(i * math.pi / 5),
             y - radius * 0.35 * (1 if i % 2 == 0 else 0.4) * math.cos(i * math.pi / 5)) for i in range(10)]
    draw.polygon(star, fill=(220, 40, 40))
    # Ink multiplies with the paper, it does not cover it.
    blended = np.asarray(image, dtype=np.float32) * np.asarray(overlay, dtype=np.float32) / 255
    image.paste(Image.fromarray(blended.astype(np.uint8)))


def photo_like(page: Image.Image, seed: int = 0) -> Image.Image:
    """A phone photo of the printed page on a desk: skewed, unevenly lit, sealed, soft, JPEG."""
    rng = random.Random(seed)
    paper = page.convert("RGB")
    w, h = paper.size
    _seal(paper, (int(w * 0.7), int(h * 0.45)), int(w * 0.09))
    # The page on a darker desk, seen slightly from one side.
    desk_w, desk_h = int(w * 1.12), int(h * 1.08)
    desk = Image.new("RGB", (desk_w, desk_h), (120, 105, 90))
    desk.paste(paper, ((desk_w - w) // 2, (desk_h - h) // 2))
    jitter = lambda: rng.uniform(0.0, 0.03)  # noqa: E731
    corners = [(desk_w * jitter(), desk_h * jitter()), (desk_w * (1 - jitter()), desk_h * jitter()),
               (desk_w * (1 - jitter()), desk_h * (1 - jitter())), (desk_w * jitter(), desk_h * (1 - jitter()))]
    photo = desk.transform(desk.size, Image.Transform.PERSPECTIVE, _perspective(desk.size, corners),
                           resample=Image.Resampling.BICUBIC)
    # Light falls off towards one corner, with a warm cast.
    yy, xx = np.mgrid[0:desk_h, 0:desk_w].astype(np.float32)
    light = 1.0 - 0.35 * (xx / desk_w * 0.6 + yy / desk_h * 0.4)
    tinted = np.asarray(photo, dtype=np.float32) * light[..., None] * np.array([1.0, 0.97, 0.9])
    photo = Image.fromarray(np.clip(tinted, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.8))
    return _jpeg(_noise(photo, 5, rng), 75)


def _pages(count: int) -> list[tuple[str, bytes, int]]:
    """Up to `count` body pages, spread over the samples (first and second pages alternate)."""
    chosen = []
    for i, path in enumerate(sorted(SAMPLES.glob("*.pdf"))):
        if len(chosen) == count:
            break
        chosen.append((path.name, path.read_bytes(), 1 + i % 2))
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6, help="A4 pages to read (each three ways)")
    args = parser.parse_args()
    pages = _pages(args.pages)
    start = time.perf_counter()
    ocr_image(render_page(pages[0][1], pages[0][2]))
    print(f"首页（含模型加载）：{time.perf_counter() - start:.2f} 秒")
    results: dict[str, list[tuple[float, float, float]]] = {"清晰扫描": [], "旧扫描件": [], "手机照片": []}
    for name, data, number in pages:
        clean = render_page(data, number)
        truth = page_text(data, number)
        for label, image in (("清晰扫描", clean), ("旧扫描件", scan_like(clean, number)),
                             ("手机照片", photo_like(clean, number))):
            wall, cpu = time.perf_counter(), time.process_time()
            blocks = ocr_image(image)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            error = cer("".join(block.text for block in blocks), truth)
            results[label].append((error, wall, cpu))
            print(f"{name} 第{number}页 {label}：CER {error:.2%}，{wall:.2f} 秒（CPU {cpu:.2f} 秒）")
    print(f"\nA4 页（{DPI} dpi）      CER    秒/页  CPU秒/页")
    for label, rows in results.items():
        errors, walls, cpus = zip(*rows)
        print(f"{label:　<8} {statistics.mean(errors):6.2%} {statistics.mean(walls):7.2f} {statistics.mean(cpus):8.2f}")


if __name__ == "__main__":
    main()
