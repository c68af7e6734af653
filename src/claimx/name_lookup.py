"""Read-only look-ups in a built name index: a person or a body by name,
the holder of a role, a document's issuer, the latest person or body
before a position."""
from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Iterator, cast

from .entities import NAME_PREPOSITIONS, Entity, norm
from .name_store import NameStore
from .syntax import in_a_list

if TYPE_CHECKING:
    from spacy.tokens import Token


class NameLookup(NameStore):
    """The questions the resolvers ask of the index; none changes it."""

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
        best_rank = (False, False, False, -1, False)
        for eid in sorted(self.org_words.get(words[-1], set()) | self.org_words.get(words[0], set())):
            ent = self.entities[eid]
            if ent.members:
                continue  # "the ministry" is one of a list's members, never the list
            ew = norm(ent.name).split()
            whole = ew == words
            short = len(ew) > len(words) and (ew[-len(words):] == words or ew[:len(words)] == words
                                              or len(words) >= 2 and set(words) <= set(ew)
                                              or len(words) == 1 and _head_word(ew) == words[0])
            if not (whole or short):
                continue
            pos = ent.last_before(at + 1)
            if pos is None:
                continue
            # a body's word alone ("the House", which the NER may make an entity
            # of its own) is the last resort: a body named before with it as head word wins
            bare = whole and len(words) == 1 and words[0] in self.ctx.patterns.kind_words.get("organization", ())
            rank = (not bare, not self._listed_only(ent, at), self._acted(ent, at), pos, whole)
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
            # "A, B and C", hung as an appositive with a conjunct
            heads_a_list = any(c.dep_ == "conj" or c.dep_ == "appos"
                               and any(g.dep_ == "conj" for g in self.ctx.children(c)) for c in self.ctx.children(t))
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
        found = self.document_map().get(lemma, [])
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


def _head_word(words: list[str]) -> str:
    """A body name's head word: the last word before an "of" phrase
    ("house" in "northland house of delegates"), else the last word."""
    k = next((k for k, w in enumerate(words) if w in NAME_PREPOSITIONS and k), len(words))
    return words[k - 1]
