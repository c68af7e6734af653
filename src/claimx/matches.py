"""What a frame finds: a `Match`, and the steps every cue-anchored frame
kind shares (is the cue live, what stance, cutting content and finding roles
from node bindings).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .context import Context
from .cues import Cue
from .quotes import Quote
from .registry import cutters, finders
from .schema import Frame
from .syntax import cue_is_live, ruled_out  # noqa: F401  (cue_is_live re-exported for the frame kinds)


@dataclass
class Match:
    """One frame's reading of one place in the text: the content (character
    offsets), the cue, and the head words of the speaker and addressee."""

    frame: Frame
    content: tuple[int, int]
    cue: Cue | None = None
    cue_tokens: tuple[int, ...] = ()  # the words shown as the claim's cue
    anchor: Any = None  # the verb whose clause names via and time
    speaker: Any = None  # head token of the speaker mention
    speaker_span: tuple[int, int] | None = None  # a mention span fixed by the kind (regex, labels)
    name_span: tuple[int, int] | None = None  # words naming the speaker where there is no mention (labels)
    addressee: Any = None
    anonymous: bool = False  # nobody named: agentless passives, unnamed sources
    stance: str = "neutral"
    quote: Quote | None = None  # the quotation that is the whole content
    follows: Any = None  # an earlier attribution this one shares
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


def build_match(ctx: Context, frame: Frame, cue: Cue, nodes: dict) -> Match | None:
    """A Match from a pattern's node bindings: cut the content, find the
    speaker and addressee the pattern left open, rule out non-claim senses."""
    if _not_a_claim(ctx, cue, nodes):
        return None
    if any(nodes.get(n) is None for n in frame.content.nodes[:1]):
        return None
    content = cutters.get(frame.content.cut).function(ctx, nodes, frame.content.nodes, cue)
    if content is None:
        return None
    start = nodes.get(frame.speaker.start) or nodes["cue"]
    if "speaker" in nodes:
        speaker = nodes["speaker"]
    else:
        speaker = finders.get(frame.speaker.find).function(ctx, nodes, start, cue)
    addressee = None
    if frame.addressee.find != "none":
        addressee = nodes.get("addressee") or finders.get(frame.addressee.find).function(ctx, nodes, start, cue)
    if speaker is not None and content[0] <= speaker.idx < content[1] \
            and not content[0] <= ctx.doc[cue.head].idx < content[1]:
        return None  # the speaker inside what was said, the cue outside: the parse lost the real speaker
    shown = tuple(sorted({nodes[n].i for n in frame.cue_nodes if nodes.get(n) is not None} | set(cue.tokens))) \
        if frame.cue_nodes else cue.tokens
    return Match(frame=frame, content=content, cue=cue, cue_tokens=shown, anchor=start, speaker=speaker,
                 addressee=addressee, anonymous=speaker is None, stance=stance_for(ctx, frame, cue, content))


def _not_a_claim(ctx: Context, cue: Cue, nodes: dict) -> bool:
    """A sense that reports nothing, by data (`[not_claims]`)."""
    obj = next((c for c in ctx.doc[cue.head].children if c.dep_ == "dobj"), None)  # "called the race for X"
    return any(ruled_out(ctx, cue, tok) for tok in (nodes.get("content"), nodes.get("speaker"), nodes.get("target"), obj))
