"""The names a document gives, indexed once before any speaker is resolved.

`NameIndex` reads the parsed document in one pass and groups every mention
of the same person, organisation or outlet into one `Entity`, with its full
name as first given, the roles the text gives it ("managing director of
Northern Rail"), its gender where the text tells it, and where it is
mentioned. After it is built the index is only read: the resolvers in
`resolvers` look mentions up in it and never change it.

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
from typing import TYPE_CHECKING, Iterable, Iterator, Literal, cast

import numpy
import regex
from spacy.attrs import LEMMA, LOWER, POS
from spacy.strings import hash_string  # type: ignore[attr-defined]  # in spaCy's strings.pyx, not its strings.pyi

from .context import Context
from .syntax import in_a_list, list_members, subject_of

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from spacy.tokens import Span, Token

EntityType = Literal["person", "organization", "outlet", "group"]

PERSON_LABELS = frozenset({"PERSON"})
ORG_LABELS = frozenset({"ORG", "GPE", "FAC"})
# Labels the small model gives names it is unsure of; a person's name may carry them.
UNSURE_LABELS = frozenset({"", "ORG", "PRODUCT", "WORK_OF_ART", "NORP"})
ACRONYM = regex.compile(r"\b((?:\p{Lu}[\w.'’-]*)(?:\s+(?:of|for|and|on|the|de|from|in|at|\p{Lu}[\w.'’-]*))*)"
                        r"\s+\((\p{Lu}[\p{Lu}0-9]{1,7})\)")


# Dependencies of a word in a noun's place.
NOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "attr", "compound"})


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


_NICKNAME = regex.compile(r"\s*,?\s*(?:known as|nicknamed|dubbed|aka)\s+[“\"']?(\p{Lu}[\p{L}-]+)")
_POSSESSIVE = regex.compile(r"[’'`]s\b")
_JOINERS = regex.compile(r"[-‐–.’'`]")


def _main_clause(verb: Token) -> bool:
    """A sentence's main verb, or one conjoined to it."""
    return verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT"


@lru_cache(maxsize=256)
def _hashes(words: frozenset[str]) -> "NDArray[numpy.uint64]":
    """The string-store ids of a word list, computed once per list, not per document."""
    return numpy.array([hash_string(w) for w in words], dtype=numpy.uint64)


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


