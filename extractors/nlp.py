"""The spaCy pipeline: Chinese with jieba tokens, plus kaohe's rule components.

Each component is registered by name and reads one thing into a `Doc._`
attribute; the pipeline is assembled from `PIPELINE` so a component can be
swapped or dropped by configuration. Every statement becomes one Doc, with
`Doc._.year` (the assessment year) set before the components run.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractors import classify, details
from extractors.dates import find_dates, without_dateline
from extractors.quantities import find_quantities

# Docs the pipeline holds at once (the components are rules: batching buys no speed).
BATCH = 64
PIPELINE = ("kaohe_dates", "kaohe_quantities", "kaohe_type", "kaohe_level", "kaohe_status", "kaohe_details")

for _name in ("year", "context", "dates", "quantities", "type", "level", "status", "title", "location", "organizer"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


# Where `analyze` leaves each Doc's text (see `_text`).
_TEXT = "kaohe.text"


def _text(doc: Doc) -> str:
    """The statement's text as `analyze` was given it: spaCy joins `Doc.text` from the tokens on every access."""
    return doc.user_data.get(_TEXT) or doc.text


def _span_group(doc: Doc, name: str, found) -> None:
    spans = [doc.char_span(f.start, f.end, alignment_mode="expand") for f in found]
    doc.spans[name] = [s for s in spans if s is not None]


@Language.component("kaohe_dates")
def dates_component(doc: Doc) -> Doc:
    doc._.dates = without_dateline(_text(doc), find_dates(_text(doc), doc._.year))
    _span_group(doc, "dates", doc._.dates)
    return doc


@Language.component("kaohe_quantities")
def quantities_component(doc: Doc) -> Doc:
    doc._.quantities = find_quantities(_text(doc))
    _span_group(doc, "quantities", doc._.quantities)
    return doc


@Language.component("kaohe_type")
def type_component(doc: Doc) -> Doc:
    doc._.type = classify.read_type(_text(doc), doc._.context or ())
    return doc


@Language.component("kaohe_level")
def level_component(doc: Doc) -> Doc:
    doc._.level = classify.read_level(_text(doc))
    return doc


@Language.component("kaohe_status")
def status_component(doc: Doc) -> Doc:
    doc._.status = classify.read_status(_text(doc), doc._.dates or [], doc._.year)
    return doc


@Language.component("kaohe_details")
def details_component(doc: Doc) -> Doc:
    text = _text(doc)
    doc._.title = details.read_title(text)
    doc._.location = details.read_location(text)
    doc._.organizer = details.read_organizer(text)
    return doc


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """A blank Chinese pipeline on a private jieba tokenizer, with the rule components.

    A private `jieba.Tokenizer` keeps any words added for kaohe out of the
    process-wide jieba dictionary (field notes). It starts from a copy of the
    dictionary spaCy has just loaded into jieba's default tokenizer: loading
    it again from disk would cost another second and ~70 MB.
    """
    import jieba

    jieba.setLogLevel(60)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    private = jieba.Tokenizer()
    private.FREQ, private.total, private.initialized = dict(jieba.dt.FREQ), jieba.dt.total, True
    nlp.tokenizer.jieba_seg = private
    for name in PIPELINE:
        nlp.add_pipe(name)
    return nlp


def analyze(texts: list[tuple[str, tuple[str, ...]]], year: int | None) -> Iterator[Doc]:
    """Run the pipeline over (statement text, heading context) pairs, yielding one Doc per pair in order.

    Docs come out in small batches as they are read, so a long document's
    Docs are never all in memory at once: the caller keeps what it needs
    from each and lets it go.
    """
    nlp = pipeline()

    def made() -> Iterator[Doc]:
        for text, context in texts:
            doc = nlp.make_doc(text)
            doc.user_data[_TEXT] = text
            doc._.year = year
            doc._.context = context
            yield doc

    return nlp.pipe(made(), batch_size=BATCH)
