"""The pipeline, end to end: text → spaCy Doc → quote and cue candidates →
attribution → document-level resolution → Claims.

An `Extractor` compiles its pattern set and finders once and reuses them for
every document; `claimx.extract` keeps one per (pipeline, outlet, pattern
files) so repeated calls cost no set-up.
"""
from __future__ import annotations

import logging
import os
import re
import warnings
from collections import OrderedDict
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence, TypeAlias, TypedDict, TypeGuard

from .attribution import attribute
from .context import CUE_COLS, OUTLET_COLS, Context, token_columns
from .cues import CueFinder
from .claim import Claim, Claims
from .errors import ArgumentError, DocumentTooLongError
from .gating import Gate, introductions
from .pipelines import PipelineRunner, check_pipeline, irregular_forms, load_model
from .outlets import OutletFinder
from .patterns import PatternSet, load_patterns
from .quotes import QuoteScanner, top_level
from .resolve import resolve
from .tokens import TokenRepairs

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

# Texts longer than this are parsed in paragraph-aligned pieces, one piece at
# a time, then joined back into one Doc: spaCy's max_length is never the
# failure mode, and peak memory follows the piece, not the document.
CHUNK_CHARS = 50_000

ON_ERROR = ("raise", "skip", "log")
TOO_LONG = ("refuse", "truncate")
MODES = ("full", "fast")

# A lone surrogate (from JSON's "\ud800" or a broken decoder) cannot be
# encoded, and spaCy's string store raises on it. Each is replaced by U+FFFD:
# one character for one, so every offset stays valid against the caller's
# own text as well as against `Claims.text`.
_SURROGATE = re.compile("[\ud800-\udfff]")

# `make_doc` keeps the text it tokenised here: spaCy's `doc.text` joins every
# token anew on each access, a cost claimx need not pay for its own Docs.
TEXT_KEY = "claimx.text"

StrPath: TypeAlias = str | os.PathLike[str]
PatternPaths: TypeAlias = StrPath | Sequence[StrPath]
"""What `patterns=` takes: a pattern file, or a list (or tuple) of them."""
ErrorHandler: TypeAlias = Callable[[int, object, Exception], object]
"""`on_error` as a function: called with (index, item, exception) for a document that failed."""


class Limits(TypedDict):
    """The length limit arguments, passed on as keywords."""

    max_chars: int | None
    too_long: str


