"""The spaCy pipeline component: `nlp.add_pipe("claimx")`.

Claims are stored as plain dicts in `doc.user_data` (they survive DocBin
and multiprocessing) and their content spans in `doc.spans[spans_key]`;
`doc._.claims` is a getter that rebuilds the Claim objects.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .claim import Claim

USER_DATA_KEY = "claimx.claims"


def _get_claims(doc: Doc) -> list[Claim]:
    return [Claim.from_dict(d) for d in doc.user_data.get(USER_DATA_KEY, [])]


def register_extensions() -> None:
    """Register `doc._.claims`; harmless when run again (a re-run notebook cell)."""
    if not Doc.has_extension("claims"):
        Doc.set_extension("claims", getter=_get_claims)


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
    def __init__(self, nlp: Language, name: str, outlet: str | None, patterns: list[str], spans_key: str):
        from .extractor import Extractor

        # claimx reads paragraph-aware parses; add the boundary setter at the
        # front of the pipeline once (a saved pipeline already has it).
        if PARAGRAPHS not in nlp.pipe_names:
            nlp.add_pipe(PARAGRAPHS, first=True)
        self.name = name
        self.spans_key = spans_key
        self.extractor = Extractor(nlp, outlet=outlet, patterns=list(patterns))
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        claims = self.extractor.claims(doc)
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
    default_config={"outlet": None, "patterns": [], "spans_key": "claims"},
)
def make_claimx(nlp: Language, name: str, outlet: str | None, patterns: list[str], spans_key: str):
    return ClaimxComponent(nlp, name, outlet, patterns, spans_key)
