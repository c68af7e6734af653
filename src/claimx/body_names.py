"""Building the index: the organisations a document names, their parts
and acronyms, and the documents they issue."""
from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from .entities import NAME_PREPOSITIONS, NOUN_DEPS, is_acronym, named_before, norm, released_by
from .name_store import NameStore
from .syntax import subject_of

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


class BodyNames(NameStore):
    """Adds the organisations and documents of a document to the index."""

    def _placed_bodies(self, bodies: frozenset[str]) -> None:
        """"Oxfordshire police", "Bergen council": a place and a body's word
        after it name that body, so a later "police" or "the council" finds it."""
        doc = self.ctx.doc
        for ent in self.ctx.ents:
            e = ent.end
            if ent.label_ == "GPE" and e < len(doc) and doc[e].pos_ == "NOUN" and doc[e].lower_ in bodies \
                    and doc[e].text[:1].islower() and e not in self.at_token:
                self._add(self._text(ent.start, e + 1), "organization", ent.start, range(ent.start, e + 1))

    def _proper_bodies(self, bodies: frozenset[str]) -> None:
        """A body's name the NER left out or cut short: a capitalised body
        word with capitalised words before it or an "of" phrase after it,
        "the Northland House of Delegates", so that a later "the House"
        finds the long form."""
        doc = self.ctx.doc
        for t in self._tokens_with_pos("PROPN", bodies, lower=True):
            if t.i in self.at_token or t.dep_ in ("compound", "flat") or not t.text[:1].isupper():
                continue
            s = t.i
            while s > 0 and doc[s - 1].pos_ == "PROPN" and doc[s - 1].dep_ == "compound" \
                    and doc[s - 1].head.i in (t.i, s) and doc[s - 1].text[:1].isupper():
                s -= 1
            e = t.i + 1
            prep = next((c for c in self.ctx.children(t) if c.dep_ == "prep" and c.i == e
                         and c.lower_ in NAME_PREPOSITIONS), None)
            if prep is not None and prep.right_edge.i > prep.i and all(
                    x.text[:1].isupper() or x.lower_ in ("of", "and", "the", "for", "on", "&")
                    for x in doc[prep.i + 1:prep.right_edge.i + 1]) and doc[prep.right_edge.i].text[:1].isupper():
                e = prep.right_edge.i + 1
            if s == t.i and e == t.i + 1:
                continue  # a lone "House" is a short form, not a name
            ent = self.ctx.ent_of(t.i)
            if ent is not None and ent.label_ in ("ORG", "FAC", "GPE", "NORP") and ent.start <= s and ent.end >= e:
                continue  # the NER has it whole ("the Dutch Embassy in Oslo"): the entity loop adds it
            start = s - 1 if s > 0 and doc[s - 1].lower_ == "the" else s
            self._add(self._text(s, e), "organization", s, range(start, e))

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
        doc, text, starts = self.ctx.doc, self.ctx.text, self.ctx.tok_starts
        while s < e and _is_article(doc[s]):
            s += 1
        for k in range(s, e):
            if text[starts[k]] == "(" and self.ctx.tok_ends[k] == starts[k] + 1:
                e = k  # "Northern Rail Workers (NRW)": the acronym is a key, not the name
                break
        while e > s and _is_name_tail(doc[e - 1]):
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

    def document_map(self) -> dict[str, list[tuple[int, int]]]:
        # Found on first use: most documents never resolve a document mention.
        if self.documents is None:
            self.documents = {}
            self._documents(self.documents)
        return self.documents

    def _documents(self, out: dict[str, list[tuple[int, int]]]) -> None:
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
            owner = next((c for c in self.ctx.children(t)
                          if c.dep_ == "poss" and (c.pos_ != "PRON" or is_acronym(c))), None)
            if owner is None:
                owner = named_before(ctx, t)  # "WHO guidelines", "the EU plan"
            if owner is None:
                for c in self.ctx.children(t):
                    if c.dep_ == "prep" and c.lower_ in owners:
                        owner = next((g for g in self.ctx.children(c) if g.dep_ == "pobj"), None)
            if owner is None and t.dep_ in ("dobj", "nsubjpass") and t.head.lemma_.lower() in issue:
                owner = subject_of(t.head, ctx) if t.dep_ == "dobj" else None
            if owner is None and t.dep_ == "pobj" and t.head.lower_ in ("in", "via", "through") \
                    and t.head.head.pos_ == "VERB":
                owner = subject_of(t.head.head, ctx)  # "in a statement, the firm said ..."
            if owner is None:
                owner = released_by(t)
            if owner is not None and (owner.pos_ in ("PROPN", "NOUN") or is_acronym(owner)):
                out.setdefault(t.lemma_.lower(), []).append((t.i, owner.i))


def _is_article(t: Token) -> bool:
    """A determiner or "the" before a name (one Token for both tests)."""
    return t.dep_ == "det" or t.lower_ == "the"


def _is_name_tail(t: Token) -> bool:
    """A possessive ending or punctuation after a name."""
    return t.text in ("'s", "’s") or t.is_punct