def replace_surrogates(text: str) -> str:
    """`text` with every surrogate code point replaced by U+FFFD (same length)."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


class DocumentTruncatedWarning(UserWarning):
    """A text longer than `max_chars` was cut, with `too_long="truncate"`."""


class Extractor:
    """A reusable claim extractor bound to one spaCy pipeline and pattern set.

    `max_chars` caps the length of a document; a longer one is refused with
    `DocumentTooLongError` (`too_long="refuse"`) or cut at a paragraph or
    sentence end before the cap, with a `DocumentTruncatedWarning`
    (`too_long="truncate"`).

    `mode="fast"` parses only the sentences that can hold a claim (a
    quotation, a cue word, a colon at the end, a person's first mention);
    NER still runs on every sentence, so speakers resolve to names given
    anywhere. It applies to texts; a Doc passed in is used as it is.
    """

    def __init__(self, nlp: Language | str | None = None, *, outlet: str | None = None,
                 patterns: PatternPaths | None = None, max_chars: int | None = None,
                 too_long: str = "refuse", mode: str = "full") -> None:
        nlp, outlet, paths = check_settings(nlp, outlet, patterns)
        self.max_chars = check_max_chars(max_chars)
        self.too_long = check_too_long(too_long)
        self.mode = check_mode(mode)
        if isinstance(nlp, str):
            nlp = load_model(nlp)
        if nlp is not None:
            check_pipeline(nlp)
        self._nlp: Language | None = nlp
        self._runner: PipelineRunner | None = None
        self._gate: Gate | None = None
        self.patterns: PatternSet = load_patterns(paths, outlet=outlet)
        self.outlet = outlet
        self.author = self.patterns.author
        self._quotes = QuoteScanner.from_patterns(self.patterns)
        self._cues = CueFinder(self.patterns)
        self._repair_tokens = TokenRepairs(self.patterns)
        self._outlets = OutletFinder(self.patterns)
        if nlp is not None:
            self.runner  # noqa: B018 - a pipeline fast mode cannot run fails here, not on first use

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_model()
        return self._nlp

    @property
    def runner(self) -> PipelineRunner:
        """How this extractor runs its pipeline (built with the pipeline)."""
        if self._runner is None:
            runner = PipelineRunner(self.nlp)
            if self.mode == "fast" and runner.gated_problem:
                raise ArgumentError(f"claimx: mode='fast' cannot run the pipeline "
                                    f"{self.nlp.meta.get('name', '')!r}: {runner.gated_problem}. Use mode='full'.")
            self._runner = runner
        return self._runner

    @property
    def gate(self) -> Gate:
        """Fast mode's sentence gate (built on first use)."""
        if self._gate is None:
            self._gate = Gate(self.patterns, irregular_forms(self.nlp))
        return self._gate

    # -- parsing -------------------------------------------------------------
    def prepare(self, text: str) -> str:
        """The text claimx parses: surrogates replaced, `max_chars` applied."""
        text = replace_surrogates(text)
        if self.max_chars is None or len(text) <= self.max_chars:
            return text
        if self.too_long == "refuse":
            raise DocumentTooLongError(
                f"claimx: the text has {len(text):,} characters, more than max_chars={self.max_chars:,}; "
                "raise max_chars, or pass too_long='truncate' to keep its beginning")
        cut = split_text(text, self.max_chars)[0]
        warnings.warn(f"claimx: a text of {len(text):,} characters was cut to its first {len(cut):,} "
                      f"(max_chars={self.max_chars:,})", DocumentTruncatedWarning, stacklevel=3)
        return cut

    def parse(self, text: str) -> Doc:
        """Parse `text` (already prepared) into one Doc, piece by piece when it is long."""
        if len(text) <= CHUNK_CHARS:
            return next(self._parse_short([text]))
        from spacy.tokens import Doc

        # One piece at a time: a batch of pieces would hold every piece's
        # parser state at once. The pieces' tensors are not kept.
        docs = [next(self._parse_short([t])) for t in split_text(text, CHUNK_CHARS)]
        for piece in docs:  # from_docs warns of user data it cannot place; the joined Doc gets its own
            piece.user_data.pop(TEXT_KEY, None)
        # spaCy's doc.pyi lacks from_docs's `exclude` (spaCy 3.3+ takes it).
        doc = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]
        if doc.text != text:  # never expected; offsets must slice the input
            raise RuntimeError("claimx: re-joined document text differs from the input")
        doc.user_data[TEXT_KEY] = text
        return doc

    def _parse_short(self, texts: list[str], n_process: int = 1, batch_size: int = 32) -> Iterator[Doc]:
        """Parse texts of at most CHUNK_CHARS, in this extractor's mode."""
        if self.mode == "full" and len(texts) == 1:
            return iter([self.runner(self.make_doc(texts[0]))])
        if self.mode == "full":
            return self.runner.pipe((self.make_doc(t) for t in texts), n_process=n_process, batch_size=batch_size)
        return iter(self._parse_gated(texts, batch_size))

    def _parse_gated(self, texts: list[str], batch_size: int) -> list[Doc]:
        return self.runner.pipe_gated([self.make_doc(t) for t in texts], self._select, max(batch_size, 64))

    def _select(self, doc: Doc) -> list[tuple[int, int, bool]]:
        """Fast mode: the sentences of `doc` (token offsets), each with whether to parse it."""
        import numpy
        from spacy.attrs import IDX

        if not len(doc):
            return []
        text = doc_text(doc)
        quoted = [(q.open, q.end) for q in self._quotes.scan(text)]
        starts = doc.to_array(IDX)
        return [(int(numpy.searchsorted(starts, s)), int(numpy.searchsorted(starts, e)), keep)
                for s, e, keep in self.gate.select(text, quoted, introductions(doc))]

    def make_doc(self, text: str) -> Doc:
        """Tokenise `text` with sentence starts fixed at paragraph breaks, so
        the parser never joins a sub-heading to the sentence after it."""
        doc = mark_paragraph_starts(self._repair_tokens(self.nlp.make_doc(text)))
        doc.user_data[TEXT_KEY] = text
        return doc

    # -- extraction ----------------------------------------------------------
    def __call__(self, text_or_doc: str | Doc) -> Claims:
        if isinstance(text_or_doc, str):
            return self.claims(self.parse(self.prepare(text_or_doc)))
        return self.claims(self._checked_doc(text_or_doc, "claimx.extract"))

    def _checked_doc(self, doc: object, who: str) -> Doc:
        """`doc` when it is a spaCy Doc claimx can read, else a clear error."""
        if not _looks_like_doc(doc):
            raise ArgumentError(f"{who} takes a str or a spaCy Doc, not {type(doc).__name__}")
        if len(doc) and not doc.has_annotation("DEP"):
            raise ArgumentError(
                f"{who}: this Doc has no dependency parse (was it made by spacy.blank or a pipeline "
                "without a parser?). Pass the text instead, or a Doc from a pipeline with a parser and NER.")
        if self.max_chars is not None and len(text := doc_text(doc)) > self.max_chars:
            if self.too_long == "refuse":
                raise DocumentTooLongError(f"{who}: the Doc has {len(text):,} characters, more than "
                                           f"max_chars={self.max_chars:,}")
            end = len(split_text(text, self.max_chars)[0])
            warnings.warn(f"claimx: a Doc of {len(text):,} characters was cut to its first {end:,} "
                          f"(max_chars={self.max_chars:,})", DocumentTruncatedWarning, stacklevel=3)
            span = doc.char_span(0, end, alignment_mode="contract")
            doc = span.as_doc() if span is not None else doc[:0].as_doc()
        return doc

    def claims(self, doc: Doc) -> Claims:
        """The claims in an already parsed Doc."""
        text = doc_text(doc)
        if not text.strip() or len(doc) == 0:
            return Claims(text=text)
        ctx = self.context(doc, text)
        drafts = attribute(ctx)
        return resolve(drafts, ctx)

    def context(self, doc: Doc, text: str | None = None) -> Context:
        """What the frames read of a parsed Doc: its quotations, cues and
        outlets found, and its columns read once (`text` is the Doc's text)."""
        text = doc_text(doc) if text is None else text
        cols = token_columns(doc)  # one read of the integer columns for the finders and the context
        return Context(
            doc=doc, text=text, patterns=self.patterns, quotes=top_level(self._quotes.scan(text)),
            cues=self._cues.find(doc, cols[:, CUE_COLS]), outlets=self._outlets.find(doc, cols[:, OUTLET_COLS]),
            author=self.author, columns=cols,
        )

    def pipe(self, texts: Iterable[str | Doc], *, n_process: int = 1, batch_size: int = 32,
             on_error: str | ErrorHandler = "raise") -> Iterator[Claims]:
        """One list of claims per input text or Doc, in input order.

        `on_error` decides what a document that fails does to the run:
        "raise" (the default) stops it with that document's exception, after
        yielding every document before it; "skip" and "log" (which also logs a
        warning) yield an empty `Claims` whose `.error` says what went wrong,
        so results stay aligned with inputs; a callable gets
        `(index, item, exception)` and the document is skipped as with "skip".
        Documents are isolated: one failure never costs the others of its batch.
        """
        if isinstance(texts, (str, bytes)) or hasattr(texts, "ents"):
            raise ArgumentError("claimx.extract_many takes an iterable of texts or Docs, not a single "
                                f"{type(texts).__name__}; for one text use claimx.extract(text), or wrap it: [text]")
        if not hasattr(texts, "__iter__"):
            raise ArgumentError(f"claimx.extract_many takes an iterable of texts or Docs, not {type(texts).__name__}")
        n_process = check_count("n_process", n_process, allow_all=True)
        batch_size = check_count("batch_size", batch_size)
        if self.mode == "fast" and n_process != 1:
            raise ArgumentError("claimx.extract_many: mode='fast' runs in one process (n_process=1); for more "
                                "processes run claimx.dask or claimx.spark with mode='fast', or one CLI per process")
        handler = _error_handler(on_error)
        return self._pipe(iter(texts), n_process, batch_size, handler)

    def _pipe(self, items: Iterator[object], n_process: int, batch_size: int,
              handler: ErrorHandler | None) -> Iterator[Claims]:
        batch: list[object] = []
        first = 0
        # Each call of nlp.pipe with several processes starts its workers anew:
        # give it many batches at a time, so starting them is paid rarely.
        workers = n_process if n_process > 0 else (os.cpu_count() or 1)
        chunk = batch_size if workers == 1 else max(256, batch_size * workers * 8)
        while True:
            try:
                item = next(items)
            except StopIteration:
                break
            except Exception:
                # The input itself failed: finish what it gave before passing the error on.
                yield from self._run_batch(batch, first, n_process, batch_size, handler)
                raise
            batch.append(item)
            if len(batch) >= chunk:
                yield from self._run_batch(batch, first, n_process, batch_size, handler)
                first += len(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch, first, n_process, batch_size, handler)

    def _run_batch(self, batch: list[object], first: int, n_process: int, batch_size: int,
                   handler: ErrorHandler | None) -> Iterator[Claims]:
        # Prepare every item first; one that cannot be read is that item's error alone.
        prepared: list[str | Doc | _Failed] = []
        for item in batch:
            try:
                if isinstance(item, str):
                    prepared.append(self.prepare(item))
                else:
                    prepared.append(self._checked_doc(item, "claimx.extract_many"))
            except Exception as exc:  # noqa: BLE001 - handed to the caller's policy
                prepared.append(_Failed(exc))
        short = [p for p in prepared if isinstance(p, str) and len(p) <= CHUNK_CHARS]
        shared: Iterator[Doc] | None = None
        try:
            shared = self._parse_short(short, n_process, batch_size) if short else None
        except Exception:  # noqa: BLE001 - the batch is parsed one by one below
            pass
        for k, (item, p) in enumerate(zip(batch, prepared)):
            try:
                if isinstance(p, _Failed):
                    raise p.exc
                doc: Doc | None
                if isinstance(p, str) and len(p) <= CHUNK_CHARS:
                    doc = None
                    if shared is not None:
                        try:
                            doc = next(shared)
                        except Exception:  # noqa: BLE001
                            # The shared batch broke on some document of it: parse
                            # the rest one by one, so the fault lands on its own.
                            shared = None
                    doc = doc if doc is not None else next(self._parse_short([p]))
                elif isinstance(p, str):
                    doc = self.parse(p)
                else:
                    doc = p
                result = self.claims(doc)
            except Exception as exc:  # noqa: BLE001
                if handler is None:
                    raise
                handler(first + k, item, exc)
                result = Claims(text=p if isinstance(p, str) else getattr(item, "text", ""),
                                error=f"{type(exc).__name__}: {exc}")
            yield result


