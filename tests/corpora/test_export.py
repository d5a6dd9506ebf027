"""The PDF export behind the accuracy reports: a PDF LibreOffice did not write is an error, never an empty reading."""

from pathlib import Path

import pytest

from corpora import export


def fake_libreoffice(monkeypatch, writes) -> list[list[str]]:
    """LibreOffice as seen in long runs: exit 0, some PDFs never written (`writes` decides which)."""
    runs: list[list[str]] = []

    def convert(binary: str, sources: list[Path], out_dir: Path) -> None:
        runs.append([s.name for s in sources])
        for source in sources:
            if writes(source, len(runs)):
                (out_dir / f"{source.stem}.pdf").write_bytes(b"%PDF-1.4\n")

    monkeypatch.setattr(export, "soffice", lambda: "soffice")
    monkeypatch.setattr(export, "_convert", convert)
    return runs


def sources(tmp_path: Path, count: int) -> list[Path]:
    paths = [tmp_path / f"总结{i}.docx" for i in range(count)]
    for path in paths:
        path.write_bytes(b"PK")
    return paths


def test_files_a_run_left_unwritten_are_converted_again(tmp_path, monkeypatch):
    runs = fake_libreoffice(monkeypatch, lambda source, run: run > 1 or source.stem.endswith(("1", "3")))
    pdfs = export.docx_to_pdf(sources(tmp_path, 5), tmp_path / "pdf")
    assert all(pdf.exists() for pdf in pdfs)
    assert runs[-1] == ["总结0.docx", "总结2.docx", "总结4.docx"]


def test_long_lists_go_to_libreoffice_in_chunks(tmp_path, monkeypatch):
    runs = fake_libreoffice(monkeypatch, lambda source, run: True)
    export.docx_to_pdf(sources(tmp_path, export.CHUNK + 3), tmp_path / "pdf")
    assert [len(run) for run in runs] == [export.CHUNK, 3]


def test_a_pdf_never_written_is_an_error_naming_the_file(tmp_path, monkeypatch):
    fake_libreoffice(monkeypatch, lambda source, run: source.stem != "总结2")
    with pytest.raises(RuntimeError, match="总结2.docx"):
        export.docx_to_pdf(sources(tmp_path, 4), tmp_path / "pdf")
