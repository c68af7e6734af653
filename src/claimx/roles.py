"""Finders for the roles a frame's pattern leaves open.

A frame says `speaker = { find = "subject", from = "verb" }`; the finder of
that name looks for the role's head word from the given node. Finders
return a Token or None (nobody: an agentless passive, an unnamed source).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from .context import Context
from .cues import Cue
from .registry import finders
from .syntax import agent_of, could_speak, fallback_subject, first_child, is_passive, reduced_passive, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Token

OWNER_PREPS = ("of", "from", "by")
# Entity labels of words that can be no source.
NOT_SOURCES = frozenset({"DATE", "TIME"})


@finders.register("subject")
def subject(ctx: Context, nodes: Mapping[str, Token | None], start: Token, cue: Cue | None) -> Token | None:
    """Who performs the verb `start`: its subject, inherited through
    conjoined and participial verbs, a passive's agent, or the noun phrase
    the parser failed to attach next to it."""
    subj = subject_of(start, ctx)
    if subj is not None and ctx.in_quote(subj.i) and not ctx.in_quote(start.i):
        subj = None
    if subj is None and not is_passive(start, ctx) and start.dep_ not in ("relcl", "acl") \
            and not reduced_passive(start, ctx):
        subj = fallback_subject(start, ctx)
    if subj is not None and cue is not None and subj.i in cue.tokens:
        return None  # "offer praise": the cue's own noun is never who speaks
    if subj is not None and subj.ent_type_ in NOT_SOURCES:
        return None  # "on Thursday", "last week": a time never speaks
    return subj


@finders.register("owner")
def owner(ctx: Context, nodes: Mapping[str, Token | None], start: Token, cue: Cue | None) -> Token | None:
    """Whose a cue noun is: its possessor ("the union's claim"), or the noun
    after "of", "from" or "by" ("a pledge from the owners")."""
    noun = nodes.get("cue", start)
    assert noun is not None  # every frame kind binds "cue" to the cue word
    poss = first_child(noun, ("poss",), ctx=ctx)
    if poss is not None:
        return poss
    for c in ctx.children(noun):
        if c.dep_ == "prep" and c.lower_ in OWNER_PREPS:
            obj = first_child(c, ("pobj",), ctx=ctx)
            if obj is not None and obj.pos_ in ("PROPN", "NOUN", "PRON") and not ctx.in_quote(obj.i):
                return obj
    light = ctx.patterns.lists.get("light_verbs", frozenset())
    for c in ctx.children(noun):
        if c.dep_ == "relcl" and c.lemma_.lower() in light:
            # "the only promise the mayor has made is that ...": who made it
            maker = first_child(c, ("nsubj",), ctx=ctx)
            if maker is not None and maker.lower_ not in ctx.patterns.pronouns.get("relative", ()):
                return maker
    det = first_child(noun, ("det",), ctx=ctx)
    if noun.dep_ == "pobj" and noun.head.lower_ in ("with", "by") and noun.head.head.pos_ == "VERB" \
            and det is not None and det.lower_ in ("a", "an"):
        # "caused a stir with an assertion that ...", "angered voters by a
        # claim that ...": the one who acted by making it
        doer = subject_of(noun.head.head, ctx)
        if doer is not None and could_speak(doer, ctx):
            return doer
    return None


@finders.register("agent")
def agent(ctx: Context, nodes: Mapping[str, Token | None], start: Token, cue: Cue | None) -> Token | None:
    """The noun of a passive verb's by-phrase."""
    return agent_of(start, ctx)


@finders.register("object")
def addressee_object(ctx: Context, nodes: Mapping[str, Token | None], start: Token, cue: Cue | None) -> Token | None:
    """The audience of a speech verb: its indirect or direct object when that
    is not what was said ("told reporters that ...")."""
    bound = {t.i for t in nodes.values() if t is not None and t.i != start.i}
    for c in ctx.children(start):
        if c.dep_ in ("dobj", "dative", "iobj") and c.i not in bound and c.pos_ in ("NOUN", "PROPN", "PRON"):
            return c
    return None


@finders.register("none")
def nobody(ctx: Context, nodes: Mapping[str, Token | None], start: Token, cue: Cue | None) -> Token | None:
    """No one: the claim's source is not in the text (evidential adverbs)."""
    return None
