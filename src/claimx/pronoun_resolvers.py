"""Resolvers of pronouns: "he" and "she" by gender and nearness, "they" to a
joint speaker, a list or a body, "it" to the nearest body."""
from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Callable, cast

from .speakers import Prior, ResolverBase, Speaker, join, named_by_appositive
from .syntax import list_members, mention_span

if TYPE_CHECKING:
    from spacy.tokens import Token


class PronounResolvers(ResolverBase):
    """Pronouns, resolved to a speaker or a name before them."""

    def pronoun(self, tok: Token, prior: list[Prior]) -> Speaker:
        low = tok.lower_
        male, female = self.pron.get("male", ()), self.pron.get("female", ())
        at = tok.i
        since = self._window_start(at)
        if low in male or low in female:
            gender = "male" if low in male else "female"
            cands: list[tuple[int, str | None, str | None]] = []
            for p in prior:
                if since <= p.at < at and p.speaker.type == "person" and p.speaker.name:
                    cands.append((p.at, p.speaker.name, p.speaker.gender))
            for pos, eid in self.index.subjects:
                if since <= pos < at:
                    ent = self.index.entities[eid]
                    cands.append((pos, ent.name, ent.gender))
            # A pronoun opening a sentence whose sentence before has no person as
            # subject or speaker, but names one person only, means that person:
            # "Police spoke with Ann Lowe. She said ...".
            recent = self._only_person_just_before(at, cands, gender)
            if recent is not None:
                return recent
            # The nearest speaker or clause subject of a compatible gender (or
            # of none the text gives), then the nearest such person at all.
            further = [(p.at, p.speaker.name, p.speaker.gender) for p in prior
                       if p.at < since and p.speaker.type == "person" and p.speaker.name]
            for group in (cands, [(cast(int, ent.last_before(at)), ent.name, ent.gender)  # all named before `at`
                                  for ent in self.index.persons_before(at, since)], further):
                for pos, name, g in sorted(group, key=lambda c: -c[0]):
                    if (g or self._gender_of(name)) in (None, gender):
                        return Speaker(name, "person", gender, reason="pronoun: a person before it")
            return Speaker(None, "person", gender, reason="pronoun: no compatible person before it")
        if low in self.pron.get("plural", ()):
            return self.plural(at, prior) or Speaker(None, "group", reason="pronoun: no plural referent")
        if low in self.pron.get("neuter", ()):
            # The nearest of: a body that spoke before, a body named before, and
            # a body described as a clause's subject ("The ministry issued new rules. It said").
            found: list[tuple[int, Speaker]] = []
            for p in reversed(prior):
                if p.at < at and p.speaker.type in ("organization", "outlet") and p.speaker.name:
                    found.append((p.at, Speaker(p.speaker.name, p.speaker.type,
                                                reason="pronoun: an organisation before it")))
                    break
            org = self.index.last_body(at, ("organization", "outlet"))
            if org is not None:
                pos = cast(int, org.last_before(at))
                if len(org.name.split()) == 1:
                    # a short form ("the House") is the body the text named in full before
                    org = self.index.organization(org.name, pos) or org
                found.append((pos, Speaker(org.name, org.type, reason="pronoun: an organisation named before it")))
            described = self._described_body(at, since, prior)
            if described is not None:
                found.append(described)
            if found:
                return max(found, key=lambda f: f[0])[1]
            return Speaker(None, "organization", reason="pronoun: no organisation before it")
        return Speaker(None, "anonymous", reason="pronoun of the author or reader")

    def _only_person_just_before(self, at: int, cands: list[tuple[int, str | None, str | None]],
                                 gender: str) -> Speaker | None:
        s, _ = self.ctx.sentence(at)
        if at > s + 1 or s == 0:
            return None  # only a pronoun that opens its sentence
        ps, _ = self.ctx.sentence(s - 1)
        if any(ps <= pos < s for pos, _, _ in cands):
            return None  # the sentence before has a person as subject or speaker: the usual rule
        people = [e for e in self.index.persons_before(s, ps)]
        if len(people) != 1 or (people[0].gender or self._gender_of(people[0].name)) not in (None, gender):
            return None
        return Speaker(people[0].name, "person", gender, reason="pronoun: the one person of the sentence before")

    def _described_body(self, at: int, since: int, prior: list[Prior]) -> tuple[int, Speaker] | None:
        """The nearest clause subject before `at` that describes a body by its
        kind ("the ministry", "the council"), resolved."""
        bodies = self.kinds.get("organization", frozenset())
        for t in reversed(self.ctx.doc[since:at]):
            if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "NOUN" and t.lemma_.lower() in bodies:
                sp = self.resolve(mention_span(t, self.ctx), prior, 2)
                if sp.type == "organization" and sp.name:
                    return t.i, Speaker(sp.name, sp.type, reason="pronoun: a body described before it")
                return None
        return None

    def _gender_of(self, name: str | None) -> str | None:
        ent = self.index.person(name, len(self.ctx.doc)) if name else None
        return ent.gender if ent else None

    def _window_start(self, at: int) -> int:
        """Pronouns look back over their own paragraph and the one before;
        the paragraphs of a quotation that runs over several count as one."""
        ctx = self.ctx
        p = ctx.para_of(ctx.doc[at].idx)
        q = p - 1
        while q > 0 and self._quoted_paragraph(q):
            q -= 1
        return ctx.token_at(ctx.para_starts[max(0, q)])

    def _quoted_paragraph(self, p: int) -> bool:
        s, e = self.ctx.para_span(p)
        near = self.ctx.quotes_near(s) or self.ctx.quotes_near(s + 1)
        return bool(near) and near[0].open <= s + 1 and near[0].end >= e - 1

    def plural(self, at: int, prior: list[Prior], people_only: bool = False, count: int | None = None,
               joint_first: bool = False) -> Speaker | None:
        """The latest several-named referent before `at`: a joint speaker, a
        group named by its members, or an organisation. With a `count` ("the
        four agencies"), the latest one with that many members, if any."""
        if count is not None:
            counted = self._joint_before(at, prior, lambda n: n == count)
            if counted is not None:
                return counted
        if joint_first:
            # "the parties", "the companies": several bodies, so a joint referent
            # before a single one ("they" may still be one organisation)
            joint = self._joint_before(at, prior, lambda n: n >= 2, people_only)
            if joint is not None:
                return joint
        for p in reversed(prior):
            sp = p.speaker
            if p.at >= at or not sp.name:
                continue
            if sp.type == "group" and " and " in sp.name or sp.type == "organization" and not people_only:
                return Speaker(sp.name, sp.type, reason="plural: a joint or collective speaker before it")
        subject = self._joint_subject(at, prior)
        if subject is not None:
            return subject
        group = self.index.last_group(at)
        if group is not None and (group.type == "group" or not people_only):
            return Speaker(group.name, group.type, reason="plural: names joined before it")
        return None

    def _joint_before(self, at: int, prior: list[Prior], fits: Callable[[int], bool],
                      people_only: bool = False) -> Speaker | None:
        """The latest joint referent before `at` whose number of members
        `fits`: a speaker resolved before, else names joined in the text."""
        for p in reversed(prior):
            if p.at < at and p.speaker.name and fits(len(p.speaker.members)):
                return Speaker(p.speaker.name, p.speaker.type, reason="plural: a joint speaker before it",
                               members=p.speaker.members)
        k = bisect_left(self.index.groups, (at, -1))
        for _, gid in reversed(self.index.groups[:k]):
            group = self.index.entities[gid]
            if fits(len(group.members)) and (group.type == "group" or not people_only):
                return Speaker(group.name, group.type, reason="plural: names joined before it",
                               members=tuple(self.index.entities[m].name for m in group.members))
        return None

    def _joint_subject(self, at: int, prior: list[Prior]) -> Speaker | None:
        """"Ana Costa and Lars Berg met in Oslo. [...] They said": the nearest
        clause subject before `at` that joins names is what "they" continues,
        before names joined elsewhere (objects, prepositions)."""
        doc = self.ctx.doc
        meet = self.ctx.patterns.lists.get("reciprocal_verbs", frozenset())
        for t in reversed(doc[self._window_start(at):at]):
            if t.pos_ == "VERB" and t.lemma_.lower() in meet and not self._meeting:
                self._meeting = True  # resolving a side must not look for a meeting again
                try:
                    sides = self._sides(t, at, prior)
                finally:
                    self._meeting = False
                if sides is not None:
                    return sides
            if t.dep_ not in ("nsubj", "nsubjpass"):
                continue
            members = list_members(t, self.ctx)
            appos = next((c for c in self.ctx.children(t) if c.dep_ == "appos"), None)
            if len(members) == 1 and appos is not None:
                members += list_members(appos, self.ctx)[1:]  # the parser hung the second member on the first's name
            if len(members) > 1 and any(m.pos_ == "PROPN" or named_by_appositive(m) for m in members):
                s, e = mention_span(t, self.ctx)
                if e > at or any(m.pos_ == "PRON" for m in members):
                    continue  # never through the pronoun itself, nor another one
                if all(named_by_appositive(m) for m in members):
                    # "the health minister, Ana Costa, and the finance minister, Lars Berg":
                    # each member is named by its own appositive
                    parts: list[str] = []
                    for m in members:
                        one = self.resolve((m.left_edge.i, m.i + 1), prior, 1)  # the member's own words
                        if not one.name:
                            break
                        parts.extend(one.members or [one.name])
                    else:
                        return Speaker(join(parts), "group", reason="plural: names joined as a subject before it",
                                       members=tuple(parts))
                sp = self.resolve((s, e), prior, 1)
                if sp.name and " and " in sp.name:
                    sp.reason = "plural: names joined as a subject before it"
                    return sp
        return None

    def _sides(self, verb: Token, at: int, prior: list[Prior]) -> Speaker | None:
        """"Ana Costa met her counterparts, Lars Berg and Tom Vik. [...] They
        said": after a meeting ([lists] reciprocal_verbs), "they" is both
        sides, named. The other side may be a list the parser hung anywhere
        in the sentence after the verb."""
        subj = next((c for c in self.ctx.children(verb) if c.dep_ == "nsubj"), None)
        other = next((c for c in self.ctx.children(verb) if c.dep_ == "dobj"), None)
        if other is None:
            prep = next((c for c in self.ctx.children(verb) if c.dep_ == "prep" and c.lower_ == "with"), None)
            other = next((g for g in self.ctx.children(prep) if g.dep_ == "pobj"), None) if prep is not None else None
        if subj is None or other is None or subj.pos_ == "PRON":
            return None
        one = self.resolve(mention_span(subj, self.ctx), prior, 1)
        two = self.resolve(mention_span(other, self.ctx), prior, 1)
        if not two.name:
            # "her counterparts, Lars Berg, Tom Vik and ...": names listed after the verb
            group = self.index.last_group(at)
            end = self.ctx.sentence(verb.i)[1]
            if group is not None and verb.i < group.first < end and group.type == "group":
                two = Speaker(group.name, "group", members=tuple(self.index.entities[m].name for m in group.members))
        if not (one.name and two.name) or {one.type, two.type} - {"person", "group"}:
            return None
        parts = [*(one.members or [one.name]), *(two.members or [two.name])]
        return Speaker(join(parts), "group", reason="plural: the two sides of a meeting", members=tuple(parts))