def _looks_like_doc(obj: object) -> TypeGuard[Doc]:
    """Whether `obj` has what claimx reads of a spaCy Doc (checked by attribute, not by class)."""
    return hasattr(obj, "text") and hasattr(obj, "ents") and hasattr(obj, "has_annotation")


class _Failed:
    """An input item that could not be prepared, with the reason."""

    __slots__ = ("exc",)

    def __init__(self, exc: Exception) -> None:
        self.exc = exc


# -- arguments ---------------------------------------------------------------

def check_settings(nlp: Language | str | None, outlet: str | None, patterns: PatternPaths | None
                   ) -> tuple[Language | str | None, str | None, list[StrPath] | None]:
    """The (nlp, outlet, patterns) arguments checked and normalised, or an
    ArgumentError naming the argument and what it takes. (The checks are for
    callers without a type checker: they may pass anything.)"""
    if not (nlp is None or isinstance(nlp, str) or (hasattr(nlp, "pipeline") and hasattr(nlp, "make_doc"))):
        raise ArgumentError(f"claimx: nlp must be a spaCy pipeline (spacy.load(...)) or its name, not "
                            f"{type(nlp).__name__} {nlp!r}"[:300])
    if outlet is not None and not isinstance(outlet, str):
        raise ArgumentError(f"claimx: outlet must be an outlet name such as 'presstv' (see "
                            f"claimx.available_outlets()), not {type(outlet).__name__} {outlet!r}"[:300])
    paths: list[StrPath] | None = None
    if isinstance(patterns, (str, os.PathLike)):
        paths = [patterns]  # one file given alone
    elif patterns is not None:
        if not isinstance(patterns, (list, tuple)) or not all(isinstance(p, (str, os.PathLike)) for p in patterns):
            raise ArgumentError("claimx: patterns must be a path to a pattern file, or a list of paths, not "
                                f"{type(patterns).__name__} {patterns!r}"[:300])
        paths = list(patterns)
    return nlp, outlet, paths


