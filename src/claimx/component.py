"""The spaCy pipeline component: `nlp.add_pipe("claimx")`.

Claims are stored as plain dicts in `doc.user_data` (they survive DocBin
and multiprocessing) and their content spans in `doc.spans[spans_key]`;
`doc._.claims` is a getter that rebuilds the Claim objects.

A document claimx cannot process raises by default; with `on_error =
"skip"` or `"log"` in the component's config it passes through with no
claims and the reason in `doc._.claims_error`, so no document is lost.
"""
from __future__ import annotations

import json
from pathlib import Path
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc

from .claim import Claim

if TYPE_CHECKING:
    from spacy.training import Example

    from .extractor import Extractor, Limits

USER_DATA_KEY = "claimx.claims"
ERROR_KEY = "claimx.error"


def _get_claims(doc: Doc) -> list[Claim]:
    return [Claim.from_dict(d) for d in doc.user_data.get(USER_DATA_KEY, [])]


def register_extensions() -> None:
    """Register `doc._.claims`; harmless when run again (a re-run notebook cell)."""
    if not Doc.has_extension("claims"):
        Doc.set_extension("claims", getter=_get_claims)
    if not Doc.has_extension("claims_error"):
        Doc.set_extension("claims_error", getter=lambda doc: doc.user_data.get(ERROR_KEY))


PARAGRAPHS = "claimx_paragraphs"


@Language.component(PARAGRAPHS)
def paragraph_starts(doc: Doc) -> Doc:
    """Before the parser runs: the token repairs `claimx.extract` makes
    (`tokens.py`, with the bundled word lists), and sentence starts at
    paragraph breaks so a sub-heading is never parsed into the sentence after
    it."""
    from .extractor import mark_paragraph_starts

    if doc.has_annotation("DEP"):
        return doc  # already parsed: boundaries can no longer be set
    return mark_paragraph_starts(_bundled_repairs()(doc))


@lru_cache(maxsize=1)
def _bundled_repairs() -> Callable[[Doc], Doc]:
    """The token repairs of the bundled pattern set, compiled once."""
    from .patterns import load_patterns
    from .tokens import TokenRepairs

    return TokenRepairs(load_patterns())


