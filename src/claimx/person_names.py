"""Building the index: the persons a document names, with their titles,
nicknames and gender, including names the model labelled as something else."""
from __future__ import annotations

from typing import TYPE_CHECKING, cast

import regex

from .entities import UNSURE_LABELS, Entity, EntityType, norm
from .name_store import NameStore
from .syntax import heads_with_child, in_a_list, list_members

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


_NICKNAME = regex.compile(r"\s*,?\s*(?:known as|nicknamed|dubbed|aka)\s+[“\"']?(\p{Lu}[\p{L}-]+)")


def _main_clause(verb: Token) -> bool:
    """A sentence's main verb, or one conjoined to it."""
    return verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT"


class PersonNames(NameStore):
    """Adds the persons of a document to the index."""

    def _person(self, ent: Span) -> None:
        ctx, doc = self.ctx, self.ctx.doc
        e = ent.end
        while e < len(doc) and self._name_goes_on(e):
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
                                                      else None) or (self._given_name_gender(toks[0]) if e - s > 1
                                                                     else None)
        root = ent.root
        verb = root.head
        # Main-clause subjects only: a name inside a reported clause ("said
        # Trump is ...") is not who speaks next.
        if root.dep_ in ("nsubj", "nsubjpass") and (verb.dep_ == "ROOT" or verb.dep_ == "conj"
                                                     and verb.head.dep_ == "ROOT"):
            self.subjects.append((s, person.id))

    def _name_goes_on(self, e: int) -> bool:
        """Whether token e is a capitalised proper noun tied to the word
        before it, a name's word NER left out."""
        doc = self.ctx.doc
        t = doc[e]  # one Token for every test
        return t.pos_ == "PROPN" and t.text[:1].isupper() and t.ent_type_ in ("", "PERSON") \
            and (doc[e - 1].head.i == e or t.head.i == e - 1)

    def _given_name_gender(self, first: Token) -> str | None:
        """The gender a listed given name tells ("Ruth Lowe"), when the text does not."""
        low = first.lower_
        if low in self.male_given:
            return "male"
        return "female" if low in self.female_given else None

    def _person_by_context(self, ent: Span) -> Span | None:
        """A name the model tagged as an organisation or place that the text
        treats as a person's, as the span of the whole name, or None: it comes
        after a person's title (over first names NER left out: "Mayor Ana |
        Costa"), is joined by "and" to a person's name, is the surname of a
        person named before, or is the subject a "he" or "she" continues."""
        words = [t for t in ent if t.dep_ != "det"]
        # the cheap tests first: most organisations and places fail one
        if not words or len(words) > 3 or not all(t.is_alpha and t.text[:1].isupper() for t in words):
            return None
        if any(norm(t.text) in self.org_kinds for t in words):
            return None
        doc = self.ctx.doc
        start = ent.start
        while start > 0 and start > ent.start - 2 and self._first_name_before(doc[start - 1]):
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
        linked += [c for c in self.ctx.children(root) if c.dep_ == "conj"]
        if any(t.ent_type_ == "PERSON" for t in linked):
            return span
        if self._pronoun_gender_after(span) is not None:
            return span
        return span if self._shaped_like_a_speaking_person(span, ent) else None

    def _first_name_before(self, t: Token) -> bool:
        """A capitalised proper noun NER left out, joined as a name's word,
        that is not a title."""
        return t.pos_ == "PROPN" and not t.ent_type_ and t.text[:1].isupper() and t.is_alpha \
            and t.dep_ in ("compound", "flat") and t.lower_.rstrip(".") not in self.titles

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

    def _unlabelled_names(self) -> None:
        """Runs of two to four capitalised proper nouns that NER left out and
        that stand where people stand (clause subjects, lists of names) are
        person names too: "Tom Ray and Ann Lee said"; so is one such word
        that is the surname of a person named before."""
        doc = self.ctx.doc
        for i in self._indices_with_pos("PROPN"):
            if i in self.at_token:
                continue
            t = doc[i]
            dep = t.dep_  # read once: each read decodes the string again
            if dep in ("compound", "flat"):
                continue
            if dep not in ("nsubj", "nsubjpass", "conj", "appos") \
                    and not any(c.dep_ == "conj" for c in self.ctx.children(t)):
                continue
            run = [t]
            k = t.i - 1
            while k >= 0 and doc[k].pos_ == "PROPN" and doc[k].dep_ in ("compound", "flat") and doc[k].head.i == t.i:
                run.insert(0, doc[k])
                k -= 1
            if not all(x.text[:1].isupper() and x.is_alpha and x.ent_type_ in UNSURE_LABELS for x in run) \
                    or any(x.lower_ in self.titles for x in run):
                continue
            if 2 <= len(run) <= 4:
                self._add(self._text(run[0].i, t.i + 1), "person", run[0].i, range(run[0].i, t.i + 1))
            elif len(run) == 1 and self._partial(norm(t.text), i, "person") is not None:
                self._person(doc[i:i + 1])  # "Lowe became chair": the surname of a person named before

    def _coordinations(self) -> None:
        """Names joined by "and" ("Tom Ray and Ann Lee", "the EPA, the USDA
        and the CDC") are also a group, which a later "they" or "the two
        ministers" may mean."""
        doc = self.ctx.doc
        linked = heads_with_child(doc, ("conj", "appos"))  # a list's first member has one of these
        for i in sorted(self.at_token):
            if i not in linked:
                continue
            t = doc[i]
            if t.dep_ in ("compound", "flat", "det", "punct") or in_a_list(t):
                continue  # a list is led by a name's head word
            if t.dep_ in ("pobj", "poss"):
                continue  # "the border between Chad and Niger" names no one who acts or speaks
            members = list_members(t, self.ctx)
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

    def role_tokens(self, ent: Span) -> list[Token]:
        """Words that describe a named person: titles before the name ("Crown
        Prince") and appositives ("the club's chairman")."""
        root = ent.root
        # the subtree's words before the name and the name's: a span, since spaCy's parses are projective
        toks = list(self.ctx.doc[min(root.left_edge.i, ent.start):ent.end])
        for c in self.ctx.children(root):
            if c.dep_ == "appos":
                toks.extend(c.subtree)
        if root.dep_ == "appos":
            head = root.head  # once: each .head builds a new Token
            limit = min(head.i + 1, ent.start)
            toks.extend(t for t in head.subtree if t.i < limit)
        return toks

    def _pronoun_gender_after(self, ent: Span) -> str | None:
        # "Ann Lee arrived late. She said ...": a name that is a clause
        # subject, and a gendered subject pronoun as the next subject after
        # it in the same or the next sentence, with no other name between.
        doc, pron = self.ctx.doc, self.ctx.patterns.pronouns
        if ent.root.dep_ not in ("nsubj", "nsubjpass"):
            return None
        end = self.ctx.sentence(ent.start)[1]
        end = self.ctx.sentence(end)[1] if end < len(doc) else end
        quoted = self.ctx.tok_quote
        for i in range(ent.end, end):
            if quoted[i] >= 0:
                continue  # the quoted words' own "we" and "I" say nothing of the name
            t = doc[i]
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
