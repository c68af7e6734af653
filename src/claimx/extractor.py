"""The pipeline, end to end: text → spaCy Doc → quote and cue candidates →
attribution → document-level resolution → Claims.

An `Extractor` compiles its pattern set and finders once and reuses them for
every document; `claimx.extract` keeps one per (pipeline, outlet, pattern
files) so repeated calls cost no set-up.
"""
from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Iterable, Iterator

from .attribution import attribute
from .context import Context
from .cues import CueFinder
from .claim import Claim, Claims
from .pipelines import check_pipeline, load_model
from .outlets import OutletFinder
from .patterns import PatternSet, load_patterns
from .quotes import QuoteScanner, top_level
from .resolve import resolve

log = logging.getLogger(__name__)

# Texts longer than this are parsed in paragraph-aligned pieces, then joined
# back into one Doc, so spaCy's max_length is never the failure mode.
CHUNK_CHARS = 50_000


class Extractor:
    """A reusable claim extractor bound to one spaCy pipeline and pattern set."""

    def __init__(self, nlp=None, *, outlet: str | None = None, patterns: list | None = None):
        if isinstance(nlp, str):
            nlp = load_model(nlp)
        if nlp is not None:
            check_pipeline(nlp)
        self._nlp = nlp
        self.patterns: PatternSet = load_patterns(patterns, outlet=outlet)
        self.outlet = outlet
        self.author = self.patterns.author
        self._quotes = QuoteScanner.from_patterns(self.patterns)
        self._cues = CueFinder(self.patterns)
        self._outlets = OutletFinder(self.patterns)

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_model()
        return self._nlp

    # -- parsing -------------------------------------------------------------
    def parse(self, text: str):
        """Parse `text` into one Doc, in pieces when it is long."""
        if len(text) <= CHUNK_CHARS:
            return self.nlp(self.make_doc(text))
        from spacy.tokens import Doc

        docs = list(self.nlp.pipe(self.make_doc(t) for t in split_text(text, CHUNK_CHARS)))
        doc = Doc.from_docs(docs, ensure_whitespace=False)
        if doc.text != text:  # never expected; offsets must slice the input
            raise RuntimeError("claimx: re-joined document text differs from the input")
        return doc

    def make_doc(self, text: str):
        """Tokenise `text` with sentence starts fixed at paragraph breaks, so
        the parser never joins a sub-heading to the sentence after it."""
        return mark_paragraph_starts(self.nlp.make_doc(text))

    # -- extraction ----------------------------------------------------------
    def __call__(self, text_or_doc) -> list[Claim]:
        return self.claims(self._as_doc(text_or_doc))

    def _as_doc(self, text_or_doc):
        if isinstance(text_or_doc, str):
            return self.parse(text_or_doc)
        if hasattr(text_or_doc, "text") and hasattr(text_or_doc, "ents"):
            return text_or_doc
        raise TypeError(f"claimx.extract takes a str or a spaCy Doc, not {type(text_or_doc).__name__}")

    def claims(self, doc) -> list[Claim]:
        """The claims in an already parsed Doc."""
        text = doc.text
        if not text.strip() or len(doc) == 0:
            return Claims(text=text)
        quotes = top_level(self._quotes.scan(text))
        ctx = Context(
            doc=doc, text=text, patterns=self.patterns, quotes=quotes,
            cues=self._cues.find(doc), outlets=self._outlets.find(doc), author=self.author,
        )
        drafts = attribute(ctx)
        return resolve(drafts, ctx)

    def pipe(self, texts: Iterable, *, n_process: int = 1, batch_size: int = 32) -> Iterator[list[Claim]]:
        """One list of claims per input text or Doc, in input order."""
        batch: list = []
        for item in texts:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch, n_process, batch_size)
                batch = []
        if batch:
            yield from self._run_batch(batch, n_process, batch_size)

    def _run_batch(self, batch, n_process, batch_size):
        short = [x for x in batch if isinstance(x, str) and len(x) <= CHUNK_CHARS]
        for x in batch:
            if not isinstance(x, str) and not (hasattr(x, "text") and hasattr(x, "ents")):
                raise TypeError(f"claimx.extract_many takes str or spaCy Doc items, not {type(x).__name__}")
        docs = (self.make_doc(x) for x in short)
        parsed = iter(self.nlp.pipe(docs, n_process=n_process, batch_size=batch_size)) if short else iter(())
        for x in batch:
            if isinstance(x, str) and len(x) <= CHUNK_CHARS:
                yield self.claims(next(parsed))
            else:
                yield self(x)


def mark_paragraph_starts(doc):
    """Start a sentence at every paragraph break of an unparsed Doc; the
    parser keeps boundaries that are already set."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if not tok.is_space and ("\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)):
            tok.is_sent_start = True
    return doc


def split_text(text: str, limit: int) -> list[str]:
    """Cut `text` into pieces of at most about `limit` characters, at paragraph
    breaks where possible, else at a sentence end or a space. The pieces
    concatenate back to `text` exactly."""
    pieces = []
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + limit)
        if end < n:
            cut = text.rfind("\n", start + limit // 2, end)
            if cut < 0:
                cut = text.rfind(". ", start + limit // 2, end)
                cut = cut + 1 if cut >= 0 else text.rfind(" ", start + limit // 2, end)
            end = cut + 1 if cut >= 0 else end
        pieces.append(text[start:end])
        start = end
    return pieces


_CACHE: "OrderedDict[tuple, Extractor]" = OrderedDict()


def get_extractor(nlp=None, outlet: str | None = None, patterns: list | None = None) -> Extractor:
    """A cached Extractor for these settings (built on first use)."""
    key = (nlp if isinstance(nlp, str) or nlp is None else id(nlp), outlet,
           tuple(str(p) for p in patterns or ()))
    ext = _CACHE.get(key)
    if ext is None or (nlp is not None and not isinstance(nlp, str) and ext._nlp is not nlp):
        ext = Extractor(nlp, outlet=outlet, patterns=patterns)
        _CACHE[key] = ext
        while len(_CACHE) > 8:
            _CACHE.popitem(last=False)
    _CACHE.move_to_end(key)
    return ext


def extract(text_or_doc, *, outlet: str | None = None, nlp=None, patterns: list | None = None) -> list[Claim]:
    """The claims in one text (or spaCy Doc), in document order.

    >>> claims = extract("“We will not give in,” the minister said on Monday.")  # doctest: +SKIP
    """
    return get_extractor(nlp, outlet, patterns)(text_or_doc)


def extract_many(texts: Iterable, *, outlet: str | None = None, nlp=None, patterns: list | None = None,
                 n_process: int = 1, batch_size: int = 32) -> Iterator[list[Claim]]:
    """One list of claims per text, in input order."""
    return get_extractor(nlp, outlet, patterns).pipe(texts, n_process=n_process, batch_size=batch_size)
