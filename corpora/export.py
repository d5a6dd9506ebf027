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


def docx_to_pdf(sources: list[Path], out_dir: Path) -> list[Path]:
    """Convert each DOCX to a PDF of the same stem in `out_dir`; returns the PDFs."""
    binary = soffice()
    if binary is None:
        raise RuntimeError("未找到 LibreOffice（soffice）：请先运行 corpora/install-tools.sh")
    out_dir.mkdir(parents=True, exist_ok=True)
    # A private profile keeps runs independent of any user's LibreOffice settings.
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [binary, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, sources)],
            check=True, capture_output=True, timeout=600,
        )
    return [out_dir / f"{src.stem}.pdf" for src in sources]
