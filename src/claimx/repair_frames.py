"""Frame kinds for constructions the parser often gets wrong, where a
dependency pattern alone would miss the claim.

- "unattached-clause": "said on Monday the talks had failed" is often parsed
  with the reported clause hung under "on". After the cue and its
  adverbials comes a subject whose verb lies in the cue's subtree: the
  clause runs from that subject to the end of the subtree.
- "noun-colon": "The crew had one more theory: the engine overheated." A cue
  noun ends its clause before a colon; the rest of the sentence is the content.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence

from .context import Context
from .cues import Cue
from .matches import Finder, Match, Prior, cue_is_live, stance_for
from .registry import Param, finders, frame_kinds
from .schema import Frame
from .syntax import SENT_END, first_child, partitive_relative

if TYPE_CHECKING:
    from spacy.tokens import Token


@frame_kinds.register("unattached-clause", params={
    "max_gap": Param(int, 12, 1, 40, "tokens after the cue searched for the clause's subject"),
})
def unattached_clause(ctx: Context, frame: Frame, cues: list[Cue], prior: Sequence[Prior]) -> Iterable[Match]:
    doc = ctx.doc
    for cue in cues:
        v = doc[cue.head]
        if v.pos_ != "VERB" or not cue_is_live(ctx, cue) or first_child(v, ("ccomp",), ctx=ctx) is not None \
                or any(c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in ctx.children(v)):
            continue
        end = v.right_edge.i + 1
        start = None
        relative = ctx.patterns.pronouns.get("relative", frozenset())
        # The clause may also start right after the cue's subtree, hung on a
        # verb above it: "with the board confirming on Monday they were not coming".
        _, sent_end = ctx.sentence(v.i)
        for k in range(v.i + 1, min(sent_end, v.i + frame.params["max_gap"])):
            t = doc[k]
            if ctx.in_quote(k) or t.text in (".", ";", ":", "\n"):
                break
            if k >= end and (t.left_edge.i != end or v.dep_ in ("relcl", "acl", "amod")
                             or t.head.i in ctx.cue_heads or _above(t.head, v)):
                # Past the subtree, only a subject that starts right after it, and not
                # after a cue in a relative clause ("the group he quotes, X, issued ...");
                # nor the clause the cue hangs on, nor another report ("X, the governor
                # said, the Gazette reported").
                if t.dep_ in ("nsubj", "nsubjpass"):
                    break
                continue
            if t.dep_ in ("nsubj", "nsubjpass") and t.head.i > k and t.head.pos_ in ("VERB", "AUX"):
                if t.lower_ in relative or t.head.dep_ == "pcomp" and t.head.head.lower_ == "with":
                    break  # "which ...", "with Lee describing X": no reported clause
                if partitive_relative(t, ctx):
                    break  # "steps, many of which can be met": a relative clause
                if t.head.dep_ == "relcl" and v.i < t.head.head.i < k and doc[t.left_edge.i - 1].pos_ in ("NOUN", "PROPN"):
                    break  # "published a list of the repairs the crews will make": a relative clause
                if any(c.dep_ == "mark" and c.i < k and c.lower_ not in ("that", "whether", "if")
                       for c in ctx.children(t.head)):
                    break  # "said X burned before the flames were put out": a subordinate clause
                s = t.left_edge.i
                while s < t.i and doc[s].ent_type_ in ("DATE", "TIME"):
                    s += 1  # "said on Monday the talks ...": the day belongs to the saying
                if doc[s - 1].dep_ == "cc" and doc[s - 1].head.i == v.i:
                    break  # "discussed X and the effort to Y, which ...": a conjunct, no reported clause
                # The audience and other non-clausal dependents of the cue ("told the
                # radio station that ...") may stand between it and the clause.
                addressee = {t.i for c in ctx.children(v) if c.pos_ not in ("VERB", "AUX") and c.i > v.i
                             for t in c.subtree}
                if s > v.i and all(_adjunct_of_saying(doc[j], addressee) for j in range(v.i + 1, s)):
                    start = s
                    if k >= end:  # outside the cue's subtree: the clause is its verb's subtree from here
                        end = min(sent_end, t.head.right_edge.i + 1)
                break
        if start is None:
            continue
        s, e = ctx.trim(*ctx.chars(start, end))
        if e - s < 2:
            continue
        find_speaker: Finder = finders.function(frame.speaker.find)
        speaker = find_speaker(ctx, {"cue": v}, v, cue)
        yield Match(frame=frame, content=(s, e), cue=cue, cue_tokens=cue.tokens, anchor=v, speaker=speaker,
                    anonymous=speaker is None, stance=stance_for(ctx, frame, cue, (s, e)))


def _above(verb: Token, t: Token) -> bool:
    """Whether `verb` is an ancestor of `t`."""
    return any(a.i == verb.i for a in t.ancestors)


def _adjunct_of_saying(t: Token, addressee: set[int]) -> bool:
    """Words that may stand between a cue and its clause: the time of the
    saying, an adverb, the audience, a "that"."""
    return (t.ent_type_ in ("DATE", "TIME") or t.pos_ == "ADV" or t.i in addressee or t.lower_ == "that"
            or t.dep_ == "prep" and t.nbor(1).ent_type_ in ("DATE", "TIME"))


@frame_kinds.register("noun-colon")
def noun_colon(ctx: Context, frame: Frame, cues: list[Cue], prior: Sequence[Prior]) -> Iterable[Match]:
    doc = ctx.doc
    for cue in cues:
        n = doc[cue.head]
        if n.pos_ != "NOUN" or not cue_is_live(ctx, cue):
            continue
        if n.dep_ == "pobj" and n.head.head.i in ctx.cue_heads and n.head.head.i != n.i:
            continue  # "said in a letter: ...": the noun is the verb's medium, and the verb reports what follows
        k = n.right_edge.i + 1
        if k >= len(doc) or doc[k].text != ":" or ctx.in_quote(k):
            continue
        e = k + 1
        while e < len(doc) and doc[e].text not in SENT_END and "\n" not in doc[e].text:
            e += 1
        if e - k < 4:
            continue  # a word or two after the colon is a list item, not a proposition
        words = doc[k + 1:e]
        if not any(t.dep_ in ("nsubj", "nsubjpass") and t.head in words for t in words):
            continue  # "one more task: cleaning the deck" has no clause: it names, it does not claim
        s, ce = ctx.trim(*ctx.chars(k + 1, e))
        find_speaker: Finder = finders.function(frame.speaker.find)
        speaker = find_speaker(ctx, {"cue": n}, n.head, cue)
        yield Match(frame=frame, content=(s, ce), cue=cue, cue_tokens=cue.tokens, anchor=n.head, speaker=speaker,
                    anonymous=speaker is None, stance=stance_for(ctx, frame, cue, (s, ce)))
