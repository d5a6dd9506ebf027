"""Export DOCX files to PDF with LibreOffice, the way a society's office would.

LibreOffice and a CJK font are installed by `corpora/install-tools.sh`.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# Files per LibreOffice run: one run over hundreds of files was seen to exit 0 with more than half of the
# PDFs never written, and a report would then score those files as read with nothing in them.
CHUNK = 50


def docx_to_pdf(sources: list[Path], out_dir: Path) -> list[Path]:
    """Convert each DOCX to a PDF of the same stem in `out_dir`; returns the PDFs, every one of them written."""
    binary = soffice()
    if binary is None:
        raise RuntimeError("未找到 LibreOffice（soffice）：请先运行 corpora/install-tools.sh")
    out_dir.mkdir(parents=True, exist_ok=True)
    pdfs = [out_dir / f"{src.stem}.pdf" for src in sources]
    for _ in range(2):  # the files a run left unwritten get one more run
        missing = [src for src, pdf in zip(sources, pdfs) if not pdf.exists()]
        for start in range(0, len(missing), CHUNK):
            _convert(binary, missing[start:start + CHUNK], out_dir)
    unwritten = [src.name for src, pdf in zip(sources, pdfs) if not pdf.exists()]
    if unwritten:
        raise RuntimeError(f"LibreOffice 未能导出 {len(unwritten)} 个 PDF：{'、'.join(unwritten[:5])}")
    return pdfs


def _convert(binary: str, sources: list[Path], out_dir: Path) -> None:
    # A private profile keeps runs independent of any user's LibreOffice settings.
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [binary, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, sources)],
            check=True, capture_output=True, timeout=600,
        )
