"""Image files (PNG, JPG): photos and scans of one page, read by OCR.

Phone photos carry their orientation in EXIF rather than in the pixels, and
may be huge; both are dealt with before OCR, so boxes refer to the picture as
a reviewer sees it.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from extractors.models import Block
from extractors.parse.base import Limits, ParsedFile, parsed, register
from extractors.parse.errors import ParseError
from extractors.parse.ocr import READ_SIDE, OcrUnavailable, ocr_image

# A 100-megapixel phone photo is plausible; more is a decompression bomb.
MAX_PIXELS = 120_000_000


def load_image(data: bytes, name: str) -> Image.Image:
    """The picture upright, in RGB on white, no larger than `READ_SIDE`; ParseError if unreadable."""
    try:
        with warnings.catch_warnings():
            # Size is checked here, against our own limit, before any pixel is decoded.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise ParseError(name, f"图片过大（{image.width}×{image.height} 像素），请缩小后再提交")
            image.load()
    except ParseError:
        raise
    except Image.DecompressionBombError as error:
        raise ParseError(name, "图片过大，请缩小后再提交") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ParseError(name, "图片文件损坏或无法解析") from error
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P", "PA"):
        # Transparent areas are paper: put them on white, not black.
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    image = image.convert("RGB")
    if max(image.size) > READ_SIDE:
        image.thumbnail((READ_SIDE, READ_SIDE), Image.Resampling.LANCZOS)
    return image


def parse_image(data: bytes, name: str) -> tuple[list[Block], list[str]]:
    """Paragraph blocks of the picture (page 1) and a warning on what OCR made of it.

    Boxes are in pixels of the picture once upright and scaled to `READ_SIDE`.
    """
    image = load_image(data, name)
    try:
        blocks = ocr_image(image)
    except OcrUnavailable as error:
        raise ParseError(name, f"图片需要 OCR 识别，但{error}") from error
    return blocks, ["图片已 OCR 识别，文字可能有误，请核对" if blocks else "图片中未识别到文字"]


@register
class ImageParser:
    name = "image"
    kinds = ("png", "jpg")

    def parse(self, data: bytes, name: str, kind: str, doc_id: str, limits: Limits) -> ParsedFile:
        blocks, warnings = parse_image(data, name)
        return parsed(data, name, kind, doc_id, blocks, needs_ocr=[1], warnings=warnings)
