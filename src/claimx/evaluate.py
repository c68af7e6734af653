"""Scoring predicted claims against gold annotations (GUIDELINES.md, Scoring).

The definitions match `tests/data/score.py`, the project's independent
scorer; a test checks that both give the same figures on the same
predictions. Matching: a prediction matches a gold claim when their content
spans (trimmed of spaces, quotation marks, final punctuation and a leading
"that") overlap by at least half of the longer (or, with `match="gold30"`,
cover 30% of the gold); pairs are taken best-first, one-to-one. Speakers
compare by resolved name, or (`speaker="span"`, for corpora that annotate
mentions only) by overlapping mention spans. `e2e_f1` counts a prediction
right only when it matches a gold claim and its speaker is right.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from .errors import ClaimxError

if TYPE_CHECKING:
    from spacy.language import Language

    from .extractor import PatternPaths

QUOTE_MARKS = "\"'“”‘’«»„‟‹›`"
ATTRIBUTES = ("speaker", "kind", "cue", "stance", "stance_marked", "via")


def trim_span(text: str, span: Sequence[int]) -> tuple[int, int]:
    s, e = span
    while s < e and (text[s].isspace() or text[s] in QUOTE_MARKS):
        s += 1
    if text[s:s + 5].lower() == "that " and e - s > 5:  # a leading complementizer (GUIDELINES leave it out)
        s += 5
    while e > s and (text[e - 1].isspace() or text[e - 1] in QUOTE_MARKS or text[e - 1] in ".,;:"):
        e -= 1
    return s, e


def overlap(a: Sequence[int], b: Sequence[int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def normalise_name(name: str | None) -> str | None:
    if not name:
        return None
    name = unicodedata.normalize("NFKC", name).lower()
    name = re.sub(r"[^\w\s]", "", name)
    return " ".join(name.split()) or None


def _gold_pieces(text: str, claim: dict[str, Any]) -> list[tuple[int, int]]:
    fragments = (claim.get("fragments") or {}).get("content")
    return [trim_span(text, s) for s in (fragments or [claim["content"]])]


def match_claims(text: str, gold: list[dict[str, Any]], pred: list[dict[str, Any]],
                 mode: str = "half") -> list[tuple[int, int]]:
    """(gold index, prediction index) pairs, best overlap first, one-to-one."""
    candidates: list[tuple[float, int, int]] = []
    pred_spans = [trim_span(text, p["content"]) for p in pred]
    for gi, g in enumerate(gold):
        pieces = _gold_pieces(text, g)
        glen = sum(e - s for s, e in pieces) or 1
        for pi, ps in enumerate(pred_spans):
            ov = sum(overlap(piece, ps) for piece in pieces)
            if ov <= 0:
                continue
            longer = max(glen, ps[1] - ps[0], 1)
            if mode == "gold30":
                if ov >= 0.3 * glen:
                    candidates.append((ov / longer, gi, pi))
            elif ov * 2 >= longer:
                candidates.append((ov / longer, gi, pi))
    candidates.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


@dataclass
class Report:
    docs: int = 0
    gold: int = 0
    pred: int = 0
    matched: int = 0
    exact: int = 0
    e2e: int = 0
    # attribute -> [right, scored]
    counts: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in ATTRIBUTES})
    # (what, doc id, text, gold speaker, predicted speaker)
    errors: list[tuple[str, str, str, str | None, str | None]] = field(default_factory=list)

    def figures(self) -> dict[str, float | int | None]:
        p = self.matched / self.pred if self.pred else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        ep = self.exact / self.pred if self.pred else 0.0
        er = self.exact / self.gold if self.gold else 0.0
        ef = 2 * ep * er / (ep + er) if ep + er else 0.0
        out: dict[str, float | int | None] = {
            "docs": self.docs, "gold": self.gold, "pred": self.pred, "matched": self.matched,
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "exact_f1": round(ef, 4)}
        for k, (ok, n) in self.counts.items():
            out[k + "_acc"] = round(ok / n, 4) if n else None
        xp = self.e2e / self.pred if self.pred else 0.0
        xr = self.e2e / self.gold if self.gold else 0.0
        out["e2e_f1"] = round(2 * xp * xr / (xp + xr), 4) if xp + xr else 0.0
        return out


def score(gold_docs: dict[str, dict[str, Any]], pred_docs: dict[str, dict[str, Any]], *, match: str = "half",
          speaker: str = "name", only_speech: bool = False) -> Report:
    rep = Report(docs=len(gold_docs))
    for doc_id, gd in gold_docs.items():
        text, gold = gd["text"], gd["claims"]
        pred = pred_docs.get(doc_id, {}).get("claims", [])
        if only_speech:
            # A prediction matching a gold belief or intention claim leaves the count with it.
            other = {pi for gi, pi in match_claims(text, gold, pred, match)
                     if gold[gi].get("cue_speech_heuristic") is False}
            gold = [g for g in gold if g.get("cue_speech_heuristic") is not False]
            pred = [p for pi, p in enumerate(pred) if pi not in other]
        rep.gold += len(gold)
        rep.pred += len(pred)
        pairs = match_claims(text, gold, pred, match)
        rep.matched += len(pairs)
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            rep.exact += trim_span(text, g["content"]) == trim_span(text, p["content"])
            if speaker == "span":
                gsp, psp = g.get("speaker"), p.get("speaker")
                ok = (gsp is None and psp is None) or (bool(gsp) and bool(psp) and overlap(gsp, psp) > 0)
            else:
                ok = normalise_name(g.get("speaker_name")) == normalise_name(p.get("speaker_name"))
            _tally(rep, "speaker", ok)
            rep.e2e += ok
            if not ok:
                rep.errors.append(("speaker", doc_id, text[slice(*g["content"])][:60], g.get("speaker_name"), p.get("speaker_name")))
            _tally(rep, "kind", g.get("kind") == p.get("kind"))
            if g.get("cue"):
                _tally(rep, "cue", bool(p.get("cue")) and overlap(g["cue"], p["cue"]) > 0)
            if g.get("stance"):
                _tally(rep, "stance", g["stance"] == p.get("stance"))
                if g["stance"] != "neutral":
                    _tally(rep, "stance_marked", g["stance"] == p.get("stance"))
            gv, pv = normalise_name(g.get("via")), normalise_name(p.get("via"))
            if gv or pv:
                _tally(rep, "via", gv == pv)
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        rep.errors += [("missed", doc_id, text[slice(*g["content"])][:80], g.get("speaker_name"), None)
                       for gi, g in enumerate(gold) if gi not in matched_g]
        rep.errors += [("spurious", doc_id, text[slice(*p["content"])][:80], None, p.get("speaker_name"))
                       for pi, p in enumerate(pred) if pi not in matched_p]
    return rep


def _tally(rep: Report, key: str, ok: bool) -> None:
    rep.counts[key][0] += bool(ok)
    rep.counts[key][1] += 1


class GoldFileError(ClaimxError, ValueError):
    """A gold file line that is not a gold record; the message names file and line."""


def read_jsonl(path: str | Path) -> dict[str, dict[str, Any]]:
    """The gold records of a JSONL file by id; every line checked for what scoring reads."""
    docs: dict[str, dict[str, Any]] = {}
    with open(path, encoding="utf-8-sig") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFileError(f"{path}:{n}: invalid JSON ({exc.msg} at column {exc.colno})") from None
            problem = _gold_problem(d)
            if problem:
                raise GoldFileError(f"{path}:{n}: {problem}; a gold line is "
                                    '{"id": ..., "text": ..., "claims": [...]} (tests/data/GUIDELINES.md)')
            docs[str(d["id"])] = d
    if not docs:
        raise GoldFileError(f"{path}: no gold records")
    return docs


def _gold_problem(d: object) -> str | None:
    if not isinstance(d, dict):
        return f"a JSON {type(d).__name__}, not an object"
    for key, kind in (("id", (str, int)), ("text", str), ("claims", list)):
        if key not in d:
            return f'no "{key}" field'
        if not isinstance(d[key], kind):
            return f'"{key}" is {type(d[key]).__name__}'
    for k, c in enumerate(d["claims"]):
        if not isinstance(c, dict) or not isinstance(c.get("content"), list) or len(c["content"]) != 2:
            return f'claim {k} has no "content": [start, end]'
    return None


def evaluate(gold_path: str | Path, *, outlet: str | None = None, nlp: Language | str | None = None,
             patterns: PatternPaths | None = None, mode: str = "full", **scoring: Any) -> Report:
    """Run claimx over a gold file and score it (`scoring`: match, speaker, only_speech)."""
    from .extractor import get_extractor

    gold = read_jsonl(gold_path)
    ext = get_extractor(nlp, outlet, patterns, mode=mode)
    pred: dict[str, dict[str, Any]] = {}
    for (doc_id, gd), claims in zip(gold.items(), ext.pipe(d["text"] for d in gold.values())):
        pred[doc_id] = {"id": doc_id, "claims": [c.to_dict() for c in claims]}
    return score(gold, pred, **scoring)
