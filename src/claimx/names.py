"""The names a document gives, indexed once before any speaker is resolved.

`NameIndex` reads the parsed document in one pass and groups every mention
of the same person, organisation or outlet into one `Entity`, with its full
name as first given, the roles the text gives it ("managing director of
Northern Rail"), its gender where the text tells it, and where it is
mentioned. After it is built the index is only read: the resolvers in
`resolvers` look mentions up in it (`name_lookup`) and never change it.

The index is built in steps, each in its own module: the entries and the
keys names meet under (`entities`), storage (`name_store`), persons
(`person_names`), organisations and documents (`body_names`); this module
runs them in order.
"""
from __future__ import annotations

from typing import Iterator

import regex

from .body_names import BodyNames
from .context import Context
from .entities import ORG_LABELS, PERSON_LABELS, norm
from .name_lookup import NameLookup
from .person_names import PersonNames


ACRONYM = regex.compile(r"\b((?:\p{Lu}[\w.'’-]*)(?:\s+(?:of|for|and|on|the|de|from|in|at|\p{Lu}[\w.'’-]*))*)"
                        r"\s+\((\p{Lu}[\p{Lu}0-9]{1,7})\)")
BRACKETED_CAPITAL = regex.compile(r"\(\p{Lu}")  # every ACRONYM match holds one
# The most characters from a bracket that opens an acronym to the bracket that closes it.
ACRONYM_REACH = 10


def _acronyms(text: str) -> Iterator[regex.Match[str]]:
    """ACRONYM's matches, as its finditer over the whole text gives them,
    sought only before each bracket that opens on a capital: a match is a
    run of name words up to such a bracket, and no run crosses a bracket,
    so each is sought from just after the bracket before it (ACRONYM tried
    at every capitalised word of the text cost more than the rest of this)."""
    end = 0
    for b in BRACKETED_CAPITAL.finditer(text):
        start = max(end, text.rfind("(", 0, b.start()) + 1)
        m = ACRONYM.search(text, start, b.start() + ACRONYM_REACH)
        if m is not None:
            end = m.end()
            yield m


class NameIndex(PersonNames, BodyNames, NameLookup):
    """Every named person, organisation and outlet of one document: built
    once, here, then only read."""

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self._build()

    # -- building (once) -----------------------------------------------------
    def _build(self) -> None:
        ctx = self.ctx
        # Acronyms first, so that later short forms ("SAFE Task Force") join their full name.
        for m in _acronyms(ctx.text):
            eid = self._entity_for_acronym(m.group(1), m.group(2), m.start(1))
            if eid is not None:
                self.acronyms.setdefault(m.group(2), eid)
        text, starts = ctx.text, ctx.tok_starts
        for ent in ctx.ents:  # "the Border Guard Service (FPS)": initials need not match
            e, doc = ent.end, ctx.doc
            # (the character first: most entities have no bracket after them)
            if e + 2 < len(doc) and text[starts[e]] == "(" and ent.label_ in ORG_LABELS and doc[e].text == "(" \
                    and doc[e + 2].text == ")" and doc[e + 1].text.isupper() and doc[e + 1].text not in self.acronyms:
                named = self._add(self._org_name(ent.start, ent.end), "organization", ent.start, range(ent.start, ent.end))
                if named is not None:
                    self.acronyms[doc[e + 1].text] = named.id
        for o in ctx.outlets:
            self._add(o.name if o.name in ctx.patterns.outlet_names else self._text(o.start, o.end),
                      "outlet", o.start, range(o.start, o.end))
        bodies = ctx.patterns.kind_words.get("organization", frozenset())
        self._proper_bodies(bodies)
        for ent in ctx.ents:
            # A "person" whose name ends in a body's word ("the Working Group") is that body.
            last = ctx.doc[ent.end - 1]  # one Token (each ent[-1] builds one)
            body_word = last.lower_ in bodies and last.text[:1].isupper()
            as_person = ent if ent.label_ in PERSON_LABELS and not body_word else \
                self._person_by_context(ent) if ent.label_ in ORG_LABELS else None
            if as_person is not None:
                self._person(as_person)
            elif (ent.label_ in ORG_LABELS or body_word) and ent.start not in self.at_token:
                for s, e in self._org_parts(ent):
                    self._add(self._org_name(s, e), "organization", s, range(s, e))
        self._placed_bodies(bodies)
        self._unlabelled_names()
        self._coordinations()
        self.person_mentions = sorted((pos, e.id) for e in self.entities if e.type == "person" for pos in e.mentions)
        self.body_mentions = sorted((pos, e.id) for e in self.entities if e.type in ("organization", "outlet")
                                    for pos in e.mentions)
        for entity in self.entities:
            if entity.type in ("organization", "outlet"):
                for w in norm(entity.name).split():
                    self.org_words.setdefault(w, set()).add(entity.id)
