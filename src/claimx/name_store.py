"""What a document's name index holds, and how an entry is added.

`NameStore` is the index's storage: the entities, the keys they are found
by, and where each is mentioned. The builders (`person_names`,
`body_names`) add to it while `names.NameIndex` is built; after that only
the look-ups of `name_lookup` read it.
"""
from __future__ import annotations

from bisect import insort
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator, cast

import numpy
from spacy.attrs import LEMMA, LOWER, POS
from spacy.strings import hash_string  # type: ignore[attr-defined]  # in spaCy's strings.pyx, not its strings.pyi

from .context import INDEX_COLS, Context
from .entities import Entity, EntityType, norm

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from spacy.tokens import Token


@lru_cache(maxsize=256)
def _hashes(words: frozenset[str]) -> frozenset[int]:
    """The string-store ids of a word list, computed once per list, not per document."""
    return frozenset(hash_string(w) for w in words)


class NameStore:
    """The entries of one document's name index."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        p = ctx.patterns
        self.titles = p.title_words
        self.connectors = p.title_connectors
        self.particles = p.name_words.get("particles", frozenset())
        self.male_given = p.name_words.get("male_given", frozenset())
        self.female_given = p.name_words.get("female_given", frozenset())
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
        self.documents: dict[str, list[tuple[int, int]]] | None = None  # document noun -> (position, owner token)
        self._pos_lemma: NDArray[numpy.uint64] | None = None  # the doc's POS and LEMMA columns, read once
        self._pos_hits: dict[str, list[int]] = {}  # part of speech -> its tokens, found once
        self._words_of: dict[int, tuple[int, frozenset[str]]] = {}  # entity id -> its name's words (_name_words)
        self.body_mentions: list[tuple[int, int]] = []  # (position, entity id): bodies, in order

    def document_map(self) -> dict[str, list[tuple[int, int]]]:
        """The documents the text gives an issuer (found by `body_names` on first use)."""
        raise NotImplementedError

    def _add(self, name: str, type_: EntityType, at: int, tokens: Iterable[int], keys: Iterable[str] = ()
             ) -> Entity | None:
        if not name or not any(map(str.isalpha, name)):
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
        insort(ent.mentions, at)
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
        acronyms: dict[int, set[str]] = {}  # entity id -> its acronyms, read once (not once per entity)
        for a, i in self.acronyms.items():
            acronyms.setdefault(i, set()).add(norm(a))
        for ent in self.entities:
            if ent.type != "organization":
                continue
            count, name_words = self._name_words(ent)
            extra = acronyms.get(ent.id)
            full = name_words | extra if extra else name_words
            if words < full or words <= full and len(words) < count:
                return ent
        return None

    def _name_words(self, ent: Entity) -> tuple[int, frozenset[str]]:
        """How many words an entity's normalised name has, and which: split
        once per entity, not once per organisation added after it."""
        got = self._words_of.get(ent.id)
        if got is None:
            name = norm(ent.name).split()
            got = self._words_of[ent.id] = (len(name), frozenset(name))
        return got

    def _variants(self, name: str, type_: EntityType) -> set[str]:
        """Shorter keys a later mention may use: a surname (hyphenated ones
        whole: "Amir-Abdollahian"), a first name, initials, the words after a
        particle ("bin Salman")."""
        if type_ != "person":
            return set()
        words = [k for k in map(norm, name.split()) if k]
        if len(words) < 2:
            return set()
        out = {words[-1], words[0], f"{words[0][0]} {words[-1]}"}
        for k, w in enumerate(words[:-1]):
            if w in self.particles:
                out.add(" ".join(words[k:]))
        return out

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

    def _text(self, s: int, e: int) -> str:
        return self.ctx.text[slice(*self.ctx.chars(s, e))]

    def _tokens_with_pos(self, pos_name: str, lemmas: frozenset[str] | None = None,
                         lower: bool = False) -> Iterator[Token]:
        """The tokens of one part of speech (and, given `lemmas`, one of those
        lemmas, or with `lower` one of those lower-cased forms), found on
        integer arrays: no Token objects for the others."""
        doc = self.ctx.doc
        for i in self._indices_with_pos(pos_name, lemmas, lower):
            yield doc[i]

    def _indices_with_pos(self, pos_name: str, lemmas: frozenset[str] | None = None,
                          lower: bool = False) -> list[int]:
        """`_tokens_with_pos` as token indices."""
        doc = self.ctx.doc
        if not len(doc):
            return []
        if self._pos_lemma is None:
            cols = self.ctx.columns
            # the context read them with its own columns; read here when it has none
            # (spaCy's doc.pyi says to_array gives floats; it gives uint64 ids)
            self._pos_lemma = cols[:, INDEX_COLS] if cols is not None else \
                cast("NDArray[numpy.uint64]", doc.to_array([POS, LEMMA, LOWER]))
        arr = self._pos_lemma
        hits = self._pos_hits.get(pos_name)
        if hits is None:  # (several steps read the proper nouns)
            hits = self._pos_hits[pos_name] = numpy.flatnonzero(arr[:, 0] == doc.vocab.strings[pos_name]).tolist()
        if lemmas is not None:
            # A set test on the few tokens of that part of speech: cheaper
            # than numpy.isin, whose set-up costs more than the whole check.
            wanted = _hashes(lemmas)
            values = arr[hits, 2 if lower else 1].tolist()
            hits = [i for i, v in zip(hits, values) if v in wanted]
        return hits

    def name_tokens(self, toks: list[Token]) -> list[Token]:
        """The name in a run of tokens, without titles before it ("Deputy
        Health Minister Jonas Lind" -> "Jonas Lind") and without the object
        of a title ("Secretary of the Navy Rosa Penn" -> "Rosa Penn")."""
        # each word's form and lower-cased form read once: the tests below read them again and again
        texts = [t.text for t in toks]
        lows = [t.lower_ for t in toks]
        last_title = -1
        for k, t in enumerate(toks):
            low = lows[k].rstrip(".")
            if low in self.titles or texts[k] in ("-", "–") and k and lows[k - 1].rstrip(".") in self.titles:
                last_title = k
            elif texts[k][:1].islower() and low not in self.particles and low not in self.connectors \
                    and t.dep_ != "det":
                last_title = k  # lower-case description words belong to the title
        out: list[Token] = []
        for k in range(last_title + 1, len(toks)):
            t, text = toks[k], texts[k]
            if not out and t.dep_ == "det":
                continue
            if text in ("'s", "’s", "(", ")", ","):
                break
            if text[:1].isupper() or out and (lows[k] in self.particles or text in ("-", ".") or text[:1].isdigit()):
                out.append(t)
            elif out:
                break
        while out and (out[-1].lower_ in self.particles or out[-1].text == "-"):
            out.pop()
        hyphens = sum(1 for t in out if t.text in ("-", "‐"))
        words = len(out) - 2 * hyphens  # "Jean-Paul" is one word of a name
        before = self.ctx.doc[out[0].i - 1] if out and out[0].i > 0 else None
        if words >= 3 and before is not None and before.lower_ in self.connectors and before.dep_ != "cc":
            out = out[-2:]  # "Ambassador to the World Bank Rosa Penn"
        return out

    def gender_of(self, toks: Iterable[Token]) -> str | None:
        p = self.ctx.patterns
        for t in toks:
            low = t.lower_.rstrip(".")
            if low in p.male or low + "." in p.male:
                return "male"
            if low in p.female or low + "." in p.female:
                return "female"
        return None