class ClaimxComponent:
    """Finds claims in parsed Docs. Its pattern files are part of the
    component: `nlp.to_disk` copies them into the component's folder and
    `spacy.load` reads those copies, so a saved pipeline moves freely."""

    def __init__(self, nlp: Language, name: str, outlet: str | None, patterns: list[str], spans_key: str,
                 on_error: str = "raise", max_chars: int | None = None, too_long: str = "refuse"):
        import logging

        from .errors import ArgumentError
        from .extractor import ON_ERROR

        if on_error not in ON_ERROR:
            raise ArgumentError(f"claimx component: on_error must be one of {', '.join(map(repr, ON_ERROR))}, "
                                f"not {on_error!r}")
        self.on_error = on_error
        self._log = logging.getLogger(__name__)
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.outlet = outlet
        self.limits: Limits = {"max_chars": max_chars, "too_long": too_long}
        # A configured file that is gone may still come back with the saved
        # pipeline (from_disk); it is an error only if it never does.
        self.pattern_files = [str(p) for p in patterns]
        self.missing = [p for p in self.pattern_files if not Path(p).is_file()]
        self.extractor = self._build([p for p in self.pattern_files if p not in self.missing])
        # claimx reads paragraph-aware parses; add the boundary setter at the
        # front of the pipeline once (a saved pipeline already has it). Only
        # now, so a component that failed to build leaves nothing behind.
        if PARAGRAPHS not in nlp.pipe_names:
            nlp.add_pipe(PARAGRAPHS, first=True)
        register_extensions()

    def _build(self, files: list[str]) -> Extractor:
        from .extractor import Extractor

        extractor = Extractor(self.nlp, outlet=self.outlet, patterns=files, **self.limits)
        # What the files held when loaded: saved with the pipeline even if they change or go.
        self.sources = [(Path(f).name, Path(f).read_bytes()) for f in files]
        return extractor

    def initialize(self, get_examples: Callable[[], Iterable[Example]] | None = None, *, nlp: Language | None = None,
                   patterns: list[str] | None = None) -> None:
        """`nlp.initialize()`: with `patterns` (e.g. from `[initialize.components.claimx]`
        in a training config) the component takes these pattern files instead."""
        if patterns is not None:
            self.pattern_files = [str(p) for p in patterns]
            self.missing = []
            self.extractor = self._build(self.pattern_files)

    def __call__(self, doc: Doc) -> Doc:
        try:
            if self.missing:
                from .errors import PatternError, Problem

                raise PatternError([Problem("P001", p, "pattern file not found, and the saved pipeline holds no "
                                                       "copy of it") for p in self.missing])
            claims = self.extractor(doc)
        except Exception as exc:  # noqa: BLE001 - the config's policy decides
            if self.on_error == "raise":
                raise
            if self.on_error == "log":
                self._log.warning("claimx: no claims for a document: %s: %s", type(exc).__name__, exc)
            doc.user_data[ERROR_KEY] = f"{type(exc).__name__}: {exc}"
            doc.user_data[USER_DATA_KEY] = []
            doc.spans[self.spans_key] = []
            return doc
        doc.user_data[USER_DATA_KEY] = [c.to_dict() for c in claims]
        spans = []
        for c in claims:
            span = doc.char_span(c.content[0], c.content[1], label=c.kind, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Claim content spans against the reference Docs' `doc.spans[spans_key]`
        (exact edges, unlabelled and by kind), for `nlp.evaluate`."""
        from spacy.scorer import Scorer

        key = self.spans_key
        return Scorer.score_spans(examples, f"spans_{key}", getter=lambda doc, attr: doc.spans.get(key, []),
                                  has_annotation=lambda doc: key in doc.spans, allow_overlap=True, **kwargs)

    # -- serialisation: the pattern files travel with the pipeline ---------------
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        folder = path / "patterns"
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.toml"):
            old.unlink()
        names = []
        for k, (base, body) in enumerate(self.sources):
            name = f"{k:02d}-{base}"
            (folder / name).write_bytes(body)
            names.append(name)
        (path / "cfg.json").write_text(json.dumps({"patterns": names}, indent=2), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ClaimxComponent:
        path = Path(path)
        cfg_file = path / "cfg.json"
        if cfg_file.is_file():
            names = json.loads(cfg_file.read_text(encoding="utf-8")).get("patterns", [])
            self.pattern_files = [str(path / "patterns" / n) for n in names]
            self.missing = [p for p in self.pattern_files if not Path(p).is_file()]
            self.extractor = self._build([p for p in self.pattern_files if p not in self.missing])
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        files = [[name, body.decode("utf-8")] for name, body in self.sources]
        return json.dumps({"patterns": files}).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> ClaimxComponent:
        import tempfile

        files = json.loads(data.decode("utf-8")).get("patterns", [])
        if files:
            # The pattern loader reads files; keep the copies for this process's life.
            folder = Path(tempfile.mkdtemp(prefix="claimx-patterns-"))
            for k, (name, body) in enumerate(files):
                (folder / f"{k:02d}-{name}").write_text(body, encoding="utf-8")
            self.pattern_files = [str(p) for p in sorted(folder.glob("*.toml"))]
            self.missing = []
            self.extractor = self._build(self.pattern_files)
        return self


@Language.factory(
    "claimx",
    default_config={"outlet": None, "patterns": [], "spans_key": "claims", "on_error": "raise",
                    "max_chars": None, "too_long": "refuse"},
    assigns=["doc.spans", "doc._.claims"],
    requires=["token.dep", "token.head", "token.lemma", "token.ent_iob", "token.ent_type"],
    default_score_weights={"spans_claims_f": 1.0, "spans_claims_p": 0.0, "spans_claims_r": 0.0},
)
def make_claimx(nlp: Language, name: str, outlet: str | None, patterns: list[str], spans_key: str,
                on_error: str, max_chars: int | None, too_long: str) -> ClaimxComponent:
    return ClaimxComponent(nlp, name, outlet, patterns, spans_key, on_error, max_chars, too_long)


# -- displaCy ------------------------------------------------------------------------

# One colour per kind of claim, and for speakers and cues when shown.
SPAN_COLOURS = {"direct": "#93c5fd", "indirect": "#fcd34d", "mixed": "#c4b5fd", "speaker": "#fdba74",
                "cue": "#86efac"}


def displacy_spans(doc: Doc, *, speakers: bool = False, cues: bool = False, jupyter: bool = False,
                   page: bool = False) -> str | None:
    """displaCy's span view of the claims of a Doc the component processed:
    contents labelled and coloured by kind, and with `speakers` / `cues` the
    speaker mentions and cues as spans of their own. Returns the HTML (or, with
    `jupyter=True`, shows it in the notebook)."""
    from spacy import displacy

    spans = []
    for c in doc._.claims:
        parts = [(c.content, c.kind)]
        if speakers and c.speaker:
            parts.append((c.speaker, "speaker"))
        if cues and c.cue:
            parts.append((c.cue, "cue"))
        for (start, end), label in parts:
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
    key = "claimx_displacy"
    doc.spans[key] = spans  # a key of its own: no "sc" warning, nothing of the user's touched
    try:
        return displacy.render(doc, style="span", jupyter=jupyter, page=page,
                               options={"spans_key": key, "colors": SPAN_COLOURS})
    finally:
        del doc.spans[key]