class NameIndex:
    """Every named person, organisation and outlet of one document."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        p = ctx.patterns
        self.titles = p.title_words
        self.connectors = p.title_connectors
        self.particles = p.name_words.get("particles", frozenset())
        self.org_kinds = p.kind_words.get("organization", frozenset())
        self.entities: list[Entity] = []
        self.by_key: dict[str, list[int]] = {}  # normalised full name or name part -> entity ids
        self.acronyms: dict[str, int] = {}
        self.roles: dict[str, list[tuple[int, int]]] = {}  # title head word -> (position, entity id)
        self.at_token: dict[int, int] = {}  # token of a name mention -> entity id
        self.person_mentions: list[tuple[int, int]] = []  # (position, entity id), in order
        self.org_words: dict[str, set[int]] = {}  # a word of an organisation's name -> entity ids
        self.subjects: list[tuple[int, int]] = []  # (position, entity id): persons named as clause subjects
        self.groups: list[tuple[int, int]] = []  # (position, entity id): names joined by "and", in order
        self.documents: dict[str, list[tuple[int, int]]] = {}  # document noun -> (position, owner token)
        self._pos_lemma: NDArray[numpy.uint64] | None = None  # the doc's POS and LEMMA columns, read once
        self._build()

    # -- building (once) -----------------------------------------------------
    def _build(self) -> None:
        ctx = self.ctx
        # Acronyms first, so that later short forms ("SAFE Task Force") join their full name.
        for m in ACRONYM.finditer(ctx.text):
            eid = self._entity_for_acronym(m.group(1), m.group(2), m.start(1))
            if eid is not None:
                self.acronyms.setdefault(m.group(2), eid)
        for ent in ctx.ents:  # "the Border Guard Service (FPS)": initials need not match
            e, doc = ent.end, ctx.doc
            if ent.label_ in ORG_LABELS and e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")" \
                    and doc[e + 1].text.isupper() and doc[e + 1].text not in self.acronyms:
                named = self._add(self._org_name(ent.start, ent.end), "organization", ent.start, range(ent.start, ent.end))
                if named is not None:
                    self.acronyms[doc[e + 1].text] = named.id
        for o in ctx.outlets:
            self._add(o.name if o.name in ctx.patterns.outlet_aliases.values() else self._text(o.start, o.end),
                      "outlet", o.start, range(o.start, o.end))
        bodies = ctx.patterns.kind_words.get("organization", frozenset())
        for ent in ctx.ents:
            # A "person" whose name ends in a body's word ("the Working Group") is that body.
            body_word = ent[-1].lower_ in bodies and ent[-1].text[:1].isupper()
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
        self._documents()
        self.person_mentions = sorted((pos, e.id) for e in self.entities if e.type == "person" for pos in e.mentions)
        self.body_mentions = sorted((pos, e.id) for e in self.entities if e.type in ("organization", "outlet")
                                    for pos in e.mentions)
        for entity in self.entities:
            if entity.type in ("organization", "outlet"):
                for w in norm(entity.name).split():
                    self.org_words.setdefault(w, set()).add(entity.id)

    def _add(self, name: str, type_: EntityType, at: int, tokens: Iterable[int], keys: Iterable[str] = ()
             ) -> Entity | None:
        if not name or not any(ch.isalpha() for ch in name):
            return None
        key = norm(name)
        ent = None
        for eid in self.by_key.get(key, ()):
            if self.entities[eid].type == type_ or {self.entities[eid].type, type_} <= {"organization", "outlet"}:
                ent = self.entities[eid]
                break
        if ent is None and type_ == "person" and len(key.split()) == 1:
            ent = self._partial(key, at, "person")
        if ent is None and type_ == "organization":
            ent = self._longer_org(key)
        if ent is None:
            ent = Entity(len(self.entities), type_, name)
            self.entities.append(ent)
        ent.mentions.append(at)
        ent.mentions.sort()
        for k in {key, *keys, *self._variants(name, type_)}:
            ids = self.by_key.setdefault(k, [])
            if ent.id not in ids:
                ids.append(ent.id)
        for i in tokens:
            self.at_token.setdefault(i, ent.id)
        return ent

    def _longer_org(self, key: str) -> Entity | None:
        """An organisation named before in full, of which `key` is a short
        form: "SAFE Task Force" after "Task Force on Safe Ferries (SAFE)"."""
        words = set(key.split()) - {"the"}
        if len(words) < 2:
            return None
        for ent in self.entities:
            if ent.type != "organization":
                continue
            full = set(norm(ent.name).split()) | {norm(a) for a, i in self.acronyms.items() if i == ent.id}
            if words < full or words <= full and len(words) < len(norm(ent.name).split()):
                return ent
        return None

    def _variants(self, name: str, type_: EntityType) -> set[str]:
        """Shorter keys a later mention may use: a surname (hyphenated ones
        whole: "Amir-Abdollahian"), a first name, initials, the words after a
        particle ("bin Salman")."""
        words = [norm(w) for w in name.split() if norm(w)]
        if type_ != "person" or len(words) < 2:
            return set()
        out = {words[-1], words[0], f"{words[0][0]} {words[-1]}"}
        for k, w in enumerate(words[:-1]):
            if w in self.particles:
                out.add(" ".join(words[k:]))
        return out

    def _person(self, ent: Span) -> None:
        ctx, doc = self.ctx, self.ctx.doc
        e = ent.end
        while e < len(doc) and doc[e].pos_ == "PROPN" and doc[e].text[:1].isupper() and doc[e].ent_type_ in ("", "PERSON") \
                and (doc[e - 1].head.i == e or doc[e].head.i == e - 1):
            e += 1  # the model sometimes leaves a name's last word out: "Yoon Suk | Yeol"
        start = ent.start
        while start >= 2 and doc[start - 1].text in ("-", "‐") and not doc[start - 1].whitespace_ \
                and not doc[start - 2].whitespace_ and doc[start - 2].text[:1].isupper():
            start -= 2  # and its first word before a hyphen: "Jean-|Paul Ferry"
        if e > ent.end or start < ent.start:
            ent = doc[start:e]
        toks = self.name_tokens(list(ent))
        if not toks:
            return
        s, e = toks[0].i, toks[-1].i + 1
        if not toks[0].text[:1].isupper():
            return
        nick = self._nickname(e)
        person = self._add(self._text(s, e), "person", s, range(ent.start, ent.end), keys=nick)
        if person is None:
            return
        title = [t for t in self.role_tokens(ent) if not s <= t.i < e]
        words = tuple(t.lower_.rstrip(".") for t in title if t.pos_ in ("NOUN", "PROPN", "ADJ") or t.lower_ in self.titles)
        if words:
            person.titles.append((s, words))
            for w in {w for w in words if w in self.titles}:
                self.roles.setdefault(w, []).append((s, person.id))
        if person.gender is None:
            person.gender = self.gender_of(title) or (self._pronoun_gender_after(ent) if len(person.mentions) == 1
                                                      else None)
        root, verb = ent.root, ent.root.head
        # Main-clause subjects only: a name inside a reported clause ("said
        # Trump is ...") is not who speaks next.
        if root.dep_ in ("nsubj", "nsubjpass") and (verb.dep_ == "ROOT" or verb.dep_ == "conj"
                                                     and verb.head.dep_ == "ROOT"):
            self.subjects.append((s, person.id))

    def _placed_bodies(self, bodies: frozenset[str]) -> None:
        """"Oxfordshire police", "Bergen council": a place and a body's word
        after it name that body, so a later "police" or "the council" finds it."""
        doc = self.ctx.doc
        for ent in self.ctx.ents:
            e = ent.end
            if ent.label_ == "GPE" and e < len(doc) and doc[e].pos_ == "NOUN" and doc[e].lower_ in bodies \
                    and doc[e].text[:1].islower() and e not in self.at_token:
                self._add(self._text(ent.start, e + 1), "organization", ent.start, range(ent.start, e + 1))

    def _person_by_context(self, ent: Span) -> Span | None:
        """A name the model tagged as an organisation or place that the text
        treats as a person's, as the span of the whole name, or None: it comes
        after a person's title (over first names NER left out: "Mayor Ana |
        Costa"), is joined by "and" to a person's name, is the surname of a
        person named before, or is the subject a "he" or "she" continues."""
        words = [t for t in ent if t.dep_ != "det"]
        if not words or any(norm(t.text) in self.org_kinds for t in words) or len(words) > 3:
            return None
        if not all(t.text[:1].isupper() and t.is_alpha for t in words):
            return None
        doc = self.ctx.doc
        start = ent.start
        while start > 0 and start > ent.start - 2 and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].ent_type_ \
                and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha \
                and doc[start - 1].dep_ in ("compound", "flat") \
                and doc[start - 1].lower_.rstrip(".") not in self.titles:
            start -= 1
        span = doc[start:ent.end]
        before = doc[start - 1] if start else None
        if before is not None and before.lower_.rstrip(".") in self.titles:
            return span
        if len(span) == 1:
            known = self._partial(norm(words[0].text), ent.start, "person") is not None
            return span if known or self._pronoun_gender_after(span) is not None else None
        root = ent.root
        linked = [root.head] if root.dep_ == "conj" else []
        linked += [c for c in root.children if c.dep_ == "conj"]
        if any(t.ent_type_ == "PERSON" for t in linked):
            return span
        if self._pronoun_gender_after(span) is not None:
            return span
        return span if self._shaped_like_a_speaking_person(span, ent) else None

    def _shaped_like_a_speaking_person(self, span: Span, ent: Span) -> bool:
        """"Ana Costa said": two capitalised words, neither an organisation's
        or an outlet's word, as the subject of a cue verb, are a person's name
        whatever the model's label (it tags many surnames ORG)."""
        if len(span) != 2 or ent.label_ != "ORG" or any(t.text.isupper() for t in span):
            return False
        if any(t.text in self.ctx.patterns.outlet_name_parts for t in span):
            return False
        root = span.root
        return root.dep_ == "nsubj" and root.head.i in self.ctx.cue_heads

    def _tokens_with_pos(self, pos_name: str, lemmas: frozenset[str] | None = None,
                         lower: bool = False) -> Iterator[Token]:
        """The tokens of one part of speech (and, given `lemmas`, one of those
        lemmas, or with `lower` one of those lower-cased forms), found on
        integer arrays: no Token objects for the others."""
        doc = self.ctx.doc
        if not len(doc):
            return
        if self._pos_lemma is None:
            # spaCy's doc.pyi says to_array gives floats; it gives uint64 ids.
            self._pos_lemma = cast("NDArray[numpy.uint64]", doc.to_array([POS, LEMMA, LOWER]))
        arr = self._pos_lemma
        hits = arr[:, 0] == doc.vocab.strings[pos_name]
        if lemmas is not None:
            column = 2 if lower else 1
            hits &= numpy.isin(arr[:, column], _hashes(lemmas))
        for i in numpy.flatnonzero(hits).tolist():
            yield doc[i]

    def _unlabelled_names(self) -> None:
        """Runs of two to four capitalised proper nouns that NER left out and
        that stand where people stand (clause subjects, lists of names) are
        person names too: "Tom Ray and Ann Lee said"."""
        doc = self.ctx.doc
        for t in self._tokens_with_pos("PROPN"):
            if t.i in self.at_token or t.dep_ in ("compound", "flat"):
                continue
            if t.dep_ not in ("nsubj", "nsubjpass", "conj", "appos") and not any(c.dep_ == "conj" for c in t.children):
                continue
            run = [t]
            k = t.i - 1
            while k >= 0 and doc[k].pos_ == "PROPN" and doc[k].dep_ in ("compound", "flat") and doc[k].head.i == t.i:
                run.insert(0, doc[k])
                k -= 1
            if 2 <= len(run) <= 4 and all(x.text[:1].isupper() and x.is_alpha and x.ent_type_ in UNSURE_LABELS
                                          for x in run) \
                    and not any(x.lower_ in self.titles for x in run):
                self._add(self._text(run[0].i, t.i + 1), "person", run[0].i, range(run[0].i, t.i + 1))

    def _coordinations(self) -> None:
        """Names joined by "and" ("Tom Ray and Ann Lee", "the EPA, the USDA
        and the CDC") are also a group, which a later "they" or "the two
        ministers" may mean."""
        doc = self.ctx.doc
        for i in sorted(self.at_token):
            t = doc[i]
            if t.dep_ in ("compound", "flat", "det", "punct") or in_a_list(t):
                continue  # a list is led by a name's head word
            if t.dep_ in ("pobj", "poss"):
                continue  # "the border between Chad and Niger" names no one who acts or speaks
            members = list_members(t)
            ids = [self.at_token.get(m.i) for m in members]
            if len(ids) < 2 or None in ids or len(set(ids)) < len(ids):
                continue
            eids = cast("list[int]", ids)  # None is ruled out just above
            types = {self.entities[i].type for i in eids}
            if types & {"person"} and types - {"person"}:
                continue
            names = [self.entities[i].name for i in eids]
            name = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            kind: EntityType = "group" if types == {"person"} else "organization"
            group = Entity(len(self.entities), kind, name, [t.i], members=tuple(eids))
            self.entities.append(group)
            self.groups.append((t.i, group.id))

    def _nickname(self, e: int) -> tuple[str, ...]:
        """"Robert 'Bob' Smith" / "Robert Smith, known as Bob": the nickname is a key too."""
        ctx = self.ctx
        if e >= len(ctx.doc):
            return ()
        at = ctx.tok_starts[e]
        m = _NICKNAME.match(ctx.text, at, at + 60)
        return (norm(m.group(1)),) if m else ()

    def name_tokens(self, toks: list[Token]) -> list[Token]:
        """The name in a run of tokens, without titles before it ("Deputy
        Health Minister Jonas Lind" -> "Jonas Lind") and without the object
        of a title ("Secretary of the Navy Rosa Penn" -> "Rosa Penn")."""
        last_title = -1
        for k, t in enumerate(toks):
            low = t.lower_.rstrip(".")
            if low in self.titles or t.text in ("-", "–") and k and toks[k - 1].lower_.rstrip(".") in self.titles:
                last_title = k
            elif t.text[:1].islower() and low not in self.particles and low not in self.connectors and t.dep_ != "det":
                last_title = k  # lower-case description words belong to the title
        out: list[Token] = []
        for t in toks[last_title + 1:]:
            if t.dep_ == "det" and not out:
                continue
            if t.text in ("'s", "’s", "(", ")", ","):
                break
            if t.text[:1].isupper() or out and (t.lower_ in self.particles or t.text in ("-", ".") or t.text[:1].isdigit()):
                out.append(t)
            elif out:
                break
        while out and (out[-1].lower_ in self.particles or out[-1].text == "-"):
            out.pop()
        hyphens = sum(1 for t in out if t.text in ("-", "‐"))
        words = len(out) - 2 * hyphens  # "Jean-Paul" is one word of a name
        if words >= 3 and out[0].i > 0 and self.ctx.doc[out[0].i - 1].lower_ in self.connectors:
            out = out[-2:]  # "Ambassador to the World Bank Rosa Penn"
        return out

    def role_tokens(self, ent: Span) -> list[Token]:
        """Words that describe a named person: titles before the name ("Crown
        Prince") and appositives ("the club's chairman")."""
        root = ent.root
        toks = [t for t in root.subtree if t.i < ent.start] + list(ent)
        for c in root.children:
            if c.dep_ == "appos":
                toks.extend(c.subtree)
        if root.dep_ == "appos":
            toks.extend(t for t in root.head.subtree if t.i < root.head.i + 1 and t.i < ent.start)
        return toks

    def gender_of(self, toks: Iterable[Token]) -> str | None:
        p = self.ctx.patterns
        for t in toks:
            low = t.lower_.rstrip(".")
            if low in p.male or low + "." in p.male:
                return "male"
            if low in p.female or low + "." in p.female:
                return "female"
        return None

    def _pronoun_gender_after(self, ent: Span) -> str | None:
        # "Ann Lee arrived late. She said ...": a name that is a clause
        # subject, and a gendered subject pronoun as the next subject after
        # it in the same or the next sentence, with no other name between.
        doc, pron = self.ctx.doc, self.ctx.patterns.pronouns
        if ent.root.dep_ not in ("nsubj", "nsubjpass"):
            return None
        end = self.ctx.sentence(ent.start)[1]
        end = self.ctx.sentence(end)[1] if end < len(doc) else end
        for t in doc[ent.end:end]:
            if self.ctx.in_quote(t.i):
                continue  # the quoted words' own "we" and "I" say nothing of the name
            if t.pos_ == "PROPN" and t.ent_type_ not in ("DATE", "TIME") or t.ent_type_ == "PERSON":
                return None  # another name between ("on Monday" is none)
            if t.dep_ in ("nsubj", "nsubjpass") and _main_clause(t.head):
                # (a subject inside a reported clause, "noted that the bridge was late", is not the next speaker)
                if t.lower_ in pron.get("male", ()):
                    return "male"
                if t.lower_ in pron.get("female", ()):
                    return "female"
                return None
        return None

    def _org_parts(self, ent: Span) -> list[tuple[int, int]]:
        """An organisation name, split at possessives ("the Labor Department's
        Bureau of Statistics" is two), with a place after "in" kept ("the
        Embassy in Oslo")."""
        doc = self.ctx.doc
        parts, s = [], ent.start
        for t in ent:
            if t.text in ("'s", "’s") and t.i > s:
                parts.append((s, t.i))
                s = t.i + 1
        e = ent.end
        documents = self.ctx.patterns.document_words.get("nouns", frozenset())
        bodies = self.ctx.patterns.kind_words.get("organization", frozenset())
        while e - s >= 2 and doc[e - 1].lower_ in documents and doc[e - 2].lower_ in bodies:
            e -= 1  # "the Flood Commission Report": the body is the Commission, the report its document
        if ent.label_ == "ORG" and e + 1 < len(doc) and doc[e].lower_ == "in" and doc[e + 1].ent_type_ == "GPE":
            e = doc[e + 1].i + 1
            while e < len(doc) and doc[e].ent_type_ == "GPE" and doc[e].ent_iob_ == "I":
                e += 1
        if e > s:
            parts.append((s, e))
        return parts

    def _org_name(self, s: int, e: int) -> str:
        doc = self.ctx.doc
        while s < e and (doc[s].dep_ == "det" or doc[s].lower_ == "the"):
            s += 1
        for k in range(s, e):
            if doc[k].text == "(":
                e = k  # "Northern Rail Workers (NRW)": the acronym is a key, not the name
                break
        while e > s and (doc[e - 1].text in ("'s", "’s") or doc[e - 1].is_punct):
            e -= 1
        return self._text(s, e) if e > s else ""

    def _entity_for_acronym(self, words: str, acronym: str, offset: int) -> int | None:
        """The shortest tail of `words` (at char `offset`) whose initials spell
        `acronym`: "Ann Lee of the World Fishing Council (WFC)" -> World Fishing Council."""
        found = list(regex.finditer(r"\S+", words))
        toks = [m.group() for m in found]
        for k in range(len(toks) - 1, -1, -1):
            if not toks[k][:1].isupper():
                continue
            capitals = "".join(w[0] for w in toks[k:] if w[:1].isupper())
            every = "".join(w[0] for w in toks[k:] if w.lower() != "the")
            if acronym.upper() in (capitals.upper(), every.upper()):
                j = k
                bodies = self.ctx.patterns.kind_words.get("organization", frozenset())
                if k >= 2 and toks[k - 1] in ("on", "for", "of") and toks[k - 2].lower() in bodies:
                    # "Task Force on Water Safety (WS)": the acronym names the topic; the body is the whole
                    j = k - 2
                    while j > 0 and toks[j - 1][:1].isupper() and toks[j - 1].lower() != "the":
                        j -= 1
                name = " ".join(toks[j:])
                known = self.by_key.get(norm(name))
                if known:
                    return known[0]
                at = self.ctx.token_at(offset + found[j].start())
                end = self.ctx.token_at(offset + len(words))
                ent = self._add(name, "organization", at, range(at, end))
                return ent.id if ent else None
        return None

    def _documents(self) -> None:
        """Documents the text gives an issuer: "the firm's statement", "a
        letter from the council", "the council published a report"."""
        ctx, doc = self.ctx, self.ctx.doc
        words = ctx.patterns.document_words
        documents = words.get("nouns", frozenset())
        issue = words.get("issue_verbs", frozenset())
        owners = words.get("owner_preps", frozenset())
        # "the Action Plan": a document's name is a proper noun with a document head
        # A plural noun the small model tagged as a verb in a noun's place
        # ("per WHO guidelines") is the document all the same.
        misread = [t for t in self._tokens_with_pos("VERB", documents, lower=True) if t.dep_ in NOUN_DEPS]
        found = sorted([*self._tokens_with_pos("NOUN", documents),
                        *self._tokens_with_pos("PROPN", documents, lower=True), *misread], key=lambda t: t.i)
        for t in found:
            owner = next((c for c in t.children if c.dep_ == "poss" and (c.pos_ != "PRON" or is_acronym(c))), None)
            if owner is None:
                owner = named_before(ctx, t)  # "WHO guidelines", "the EU plan"
            if owner is None:
                for c in t.children:
                    if c.dep_ == "prep" and c.lower_ in owners:
                        owner = next((g for g in c.children if g.dep_ == "pobj"), None)
            if owner is None and t.dep_ in ("dobj", "nsubjpass") and t.head.lemma_.lower() in issue:
                owner = subject_of(t.head, ctx) if t.dep_ == "dobj" else None
            if owner is None and t.dep_ == "pobj" and t.head.lower_ in ("in", "via", "through") \
                    and t.head.head.pos_ == "VERB":
                owner = subject_of(t.head.head, ctx)  # "in a statement, the firm said ..."
            if owner is None:
                owner = released_by(t)
            if owner is not None and (owner.pos_ in ("PROPN", "NOUN") or is_acronym(owner)):
                self.documents.setdefault(t.lemma_.lower(), []).append((t.i, owner.i))

    def _text(self, s: int, e: int) -> str:
        return self.ctx.text[slice(*self.ctx.chars(s, e))]

    def _partial(self, key: str, at: int, type_: EntityType) -> Entity | None:
        """The entity a name part ("Nair") stands for: the one mentioned last
        before `at`, else the first one mentioned after it."""
        best, best_pos, after, after_pos = None, -1, None, None
        for eid in self.by_key.get(key, ()):
            ent = self.entities[eid]
            if ent.type != type_:
                continue
            pos = ent.last_before(at + 1)
            if pos is not None and pos > best_pos:
                best, best_pos = ent, pos
            elif pos is None and (after_pos is None or ent.first < after_pos):
                after, after_pos = ent, ent.first
        return best or after

    # -- look-ups (read-only) ------------------------------------------------
    def person(self, name: str, at: int) -> Entity | None:
        return self._partial(norm(name), at, "person")

    def organization(self, name: str, at: int) -> Entity | None:
        """An organisation or outlet by its name, a short form of it ("the
        Coast Guard" for the "Hellenic Coast Guard", "the State Department"
        for the "Department of State"), or its acronym."""
        if name in self.acronyms:
            return self.entities[self.acronyms[name]]
        key = norm(name)
        words = [w for w in key.split() if w != "the"]
        if not words:
            return None
        # (not only listed, acted, last position, exact): a body the text
        # lists ("fined the Bureau of Mines, the Bureau of Roads and ...")
        # loses to one it does not; one that was a clause's subject ("the
        # Bureau of Mines announced") beats one only named in passing ("staff
        # at the Bureau of Roads"); then the latest mention wins.
        best: Entity | None = None
        best_rank = (False, False, -1, False)
        for eid in sorted(self.org_words.get(words[-1], set()) | self.org_words.get(words[0], set())):
            ent = self.entities[eid]
            if ent.members:
                continue  # "the ministry" is one of a list's members, never the list
            ew = norm(ent.name).split()
            whole = ew == words
            short = len(ew) > len(words) and (ew[-len(words):] == words or ew[:len(words)] == words
                                              or len(words) >= 2 and set(words) <= set(ew))
            if not (whole or short):
                continue
            pos = ent.last_before(at + 1)
            if pos is None:
                continue
            rank = (not self._listed_only(ent, at), self._acted(ent, at), pos, whole)
            if best is None or rank > best_rank:
                best, best_rank = ent, rank
        return best

    def _mention_heads(self, ent: Entity, at: int) -> Iterator[Token]:
        """The head word of each mention of `ent` up to `at`."""
        doc = self.ctx.doc
        for pos in ent.mentions:
            if pos > at:
                return
            t = doc[pos]
            while t.dep_ in ("compound", "flat", "det", "amod") and t.head.i > t.i:
                t = t.head
            yield t

    def _acted(self, ent: Entity, at: int) -> bool:
        """Whether some mention of `ent` before `at` is a clause's subject."""
        return any(t.dep_ in ("nsubj", "nsubjpass") and t.head.pos_ in ("VERB", "AUX")
                   for t in self._mention_heads(ent, at))

    def _listed_only(self, ent: Entity, at: int) -> bool:
        """Whether every mention of `ent` before `at` is a member of a list."""
        for t in self._mention_heads(ent, at):
            heads_a_list = any(c.dep_ == "conj" or c.dep_ == "appos" and any(g.dep_ == "conj" for g in c.children)
                               for c in t.children)  # "A, B and C", hung as an appositive with a conjunct
            if not (in_a_list(t) or heads_a_list):
                return False
        return True

    def holder(self, role: tuple[str, ...], at: int, subordinate: frozenset[str]) -> Entity | None:
        """The person the text gives the role `role` ("vice president",
        "prosecutor"), mentioned last before `at`. A deputy or a former
        holder does not hold the role itself."""
        if not role:
            return None
        best, best_pos, later = None, -1, set()
        for pos, eid in self.roles.get(role[-1], ()):
            ent = self.entities[eid]
            for tpos, words in ent.titles:
                if tpos != pos:
                    continue
                tail = [w for w in words if w in self.titles]
                if tail[-len(role):] != list(role) and not set(role) <= set(words):
                    continue
                if set(words) & subordinate - set(role):
                    continue
                if pos >= at:
                    later.add(ent.id)
                    continue
                last = ent.last_before(at)
                if last is not None and last > best_pos:
                    best, best_pos = ent, last
        if best is None and len(later) == 1:
            return self.entities[later.pop()]  # named only after, as the one holder of the role
        return best

    def document_owner(self, lemma: str, at: int, exact: bool = False) -> int | None:
        """The issuer's token for the document at token `at` when the text
        gives one ("Ann sent a letter saying"), else (unless `exact`) for the
        last document of this kind named before it ("the letter")."""
        found = self.documents.get(lemma, [])
        k = bisect_left(found, (at, -1))
        if k < len(found) and found[k][0] == at:
            return found[k][1]
        return found[k - 1][1] if k and not exact else None

    def persons_before(self, at: int, since: int) -> list[Entity]:
        """Persons mentioned between token `since` and `at`, the latest first."""
        out: dict[int, Entity] = {}
        k = bisect_left(self.person_mentions, (at, -1))
        while k > 0 and self.person_mentions[k - 1][0] >= since:
            k -= 1
            eid = self.person_mentions[k][1]
            out.setdefault(eid, self.entities[eid])
        return list(out.values())

    def last_body(self, at: int, types: tuple[str, ...], word: str | None = None,
                  label: str | None = None) -> Entity | None:
        """The organisation or outlet mentioned last before `at` (with `word`
        in its name, when given; with `label`, mentioned as an entity of that
        NER label: "ORG" leaves out places)."""
        if word is not None:
            cands = [self.entities[eid] for eid in self.org_words.get(norm(word), ())]
            best = max(((e.last_before(at), e) for e in cands if e.type in types and e.last_before(at) is not None),
                       key=lambda x: cast(int, x[0]), default=(None, None))  # x[0] is not None: the filter above
            return best[1]
        k = bisect_left(self.body_mentions, (at, -1))
        while k > 0:
            k -= 1
            pos, eid = self.body_mentions[k]
            ent = self.entities[eid]
            if ent.type in types and (label is None or self.ctx.doc[pos].ent_type_ == label):
                return ent
        return None

    def last_group(self, at: int) -> Entity | None:
        k = bisect_left(self.groups, (at, -1))
        return self.entities[self.groups[k - 1][1]] if k else None

    def entity_at(self, i: int) -> Entity | None:
        eid = self.at_token.get(i)
        return self.entities[eid] if eid is not None else None
