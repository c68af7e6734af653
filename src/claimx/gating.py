"""Fast mode's gate: which sentences of a text can hold a claim, decided on
the raw text before any parsing.

A sentence passes when it holds a quotation, a word form of a cue from the
lexicon, ends in a colon (a blockquote may follow), or names a person for
the first time (the title or group later mentions lean on is given there).
The parser side of the spaCy pipeline then runs only on the passing runs of
sentences; NER runs on all of them. Passing the sentence before each passing
one as well (for pronouns' antecedents) changed neither F1 nor speaker
accuracy measurably, and cost a fifth more parsing, so it is not done.

Cue word forms come from the lexicon's lemmas by regular English inflection,
plus the irregular forms the pipeline's own lemmatizer knows ("told" from
"tell"), so the gate needs no word list of its own.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

import regex

from .patterns import PatternSet

if TYPE_CHECKING:
    from spacy.tokens import Doc

# A sentence ends at . ! or ? (with any closing quotes or brackets after it)
# before a space and a capital, digit or opening mark; or at a line break.
_SENTENCE_END = regex.compile(
    r"""(?<=[.!?]['"’”»)\]]*)[ \t\u00a0]+(?=['"‘“«(\[]?[\p{Lu}\d])|\n+""")
# ... but not after a short capitalised word or an initial ("Mr. Lee",
# "Gen. Ito", "J. Smith", "U.S. officials"): a wrong cut there could leave a
# name outside the parsed run.
_ABBREVIATION = regex.compile(r"""(?:^|[\s(])(?:\p{Lu}[\p{L}.]{0,3}|\p{Ll})\.['"’”]*$""")
_WORD = regex.compile(r"\p{L}+")
# How far back the abbreviation test looks, in characters.
_LOOKBACK = 8


def cue_forms(patterns: PatternSet, irregular: Mapping[str, Iterable[str]] | None = None) -> frozenset[str]:
    """Lower-case word forms that may realise a cue of `patterns`.

    For a multi-word cue the gate looks for its longest word ("issue" in
    "take issue with"), which is its least common one. `irregular` maps a
    lemma to its irregular forms ("tell" -> "told").
    """
    irregular = irregular or {}
    forms: set[str] = set()
    for entry in patterns.cues:
        word = max(entry.words, key=len)
        forms |= _inflections(word)
        forms.update(f.lower() for f in irregular.get(word, ()))
    return frozenset(forms)


def _inflections(lemma: str) -> set[str]:
    """Regular English forms of `lemma`, over-generated: a spare form costs nothing."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing",
           lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """Cut `text` into sentences by punctuation, each with the space after it,
    so the pieces concatenate back to `text`."""
    cuts = []
    for m in _SENTENCE_END.finditer(text):
        if m.group().startswith("\n") or not _ABBREVIATION.search(text, max(0, m.start() - _LOOKBACK), m.start()):
            cuts.append(m.end())
    bounds, start = [], 0
    for cut in cuts:
        if cut > start:
            bounds.append((start, cut))
            start = cut
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


class Gate:
    """Built once per pattern set and pipeline; `select` is linear in the text."""

    def __init__(self, patterns: PatternSet, irregular: Mapping[str, Iterable[str]] | None = None) -> None:
        self.forms = cue_forms(patterns, irregular)

    def passes(self, sentence: str) -> bool:
        """Whether `sentence` (with no quotation in it) may hold a claim."""
        if sentence.rstrip().endswith(":"):
            return True
        forms = self.forms
        return any(w.lower() in forms for w in _WORD.findall(sentence))

    def select(self, text: str, quoted: Sequence[tuple[int, int]],
               introduced: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int, bool]]:
        """The sentences of `text` as (start, end, selected), covering it in
        order. `quoted` are the (start, end) offsets of its quotations and
        `introduced` those of names mentioned for the first time, each in
        text order."""
        bounds = sentences(text)
        keep = [False] * len(bounds)
        q = n = 0
        for i, (s, e) in enumerate(bounds):
            while q < len(quoted) and quoted[q][1] <= s:
                q += 1
            while n < len(introduced) and introduced[n][1] <= s:
                n += 1
            keep[i] = ((q < len(quoted) and quoted[q][0] < e) or (n < len(introduced) and introduced[n][0] < e)
                       or self.passes(text[s:e]))
        return [(s, e, k) for (s, e), k in zip(bounds, keep)]


def introductions(doc: Doc, labels: tuple[str, ...] = ("PERSON",)) -> list[tuple[int, int]]:
    """Character offsets of each name's first mention in `doc` (by its last
    word), in text order. The sentence that introduces a person usually
    gives the title, the role or the group that later mentions lean on."""
    seen: set[str] = set()
    out = []
    for ent in doc.ents:
        if ent.label_ in labels and ent[-1].lower_ not in seen:
            seen.add(ent[-1].lower_)
            out.append((ent.start_char, ent.end_char))
    return out
