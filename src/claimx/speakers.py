"""What resolution returns, and what every resolver shares.

A `Speaker` is a mention resolved: the name and type found, or none with
the reason. A `Prior` is a speaker resolved earlier in the document, which
pronouns and plurals look back to. `ResolverBase` holds what the resolvers
of `pronoun_resolvers`, `description_resolvers`, `list_resolvers` and
`resolvers` read: the document, its name index and the word lists.
"""
from __future__ import annotations

from dataclasses import dataclass
import re
from typing import TYPE_CHECKING, Sequence

from .claim import SpeakerType
from .context import Context
from .entities import is_acronym
from .names import NameIndex

if TYPE_CHECKING:
    from spacy.tokens import Token


DEFINITE = frozenset({"the", "this", "that", "these", "those"})
HANDLE = re.compile(r"@\w{1,30}")
# Entity labels of words that are no one's name, though capitalised.
NOT_NAMES = frozenset({"NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "EVENT",
                       "LANGUAGE"})


@dataclass
class Speaker:
    name: str | None
    type: SpeakerType | None
    gender: str | None = None
    title: str | None = None
    reason: str = ""  # how it was resolved, or why not
    members: tuple[str, ...] = ()  # a joint speaker's own names, so joints nest flat


@dataclass
class Prior:
    """A speaker resolved earlier in the document, for pronouns and plurals."""

    at: int
    speaker: Speaker


def proper_noun(tok: Token) -> bool:
    return tok.pos_ == "PROPN" or is_acronym(tok)  # the small model tags some acronyms ("WHO") as pronouns


def named_by_appositive(t: Token) -> bool:
    return any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in t.children)


def join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class ResolverBase:
    """The document, its name index and the word lists every resolver reads."""

    def __init__(self, ctx: Context, index: NameIndex):
        self.ctx, self.index = ctx, index
        p = ctx.patterns
        self.titles, self.kinds, self.pron = p.title_words, p.kind_words, p.pronouns
        self.subordinate = p.name_words.get("subordinate", frozenset())
        self.documents = p.document_words.get("nouns", frozenset())
        self._meeting = False  # inside _sides: no second look for a meeting

    def text(self, toks: Sequence[Token]) -> str:
        return self.ctx.text[toks[0].idx:toks[-1].idx + len(toks[-1])] if toks else ""

    def resolve(self, span: tuple[int, int], prior: list[Prior], depth: int = 0) -> Speaker:
        """Who the mention over tokens `span` is (see `resolvers.Resolvers.resolve`)."""
        raise NotImplementedError
