"""Loading the hand-written pattern files in `patterns/` into one immutable set.

The linguistic knowledge (cue words and their stance, outlets, titles, quote
marks, attribution rules) lives in TOML files; this module reads, checks and
indexes them. Every problem found is collected and raised once as a
`PatternError` naming file, rule and field.
"""
from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import regex

from .errors import PatternError, Problem
from .model import STANCES

# Keys each file section may hold; anything else is reported with a
# "did you mean" suggestion.
SECTIONS = {
    "verbs": set(STANCES), "nouns": set(STANCES), "phrases": set(STANCES),
    "adverbs": set(STANCES),
    "frames": {"object_is_content", "directive", "directive_object", "characterise",
               "addressee_object", "infinitive", "passive_infinitive", "loose_clause", "object_preps"},
    "characterisation": {"negative", "positive"},
    "outlets": None,  # free keys: canonical outlet names
    "outlet_words": {"name_parts", "nouns", "agency_words"},
    "channel_verbs": None,
    "titles": {"words", "connectors"},
    "honorifics": {"male", "female"},
    "pronouns": {"male", "female", "plural", "neuter", "relative"},
    "kinds": {"organization", "group", "anonymous", "documents", "indefinite_determiners"},
    "style": None, "rule": None, "meta": None,
}
RULE_KEYS = {"id", "handler", "confidence", "description", "examples", "counterexamples", "params", "pattern",
             "kind", "stance"}
STYLE_KEYS = {"name", "open", "close", "family"}
REQUIRED_RULE_KEYS = ("id", "handler")


@dataclass(frozen=True, slots=True)
class Rule:
    """One attribution rule: which handler runs it, with what settings."""

    id: str
    handler: str
    confidence: float
    file: str
    description: str = ""
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    pattern: Any = None  # a compiled regex for handler "regex"
    kind: str | None = None
    stance: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteStyle:
    name: str
    open: str
    close: str
    family: str


@dataclass(frozen=True)
class PatternSet:
    """Everything claimx knows about language, merged from pattern files."""

    files: tuple[str, ...]
    verb_stance: Mapping[str, str]
    noun_stance: Mapping[str, str]
    adverb_stance: Mapping[str, str]
    phrase_stance: Mapping[tuple[str, ...], str]
    frames: Mapping[str, frozenset]
    negative_words: frozenset
    positive_words: frozenset
    outlet_aliases: Mapping[tuple[str, ...], str]
    outlet_name_parts: frozenset
    outlet_nouns: frozenset
    outlet_endings: tuple
    channel_verbs: Mapping[str, str]
    title_words: frozenset
    title_connectors: frozenset
    male: frozenset
    female: frozenset
    pronouns: Mapping[str, frozenset]
    kind_words: Mapping[str, frozenset]
    quote_styles: tuple[QuoteStyle, ...]
    rules: tuple[Rule, ...]

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def rules_for(self, handler: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.handler == handler)