def check_mode(mode: object) -> str:
    if not isinstance(mode, str) or mode not in MODES:
        raise ArgumentError(f"claimx: mode must be one of {', '.join(map(repr, MODES))}, not {mode!r}")
    return mode


def check_too_long(too_long: object) -> str:
    if not isinstance(too_long, str) or too_long not in TOO_LONG:
        raise ArgumentError(f"claimx: too_long must be one of {', '.join(map(repr, TOO_LONG))}, not {too_long!r}")
    return too_long


def check_max_chars(max_chars: object) -> int | None:
    if max_chars is None:
        return None
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1:
        raise ArgumentError(f"claimx: max_chars must be a positive whole number of characters or None, "
                            f"not {max_chars!r}")
    return max_chars


def check_count(name: str, value: object, allow_all: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not (value >= 1 or (allow_all and value == -1)):
        what = "a whole number of at least 1" + (" (or -1 for one per CPU)" if allow_all else "")
        raise ArgumentError(f"claimx.extract_many: {name} must be {what}, not {value!r}")
    return value


def _error_handler(on_error: str | ErrorHandler) -> ErrorHandler | None:
    """None for "raise", else a function (index, item, exception)."""
    if callable(on_error):
        return on_error
    if on_error == "raise":
        return None
    if on_error == "skip":
        return lambda index, item, exc: None
    if on_error == "log":
        return lambda index, item, exc: log.warning("claimx: document %d skipped: %s: %s",
                                                    index, type(exc).__name__, exc)
    raise ArgumentError(f"claimx.extract_many: on_error must be one of {', '.join(map(repr, ON_ERROR))} "
                        f"or a function (index, item, exception), not {on_error!r}")


def doc_text(doc: Doc) -> str:
    """`doc.text`, from the string `make_doc` kept when it still spells the
    Doc (checked at both ends: cheap, and a Doc's text never changes after
    tokenising, so a mismatch means the data came from elsewhere)."""
    text = doc.user_data.get(TEXT_KEY)
    if not isinstance(text, str) or not len(doc):
        return doc.text
    last = doc[-1]
    if last.idx + len(last.text_with_ws) == len(text) and text.startswith(doc[0].text) \
            and text.startswith(last.text, last.idx):
        return text
    return doc.text


def mark_paragraph_starts(doc: Doc) -> Doc:
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
    pieces: list[str] = []
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


_CACHE: OrderedDict[tuple[object, ...], Extractor] = OrderedDict()


def get_extractor(nlp: Language | str | None = None, outlet: str | None = None, patterns: PatternPaths | None = None,
                  *, max_chars: int | None = None, too_long: str = "refuse", mode: str = "full") -> Extractor:
    """A cached Extractor for these settings (built on first use)."""
    nlp, outlet, paths = check_settings(nlp, outlet, patterns)
    key = (nlp if isinstance(nlp, str) or nlp is None else id(nlp), outlet,
           tuple(str(p) for p in paths or ()), max_chars, too_long, mode)
    ext = _CACHE.get(key)
    if ext is None or (nlp is not None and not isinstance(nlp, str) and ext._nlp is not nlp):
        ext = Extractor(nlp, outlet=outlet, patterns=paths, max_chars=max_chars, too_long=too_long, mode=mode)
        _CACHE[key] = ext
        while len(_CACHE) > 8:
            _CACHE.popitem(last=False)
    _CACHE.move_to_end(key)
    return ext


def extract(text_or_doc: str | Doc, *, outlet: str | None = None, nlp: Language | str | None = None,
            patterns: PatternPaths | None = None, max_chars: int | None = None, too_long: str = "refuse",
            mode: str = "full") -> Claims:
    """The claims in one text (or parsed spaCy Doc), in document order.

    Any `str` is accepted: lone surrogates become U+FFFD (offsets unchanged),
    and empty or odd text gives no claims rather than an error. `mode="fast"`
    parses only the sentences that can hold a claim (see `Extractor`).

    >>> [(c.kind, c.speaker_text, c.text) for c in extract("“We will not give in,” the minister said on Monday.")]
    [('direct', 'the minister', 'We will not give in')]
    """
    return get_extractor(nlp, outlet, patterns, max_chars=max_chars, too_long=too_long, mode=mode)(text_or_doc)


def extract_many(texts: Iterable[str | Doc], *, outlet: str | None = None, nlp: Language | str | None = None,
                 patterns: PatternPaths | None = None, n_process: int = 1, batch_size: int = 32,
                 on_error: str | ErrorHandler = "raise", max_chars: int | None = None,
                 too_long: str = "refuse", mode: str = "full") -> Iterator[Claims]:
    """One list of claims per text, in input order (see `Extractor.pipe` for `on_error`,
    `Extractor` for `mode`)."""
    ext = get_extractor(nlp, outlet, patterns, max_chars=max_chars, too_long=too_long, mode=mode)
    return ext.pipe(texts, n_process=n_process, batch_size=batch_size, on_error=on_error)
