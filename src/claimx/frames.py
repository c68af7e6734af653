"""Frames: one general mechanism that links every cue to its content.

A frame (`patterns/core/frames.toml`) is one way a cue connects to what it
reports and to who reports it. A cue takes the frames its class lists
(`patterns/core/cues.toml`), so a word added to a class works in all of
them. This module runs the frames over a document and returns `Match`es:
content span, cue, the speaker's head word, the addressee. Turning those
into complete attributions (mention spans, titles, via, time) and choosing
among overlapping ones is `attribution`'s job.

Frame kinds are registered by name (`registry.frame_kinds`). The general one,
"dependency", matches the frame's pattern from each cue; the kinds for
quotations, parser repairs and user-written text rules live in their own
modules, imported here so that importing claimx registers every built-in
piece.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence, cast

from . import quote_frames, repair_frames, roles, spans, text_frames  # noqa: F401  (registration)
from .context import Context
from .cues import Cue
from .depmatch import Env, compile_pattern, match
from .matches import FrameKind, Match, Prior, build_match, cue_is_live
from .registry import frame_kinds
from .schema import Frame

if TYPE_CHECKING:
    from spacy.tokens import Token


def cues_by_frame(ctx: Context) -> dict[str, list[Cue]]:
    """The cues each frame is tried on, by frame id, from their classes
    (worked out once per document)."""
    if ctx.cues_by_frame is None:
        classes = ctx.patterns.classes
        out: dict[str, list[Cue]] = {}
        for c in ctx.cues:
            cls = classes.get(c.cls)
            for fid in cls.frames if cls is not None else ():
                out.setdefault(fid, []).append(c)
        ctx.cues_by_frame = out
    return ctx.cues_by_frame


def run_frames(ctx: Context, frames: Iterable[Frame], prior: Sequence[Prior] | None = None) -> list[Match]:
    """Every match of the given frames in the document. `prior` holds the
    attributions found so far, for kinds that continue them."""
    by_frame = cues_by_frame(ctx)
    out: list[Match] = []
    kinds = ctx.frame_kinds
    for frame in frames:
        kind: FrameKind | None = kinds.get(frame.kind)
        if kind is None:  # the registry once per kind and document, not once per frame
            kind = kinds[frame.kind] = frame_kinds.function(frame.kind)
        out.extend(kind(ctx, frame, by_frame.get(frame.id, []), prior or []))
    return out


@frame_kinds.register("dependency", compile=compile_pattern)
def dependency(ctx: Context, frame: Frame, cues: list[Cue], prior: Sequence[Prior]) -> Iterable[Match]:
    """The frame's dependency pattern, matched from each of its cues."""
    pattern = frame.pattern
    needs = pattern.cue_child_dep_ids
    known = ctx.cue_nodes
    for cue in cues:
        got = known.get(cue.tokens)
        if got is None:  # a cue is tried by many frames: whether it is live, and its match environment, once
            got = known[cue.tokens] = _cue_nodes(ctx, cue)
        if not got:
            continue
        env, bound, child_deps = cast("tuple[Env, dict[str, Token], frozenset[int]]", got)
        for need in needs:
            if child_deps.isdisjoint(need):
                break  # the cue has no child the pattern needs: it cannot match
        else:
            for nodes in match(pattern, bound, env):
                m = build_match(ctx, frame, cue, nodes)
                if m is not None:
                    yield m


def _cue_nodes(ctx: Context, cue: Cue) -> tuple[Env, dict[str, Token], frozenset[int]] | tuple[()]:
    """A live cue's match environment, anchors and its children's labels
    (as string ids); () for a cue that is not live."""
    if not cue_is_live(ctx, cue, inside_quotes=True):
        return ()
    doc = ctx.doc
    head = doc[cue.head]
    kids = ctx.children(head)
    sentence = ctx.sentence_at
    if sentence is None:
        sentence = ctx.sentence_at = ctx.sentence_finder()
    return (Env(frozenset(cue.tokens), ctx.tok_quote, sentence, ctx.cue_heads, ctx.kids),
            {"cue": head, "cue_last": doc[cue.last]}, frozenset(k.dep for k in kids))
