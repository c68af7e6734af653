"""Resolvers of several speakers at once: a list of names ("Ann Lee, Tom Ray
and Joe Bloggs"), mentions joined by "and", and a description followed by
the name it describes ("the club's chairman, Marco Ferri")."""
from __future__ import annotations

from typing import TYPE_CHECKING, cast

from .claim import SpeakerType
from .speakers import NOT_NAMES, Prior, ResolverBase, Speaker, join, proper_noun
from .syntax import list_members, mention_span

if TYPE_CHECKING:
    from spacy.tokens import Token


class ListResolvers(ResolverBase):
    """Several speakers in one mention, resolved to a group or a joint name."""

    def _named_list(self, s: int, e: int, prior: list[Prior], depth: int) -> Speaker | None:
        """"Health Minister Ann Lowe, Finance Minister Tom Ray and Joe Bloggs":
        two or more names of people in one mention, apart only by commas,
        "and" and their titles, are a group, however the parser joined them."""
        people = [x for x in self.ctx.ents_between(s, e) if x.end <= e and x.label_ == "PERSON"]
        bodies = [x for x in self.ctx.ents_between(s, e) if x.end <= e and x.label_ == "ORG"]
        kind: SpeakerType = "group" if len(people) >= 2 else "organization"
        ents = people if kind == "group" else bodies
        if len(ents) < 2 or people and bodies and kind == "organization":
            return None
        doc = self.ctx.doc
        joined = False
        for a, b in zip(ents, ents[1:]):
            gap = doc[a.end:b.start]
            if not all(self._list_gap(t, kind) for t in gap):
                return None
            joined = joined or any(t.lower_ == "and" for t in gap)
        if not joined:
            return None
        names = [self.resolve((x.start, x.end), prior, depth + 1).name or x.text for x in ents]
        return Speaker(join(names), kind, reason="joint speakers: a list of names", members=tuple(names))

    def _list_gap(self, t: Token, kind: str) -> bool:
        """A word that may stand between two names of a list: commas, "and",
        titles; for bodies also their descriptions ("UK-based retailer")."""
        if t.is_punct and t.text == "," or t.lower_ == "and" or t.pos_ == "PROPN" \
                or t.lower_.rstrip(".") in self.titles or t.pos_ == "ADP" and t.lower_ == "of" or t.pos_ == "DET":
            return True
        return kind == "organization" and t.dep_ in ("compound", "amod", "npadvmod", "punct", "nmod") \
            and (t.is_punct and t.text in ("-", "‐") or t.pos_ in ("NOUN", "ADJ", "VERB", "PROPN"))

    def joint(self, root: Token, conj: list[Token], s: int, e: int, prior: list[Prior], depth: int) -> Speaker:
        """"Ana Costa and Lars Berg", "The Vice President and the President":
        a group named by each member's resolved name."""
        heads = [root] + conj
        parts: list[str] = []
        types: set[SpeakerType | None] = set()
        named = 0  # members resolved to a name of their own ("the health minister, Ana Costa")
        # "A and his two counterparts, B and C, (respectively)": the parser hangs
        # the names of the last, described member on the first
        roll = next((c for c in self.ctx.children(root) if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i > heads[-1].i
                     and s <= c.left_edge.i < e), None)
        for k, h in enumerate(heads):
            lo = s if k == 0 else h.left_edge.i
            hi = heads[k + 1].left_edge.i if k + 1 < len(heads) else (roll.left_edge.i if roll is not None else e)
            toks = [t for t in self.ctx.doc[max(lo, s):min(hi, e)] if t.dep_ not in ("cc", "punct", "preconj")]
            if k == 0:
                toks = [t for t in toks if t.i <= h.i or t.head.i == h.i and t.dep_ != "conj"]
            if not toks:
                continue
            sub = self.resolve((toks[0].i, toks[-1].i + 1), prior, depth + 1)
            if k == len(heads) - 1 and roll is not None:
                names = [self.resolve((m.left_edge.i, m.i + 1), prior, depth + 1) for m in list_members(roll, self.ctx)]
                if names and all(n.name and n.type == "person" for n in names):
                    # the described member is the people the roll names
                    sub = Speaker(join([cast(str, n.name) for n in names]), "group",
                                  members=tuple(cast(str, n.name) for n in names))
            # An unnamed member ("other agencies") is named by its own words;
            # a member that is itself joint ("his counterparts, B and C") adds its names.
            parts.extend(sub.members or [sub.name or self.text([t for t in toks if t.dep_ != "det" or k])])
            types.add(sub.type)
            named += bool(sub.name)
        name = join(parts) if named == len(heads) or any(
            self.ctx.doc[h.i].pos_ in ("PROPN", "PRON") or self.index.entity_at(h.i) for h in heads) else None
        kind = types.pop() if len(types) == 1 and types <= {"organization", "outlet"} else "group"
        return Speaker(name, kind, reason="joint speakers", members=tuple(parts) if name else ())

    def _appositive_name(self, root: Token, s: int, e: int) -> Token | None:
        """"One of the factions, the Liberation Front, said": a description
        whose appositive after it names the speaker. A name with a
        description after it ("Lena Fisk, a lawyer") is the other way round."""
        ent = self.ctx.ent_of(root.i)
        is_name = (ent is not None and ent.label_ in ("PERSON", "ORG")) \
            or (proper_noun(root) and (ent is None or ent.label_ != "NORP"))
        if root.pos_ == "PRON" or is_name:
            return None  # a pronoun or a name is the speaker itself
        joined = any(c.dep_ == "conj" and s <= c.i < e for c in self.ctx.children(root))
        for c in self.ctx.children(root):
            # after the mention; inside it only when it is one member's (joint() asks per member)
            if c.dep_ == "appos" and (c.i >= e or c.i > root.i and not joined):
                c_ent = self.ctx.ent_of(c.i)
                # a person or a body; a party or nationality ("a Republican") is no name
                label = c_ent.label_ if c_ent is not None else None
                if label in ("PERSON", "ORG", "GPE", "FAC") \
                        or (c.pos_ == "PROPN" and proper_noun(c) and label not in NOT_NAMES):
                    return c
        return None

    def described_then_named(self, toks: list[Token], appos: Token, prior: list[Prior], depth: int) -> Speaker:
        # The appositive's own name, not what the parser joined to it ("the minister, Ann Lee, and ...")
        s, e = mention_span(appos, self.ctx)
        conj = next((c for c in self.ctx.children(appos) if c.dep_ == "conj"), None)
        if conj is not None and conj.left_edge.i > appos.i and conj.pos_ != "PROPN":
            e = min(e, appos.i + 1)  # a description joined to the name is another member, not this name
        sp = self.resolve((s, e), prior, depth + 1)
        if sp.type == "person" and not sp.title:
            sp.title = self.text(toks)
        sp.reason = "appositive name after a description"
        return sp
