"""The entries of a document's name index, and the keys names meet under.

Variants meet under one normalised key: case, diacritics, hyphens and
full stops do not matter ("Anne-Marie Duval" = "Anne Marie Duval",
"Erdoğan" = "Erdogan"), a surname or an initial stands for the full name
("Nair", "P. Nair"), a bracketed acronym for its organisation ("(WFC)").
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

import regex

from .context import Context

if TYPE_CHECKING:
    from spacy.tokens import Token


EntityType = Literal["person", "organization", "outlet", "group"]

PERSON_LABELS = frozenset({"PERSON"})
ORG_LABELS = frozenset({"ORG", "GPE", "FAC"})
# Words that join a body's head word to the rest of its name: "House of Delegates".
NAME_PREPOSITIONS = ("of", "for", "on")
# Labels the small model gives names it is unsure of; a person's name may carry them.
UNSURE_LABELS = frozenset({"", "ORG", "PRODUCT", "WORK_OF_ART", "NORP"})

# Dependencies of a word in a noun's place.
NOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "attr", "compound"})

_POSSESSIVE = regex.compile(r"[’'`]s\b")
_JOINERS = regex.compile(r"[-‐–.’'`]")


def is_acronym(tok: Token) -> bool:
    """"WHO", "EPA": the small model tags some acronyms as pronouns or verbs."""
    return len(tok.text) >= 2 and tok.text.isupper() and tok.text.isalpha()


def named_before(ctx: Context, noun: Token) -> Token | None:
    """An organisation or place named right before a noun as its modifier
    ("WHO guidelines", "the EU plan"), whatever label the parser gave it."""
    for c in noun.lefts:
        ent = ctx.ent_of(c.i)
        if c.dep_ not in ("det", "amod", "punct") and (is_acronym(c) or (ent is not None and ent.label_ in ("ORG", "GPE"))):
            return c
    return None


def released_by(noun: Token) -> Token | None:
    """The agent of a participle on a document: "a statement released by the firm"."""
    for c in noun.children:
        if c.dep_ == "acl":
            for a in c.children:
                if a.dep_ == "agent":
                    return next((g for g in a.children if g.dep_ == "pobj"), None)
    return None


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """The key a name is compared by: no case, diacritics, hyphens or dots."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _POSSESSIVE.sub("", text)
    text = _JOINERS.sub(" ", text)
    return " ".join(text.split())


@dataclass
class Entity:
    """A person, organisation, outlet or group the text names."""

    id: int
    type: EntityType
    name: str  # as first given in full
    mentions: list[int] = field(default_factory=list)  # token positions, in order
    gender: str | None = None
    titles: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)  # (position, title words)
    members: tuple[int, ...] = ()  # a group's entities

    @property
    def first(self) -> int:
        return self.mentions[0]

    def last_before(self, at: int) -> int | None:
        k = bisect_left(self.mentions, at)
        return self.mentions[k - 1] if k else None
