"""How kaohe reads real texts: each labelled text handed in alone, as TXT, as Word DOCX and as its PDF.

Called by `python -m corpora.report --set real-dev|real-test`. Each text is
written to a file of each form (the DOCX typed as an office types it, the
PDF exported from it by LibreOffice when it is installed), read by
`kaohe extract` with the text's assessment year, and its activities compared
with the hand labels by `corpora.report.evaluate`.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from pathlib import Path

from corpora.export import docx_to_pdf, soffice
from extractors.reader import ReaderPolicy, using
from extractors.society import canonical_name
from corpora.real import RealText, load
from corpora.writer import OfficialDocument

FORMS = ("txt", "docx", "pdf")
SPLITS = {"real-dev": "development", "real-test": "test"}
FOLDS = 5

Read = Callable[[Path, int], dict]


def read_alone(path: Path, year: int) -> dict:
    """The contract JSON of `kaohe extract PATH --year YEAR`: one file, nothing added."""
    from ingest.pipeline import run_files

    return run_files([path], None, year, evidence_apart=False)


def write_forms(text: RealText, folder: Path, forms: tuple[str, ...]) -> dict[str, Path]:
    """The text as each form a society could send it in (PDFs are made afterwards, all at once)."""
    paths = {}
    if "txt" in forms:
        paths["txt"] = folder / f"{text.id}.txt"
        paths["txt"].write_text(text.text, encoding="utf-8")
    if "docx" in forms or "pdf" in forms:
        lines = [line.strip() for line in text.text.splitlines() if line.strip()]
        # The text's own first line is its title; no words are added.
        document = OfficialDocument(lines[0] if lines else "", header="")
        for line in lines[1:]:
            document.paragraph(line)
        paths["docx"] = document.save(folder / f"{text.id}.docx")
    return paths


def gold_of(text: RealText) -> dict:
    """The labels in the shape `corpora.report.evaluate` compares with."""
    return {"sample": text.id, "activities": text.activities, "indicators": {}, "statements": []}


def predictions(texts: list[RealText], forms: tuple[str, ...], read: Read = read_alone) -> dict[str, list[dict]]:
    """What kaohe reads from each text in each form, in the order of `texts`."""
    result: dict[str, list[dict]] = {form: [] for form in forms}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = [write_forms(text, folder, forms) for text in texts]
        if "pdf" in forms:
            if soffice() is None:
                raise RuntimeError("未找到 LibreOffice（soffice）：PDF 形式需要先运行 corpora/install-tools.sh")
            pdfs = docx_to_pdf([p["docx"] for p in paths], folder / "pdf")
            for p, pdf in zip(paths, pdfs):
                p["pdf"] = pdf
        for text, p in zip(texts, paths):
            for form in forms:
                result[form].append(read(p[form], text.year))
    return result


def same_body(read: str | None, labelled: str) -> bool:
    """Is the society kaohe read the labelled one (or one of the labelled co-hosts, "A、B")? A short form
    ("省预防医学会") is the full name it ends."""
    if not read:
        return False
    read = canonical_name(read)
    return any(body == read or (len(read) >= 3 and body.endswith(read))
               for body in canonical_name(labelled).split("、"))


def society_agreement(texts: list[RealText], preds: list[dict]) -> dict:
    """How often the society read from a text is the one labelled as its body (texts with a labelled body)."""
    pairs = [(t.body, p.get("society")) for t, p in zip(texts, preds) if t.body]
    right = sum(same_body(read, body) for body, read in pairs)
    unread = sum(not read for _, read in pairs)
    return {"accuracy": right / len(pairs) if pairs else None, "right": right,
            "wrong": len(pairs) - right - unread, "unread": unread, "labelled": len(pairs)}


def fold_of(site: str) -> int:
    """Which of the cross-fitting folds a site's texts fall in (all of a site's texts in one)."""
    return hashlib.sha256(f"fold:{site}".encode()).digest()[0] % FOLDS


def cross_fitted(texts: list[RealText], forms: tuple[str, ...], mode: str) -> dict[str, list[dict]]:
    """Each text read by a reader trained without its site's fold (development figures that are not recited)."""
    from corpora.train import sample_statements, real_statements, train

    samples = sample_statements()
    result: dict[str, list[dict | None]] = {form: [None] * len(texts) for form in forms}
    for fold in range(FOLDS):
        inside = [i for i, t in enumerate(texts) if fold_of(t.site) == fold]
        if not inside:
            continue
        reader = train(real_statements([t for t in texts if fold_of(t.site) != fold]) + samples)
        with using(ReaderPolicy(mode=mode, reader=reader)):
            read = predictions([texts[i] for i in inside], forms)
        for form in forms:
            for i, pred in zip(inside, read[form]):
                result[form][i] = pred
    return result


def texts_of(set_name: str) -> list[RealText]:
    return load(SPLITS[set_name])