def bundled_patterns_dir() -> Path:
    """The bundled `patterns/` folder: inside the installed package, or the
    repository's top-level folder when running from a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "patterns", here.parent.parent / "patterns"):
        if (candidate / "core").is_dir():
            return candidate
    raise FileNotFoundError(f"claimx's bundled patterns/ folder was not found near {here}")


def core_files() -> list[Path]:
    return sorted((bundled_patterns_dir() / "core").glob("*.toml"))


@lru_cache(maxsize=16)
def _load_cached(paths: tuple[str, ...]) -> PatternSet:
    return _build([Path(p) for p in paths])


def load_patterns(paths: list[str | Path] | None = None) -> PatternSet:
    """Load the core pattern files, then `paths` on top of them (in order).

    The result is cached per list of files and never mutated.
    """
    files = [str(p) for p in core_files()] + [str(Path(p)) for p in (paths or [])]
    return _load_cached(tuple(files))


def _suggest(key: str, allowed) -> str:
    close = difflib.get_close_matches(key, sorted(allowed), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _line_of(source: str, needle: str) -> int | None:
    for n, line in enumerate(source.splitlines(), 1):
        if needle in line:
            return n
    return None


def _build(paths: list[Path]) -> PatternSet:
    problems: list[Problem] = []
    acc: dict[str, Any] = {
        "verbs": {}, "nouns": {}, "adverbs": {}, "phrases": {}, "frames": {}, "characterisation": {},
        "outlets": {}, "outlet_words": {}, "channel_verbs": {}, "titles": {}, "honorifics": {},
        "pronouns": {}, "kinds": {}, "style": [], "rule": [],
    }
    seen_rules: dict[str, str] = {}
    from .attribution import HANDLERS  # the mechanisms rules may name

    for path in paths:
        fname = str(path)
        try:
            source = path.read_text(encoding="utf-8")
        except OSError as exc:
            problems.append(Problem("P001", fname, f"cannot read file: {exc.strerror or exc}"))
            continue
        try:
            data = tomllib.loads(source)
        except tomllib.TOMLDecodeError as exc:
            problems.append(Problem("P002", fname, f"invalid TOML: {exc}"))
            continue
        for section, body in data.items():
            if section not in SECTIONS:
                problems.append(Problem("P003", fname, f"unknown section {section!r}{_suggest(section, SECTIONS)}",
                                        line=_line_of(source, section)))
                continue
            allowed = SECTIONS[section]
            if section == "rule":
                for raw in body:
                    rule = _check_rule(raw, fname, source, HANDLERS, problems)
                    if rule is None:
                        continue
                    if rule.id in seen_rules:
                        problems.append(Problem("P010", fname, f"duplicate rule id (first defined in {seen_rules[rule.id]})",
                                                rule=rule.id, field="id", line=_line_of(source, f'"{rule.id}"')))
                        continue
                    seen_rules[rule.id] = fname
                    acc["rule"].append(rule)
                continue
            if section == "style":
                for raw in body:
                    unknown = set(raw) - STYLE_KEYS
                    for k in sorted(unknown):
                        problems.append(Problem("P003", fname, f"unknown key {k!r}{_suggest(k, STYLE_KEYS)}",
                                                field=k, line=_line_of(source, k)))
                    try:
                        acc["style"].append(QuoteStyle(raw["name"], raw["open"], raw["close"], raw.get("family", "double")))
                    except KeyError as exc:
                        problems.append(Problem("P004", fname, f"quote style lacks required key {exc.args[0]!r}",
                                                field=exc.args[0]))
                continue
            if section == "meta":
                continue
            if not isinstance(body, dict):
                problems.append(Problem("P005", fname, f"section {section!r} must be a table"))
                continue
            for key, value in body.items():
                if allowed is not None and key not in allowed:
                    hint = _suggest(key, allowed)
                    code = "P006" if section in ("verbs", "nouns", "phrases", "adverbs") else "P003"
                    what = "unknown stance label" if code == "P006" else "unknown key"
                    problems.append(Problem(code, fname, f"{what} {key!r}{hint}", field=f"{section}.{key}",
                                            line=_line_of(source, key)))
                    continue
                acc[section][key] = value

    if problems:
        raise PatternError(problems)
    return _index(acc, tuple(str(p) for p in paths))


def _check_rule(raw: dict, fname: str, source: str, handlers, problems: list[Problem]) -> Rule | None:
    rid = raw.get("id")
    line = _line_of(source, f'"{rid}"') if rid else None
    ok = True
    for k in sorted(set(raw) - RULE_KEYS):
        problems.append(Problem("P003", fname, f"unknown key {k!r}{_suggest(k, RULE_KEYS)}", rule=rid, field=k, line=line))
        ok = False
    for k in REQUIRED_RULE_KEYS:
        if k not in raw:
            problems.append(Problem("P004", fname, f"rule lacks required key {k!r}", rule=rid, field=k, line=line))
            ok = False
    if not ok:
        return None
    handler = raw["handler"]
    if handler not in handlers:
        problems.append(Problem("P007", fname, f"unknown handler {handler!r}{_suggest(handler, handlers)}",
                                rule=rid, field="handler", line=line))
        return None
    conf = raw.get("confidence", 0.5)
    if not isinstance(conf, (int, float)) or not 0 <= conf <= 1:
        problems.append(Problem("P008", fname, f"confidence must be a number in [0, 1], not {conf!r}",
                                rule=rid, field="confidence", line=line))
        return None
    stance = raw.get("stance")
    if stance is not None and stance not in STANCES:
        problems.append(Problem("P006", fname, f"unknown stance label {stance!r}{_suggest(stance, STANCES)}",
                                rule=rid, field="stance", line=line))
        return None
    compiled = None
    if handler == "regex":
        try:
            compiled = regex.compile(raw.get("pattern", ""), regex.V1 | regex.MULTILINE)
        except regex.error as exc:
            problems.append(Problem("P009", fname, f"invalid regular expression: {exc}", rule=rid, field="pattern", line=line))
            return None
        if "content" not in compiled.groupindex:
            problems.append(Problem("P011", fname, "regex has no named group 'content' ((?P<content>...))",
                                    rule=rid, field="pattern", line=line))
            return None
    return Rule(
        id=rid, handler=handler, confidence=float(conf), file=fname,
        description=raw.get("description", ""), examples=tuple(raw.get("examples", ())),
        counterexamples=tuple(raw.get("counterexamples", ())),
        params=MappingProxyType(dict(raw.get("params", {}))), pattern=compiled,
        kind=raw.get("kind"), stance=stance,
    )


def _words(values) -> frozenset:
    return frozenset(str(v).lower() for v in values)


def _index(acc: dict[str, Any], files: tuple[str, ...]) -> PatternSet:
    def by_stance(section):
        out = {}
        for stance, words in acc[section].items():
            for w in words:
                out[w.lower()] = stance
        return MappingProxyType(out)

    phrases = {}
    for stance, items in acc["phrases"].items():
        for p in items:
            phrases[tuple(p.lower().split())] = stance
    aliases = {}
    for canonical, names in acc["outlets"].items():
        for n in names:
            aliases[tuple(n.split())] = canonical
    kinds = acc["kinds"]
    return PatternSet(
        files=files,
        verb_stance=by_stance("verbs"),
        noun_stance=by_stance("nouns"),
        adverb_stance=by_stance("adverbs"),
        phrase_stance=MappingProxyType(phrases),
        frames=MappingProxyType({k: _words(v) for k, v in acc["frames"].items()}),
        negative_words=_words(acc["characterisation"].get("negative", ())),
        positive_words=_words(acc["characterisation"].get("positive", ())),
        outlet_aliases=MappingProxyType(aliases),
        outlet_name_parts=frozenset(acc["outlet_words"].get("name_parts", ())),
        outlet_nouns=_words(acc["outlet_words"].get("nouns", ())),
        outlet_endings=tuple(tuple(e.split()) for e in acc["outlet_words"].get("agency_words", ())),
        channel_verbs=MappingProxyType(dict(acc["channel_verbs"])),
        title_words=_words(acc["titles"].get("words", ())),
        title_connectors=_words(acc["titles"].get("connectors", ())),
        male=_words(acc["honorifics"].get("male", ())),
        female=_words(acc["honorifics"].get("female", ())),
        pronouns=MappingProxyType({k: _words(v) for k, v in acc["pronouns"].items()}),
        kind_words=MappingProxyType({k: _words(v) for k, v in kinds.items()}),
        quote_styles=tuple(acc["style"]),
        rules=tuple(acc["rule"]),
    )
