"""Finding cue candidates: the reporting and stance words in a parsed Doc.

Lookup tables are built once per pattern set; `find` walks the tokens once,
matching single words by lemma and part of speech and multi-word phrases
through a prefix table on lemma or lower-case form.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER, POS
from spacy.parts_of_speech import ADV, NOUN, PROPN, VERB
from spacy.strings import hash_string

from .patterns import PatternSet


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue: tokens [start, end), the syntactic head token, and its stance."""

    start: int
    end: int
    head: int
    lemma: str
    pos: str  # "verb" | "noun" | "phrase" | "adverb"
    stance: str


class CueFinder:
    def __init__(self, patterns: PatternSet):
        self.verbs = patterns.verb_stance
        self.nouns = patterns.noun_stance
        self.adverbs = patterns.adverb_stance
        self.phrases = patterns.phrase_stance
        self.prefixes = {p[:k] for p in self.phrases for k in range(1, len(p) + 1)}
        self.max_phrase = max((len(p) for p in self.phrases), default=0)
        # Hashes of every word a cue can start with, so the scan over a Doc
        # compares integers and builds Token objects only at candidates.
        words = set(self.verbs) | set(self.nouns) | set(self.adverbs) | {p[0] for p in self.phrases}
        self.first = {hash_string(w) for w in words}

    def find(self, doc) -> list[Cue]:
        cues: list[Cue] = []
        n = len(doc)
        if not n:
            return cues
        arr = doc.to_array([LEMMA, LOWER, POS]).tolist()
        first = self.first
        i = 0
        while i < n:
            lemma_h, lower_h, pos = arr[i]
            if lemma_h not in first and lower_h not in first:
                i += 1
                continue
            phrase = self._phrase_at(doc, i, n)
            if phrase is not None:
                cues.append(phrase)
                i = phrase.end
                continue
            tok = doc[i]
            lemma = tok.lemma_.lower()
            if pos == VERB and lemma in self.verbs:
                cues.append(Cue(i, i + 1, i, lemma, "verb", self.verbs[lemma]))
            elif pos in (NOUN, PROPN) and lemma in self.nouns and tok.is_lower:
                cues.append(Cue(i, i + 1, i, lemma, "noun", self.nouns[lemma]))
            elif pos == ADV and lemma in self.adverbs:
                cues.append(Cue(i, i + 1, i, lemma, "adverb", self.adverbs[lemma]))
            i += 1
        return cues

    def _phrase_at(self, doc, i: int, n: int) -> Cue | None:
        # Longest phrase starting at token i, matching each word by lemma or form.
        best = None
        states = [()]
        for j in range(i, min(n, i + self.max_phrase)):
            tok = doc[j]
            forms = {tok.lemma_.lower(), tok.lower_}
            states = [s + (f,) for s in states for f in forms if s + (f,) in self.prefixes]
            if not states:
                break
            for s in states:
                if s in self.phrases:
                    best = (j + 1, s)
        if best is None:
            return None
        end, key = best
        head = self._phrase_head(doc, i, end)
        return Cue(i, end, head, " ".join(key), "phrase", self.phrases[key])

    @staticmethod
    def _phrase_head(doc, start: int, end: int) -> int:
        # The token whose head lies outside the phrase: "went" in "went on to say".
        for k in range(start, end):
            h = doc[k].head.i
            if h < start or h >= end or h == k:
                return k
        return start
