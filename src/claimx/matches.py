"""What a frame finds: a `Match`, and the steps every cue-anchored frame
kind shares (is the cue live, what stance, cutting content and finding roles
from node bindings).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Protocol, Sequence

from .context import Context
from .cues import Cue
from .depmatch import Nodes
from .quotes import Quote
from .registry import cutters, finders
from .schema import Frame
from .syntax import cue_is_live as cue_is_live  # re-exported for the frame kinds
from .syntax import names_a_sense, not_claim_words

if TYPE_CHECKING:
    from spacy.tokens import Token


class Prior(Protocol):
    """An attribution an earlier stage found, as the frame kinds that continue
    one read it (it is an `attribution.Draft`; that module sits above this one)."""

    @property
    def content(self) -> tuple[int, int]: ...
    @property
    def cue(self) -> Cue | None: ...
    @property
    def cue_span(self) -> tuple[int, int] | None: ...
    @property
    def cue_tokens(self) -> tuple[int, ...]: ...
    @property
    def cue_char(self) -> int | None: ...
    @property
    def speaker(self) -> tuple[int, int] | None: ...
    @property
    def name_span(self) -> tuple[int, int] | None: ...
    @property
    def title(self) -> tuple[int, int] | None: ...
    @property
    def via(self) -> str | None: ...
    @property
    def anonymous(self) -> bool: ...
    @property
    def stance(self) -> str: ...
    @property
    def quote(self) -> Quote | None: ...


# What registered pieces are called with (`registry.frame_kinds`, `finders`, `cutters`).
FrameKind = Callable[[Context, Frame, list[Cue], Sequence[Prior]], Iterable["Match"]]
"""(document, frame, the cues of the frame's classes, earlier attributions) -> matches."""
Finder = Callable[[Context, Mapping[str, "Token | None"], "Token", "Cue | None"], "Token | None"]
"""(document, node bindings, the token to start from, cue) -> the head word of the role, or None."""
Cutter = Callable[[Context, Mapping[str, "Token | None"], tuple[str, ...], "Cue | None"], "tuple[int, int] | None"]
"""(document, node bindings, the frame's content nodes, cue) -> content character span, or None."""


@dataclass
class Match:
    """One frame's reading of one place in the text: the content (character
    offsets), the cue, and the head words of the speaker and addressee."""

    frame: Frame
    content: tuple[int, int]
    cue: Cue | None = None
    cue_tokens: tuple[int, ...] = ()  # the words shown as the claim's cue
    anchor: Token | None = None  # the verb whose clause names via and time
    speaker: Token | None = None  # head token of the speaker mention
    speaker_span: tuple[int, int] | None = None  # a mention span fixed by the kind (regex, labels)
    name_span: tuple[int, int] | None = None  # words naming the speaker where there is no mention (labels)
    addressee: Token | None = None
    anonymous: bool = False  # nobody named: agentless passives, unnamed sources
    stance: str = "neutral"
    quote: Quote | None = None  # the quotation that is the whole content
    follows: Prior | None = None  # an earlier attribution this one shares
    shares: str = ""  # "attribution" (cue, speaker and via) or "speaker"
    via: str | None = None  # a via fixed by the kind


def stance_for(ctx: Context, frame: Frame, cue: Cue | None, content: tuple[int, int]) -> str:
    """The claim's stance: fixed by the frame, the cue's, or (characterisations)
    that of the evaluation words in the content."""
    if frame.stance not in ("cue", "evaluation"):
        return frame.stance
    base = cue.stance if cue is not None else "neutral"
    if frame.stance == "evaluation":
        s, e = content
        words = {w.strip(".,;:!?“”\"'‘’()").lower() for w in ctx.text[s:e].split()}
        if words & ctx.patterns.negative_words:
            return "oppose"
        if words & ctx.patterns.positive_words:
            return "assert"
    return base


def build_match(ctx: Context, frame: Frame, cue: Cue, nodes: Nodes) -> Match | None:
    """A Match from a pattern's node bindings: cut the content, find the
    speaker and addressee the pattern left open, rule out non-claim senses."""
    if _not_a_claim(ctx, cue, nodes):
        return None
    if any(nodes.get(n) is None for n in frame.content.nodes[:1]):
        return None
    cut: Cutter = cutters.function(frame.content.cut)
    content = cut(ctx, nodes, frame.content.nodes, cue)
    if content is None:
        return None
    start = nodes.get(frame.speaker.start) or nodes["cue"]
    assert start is not None  # "cue" is bound before matching
    if "speaker" in nodes:
        speaker = nodes["speaker"]
    else:
        find_speaker: Finder = finders.function(frame.speaker.find)
        speaker = find_speaker(ctx, nodes, start, cue)
    addressee = None
    if frame.addressee.find != "none":
        find_addressee: Finder = finders.function(frame.addressee.find)
        addressee = nodes.get("addressee") or find_addressee(ctx, nodes, start, cue)
    if speaker is not None and content[0] <= speaker.idx < content[1] \
            and not content[0] <= ctx.doc[cue.head].idx < content[1]:
        return None  # the speaker inside what was said, the cue outside: the parse lost the real speaker
    shown = tuple(sorted({t.i for n in frame.cue_nodes if (t := nodes.get(n)) is not None} | set(cue.tokens))) \
        if frame.cue_nodes else cue.tokens
    return Match(frame=frame, content=content, cue=cue, cue_tokens=shown, anchor=start, speaker=speaker,
                 addressee=addressee, anonymous=speaker is None, stance=stance_for(ctx, frame, cue, content))


def _not_a_claim(ctx: Context, cue: Cue, nodes: Nodes) -> bool:
    """A sense that reports nothing, by data (`[not_claims]`)."""
    words = not_claim_words(ctx, cue)
    if not words:
        return False  # most cues have no such sense
    kids = ctx.children(ctx.doc[cue.head])
    obj = next((c for c in kids if c.dep_ == "dobj"), None)  # "called the race for X"
    if any(c.dep_ == "prt" and c.lower_ in words for c in kids):
        return True  # a particle makes another verb: "figured out how", "backed down"
    return any(names_a_sense(tok, words) for tok in (nodes.get("content"), nodes.get("speaker"), nodes.get("target"), obj))
