"""The spaCy pipeline component: `nlp.add_pipe("claimx")`.

Claims are stored as plain dicts in `doc.user_data` (they survive DocBin
and multiprocessing) and their content spans in `doc.spans[spans_key]`;
`doc._.claims` is a getter that rebuilds the Claim objects.

A document claimx cannot process raises by default; with `on_error =
"skip"` or `"log"` in the component's config it passes through with no
claims and the reason in `doc._.claims_error`, so no document is lost.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .claim import Claim

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
    """Sentence starts at paragraph breaks, set before the parser runs so a
    sub-heading is never parsed into the sentence after it."""
    from .extractor import mark_paragraph_starts

    if doc.has_annotation("DEP"):
        return doc  # already parsed: boundaries can no longer be set
    return mark_paragraph_starts(doc)


class ClaimxComponent:
    def __init__(self, nlp: Language, name: str, outlet: str | None, patterns: list[str], spans_key: str,
                 on_error: str = "raise", max_chars: int | None = None, too_long: str = "refuse"):
        import logging

        from .errors import ArgumentError
        from .extractor import Extractor

        if on_error not in ("raise", "skip", "log"):
            raise ArgumentError(f"claimx component: on_error must be 'raise', 'skip' or 'log', not {on_error!r}")
        self.on_error = on_error
        self._log = logging.getLogger(__name__)

        # claimx reads paragraph-aware parses; add the boundary setter at the
        # front of the pipeline once (a saved pipeline already has it).
        if PARAGRAPHS not in nlp.pipe_names:
            nlp.add_pipe(PARAGRAPHS, first=True)
        self.name = name
        self.spans_key = spans_key
        self.extractor = Extractor(nlp, outlet=outlet, patterns=list(patterns), max_chars=max_chars,
                                   too_long=too_long)
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        try:
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


@Language.factory(
    "claimx",
    default_config={"outlet": None, "patterns": [], "spans_key": "claims", "on_error": "raise",
                    "max_chars": None, "too_long": "refuse"},
)
def make_claimx(nlp: Language, name: str, outlet: str | None, patterns: list[str], spans_key: str,
                on_error: str, max_chars: int | None, too_long: str):
    return ClaimxComponent(nlp, name, outlet, patterns, spans_key, on_error, max_chars, too_long)
