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
    profile: str | None = None  # the outlet profile loaded, if any
    author: str | None = None  # the outlet the articles come from (never a via)

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def rules_for(self, handler: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.handler == handler)


ENTRY_POINT_GROUP = "claimx.patterns"


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


def _profile_dirs() -> list[Path]:
    """Folders of outlet profiles: the bundled one, then third-party packs
    registered under the `claimx.patterns` entry-point group (each entry
    point names a folder of profile files, or an object whose str() is one)."""
    from importlib.metadata import entry_points

    dirs = [bundled_patterns_dir() / "outlets"]
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            target = ep.load()
            path = Path(target() if callable(target) else str(target))
        except Exception as exc:  # a broken pack must not hide the others
            import warnings

            warnings.warn(f"claimx pattern pack {ep.name!r} could not be loaded: {exc}", stacklevel=2)
            continue
        if path.is_dir():
            dirs.append(path)
    return dirs


def available_outlets() -> list[str]:
    """Names of the outlet profiles that `outlet=` accepts."""
    names = set()
    for d in _profile_dirs():
        names.update(p.stem for p in d.glob("*.toml"))
    return sorted(names)


def outlet_file(name: str) -> Path | None:
    key = _key(name)
    for d in _profile_dirs():
        for p in sorted(d.glob("*.toml")):
            if _key(p.stem) == key:
                return p
    return None


def _key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


@lru_cache(maxsize=32)
def _load_cached(outlet: str | None, paths: tuple[str, ...]) -> PatternSet:
    return _build(outlet, [Path(p) for p in paths])


def load_patterns(paths: list[str | Path] | None = None, outlet: str | None = None) -> PatternSet:
    """The core pattern files, then the outlet profile `outlet` (with what it
    extends), then the files in `paths`, merged in that order.

    An `outlet` with no profile of its own only names the articles' author.
    The result is cached per arguments and never mutated.
    """
    return _load_cached(outlet, tuple(str(Path(p)) for p in (paths or [])))


def _suggest(key: str, allowed) -> str:
    close = difflib.get_close_matches(key, sorted(allowed), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _line_of(source: str, needle: str) -> int | None:
    for n, line in enumerate(source.splitlines(), 1):
        if needle in line:
            return n
    return None


@dataclass
class _File:
    path: Path
    source: str
    data: dict


_TOKEN = regex.compile(r"[\w.']+|[^\w\s]")

# Pattern files are small; anything far larger is a mistake or an attack on
# the loader, and so is a regular expression longer than a page.
MAX_FILE_BYTES = 2_000_000
MAX_PATTERN_CHARS = 5_000
MAX_RULES_PER_FILE = 2_000


def _read(path: Path, problems: list[Problem]) -> _File | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(Problem("P016", str(path), f"file is {size} bytes; pattern files may be at most "
                                    f"{MAX_FILE_BYTES} bytes"))
            return None
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        problems.append(Problem("P001", str(path), f"cannot read file: {exc.strerror or exc}"))
        return None
    except UnicodeDecodeError as exc:
        problems.append(Problem("P002", str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return None
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        problems.append(Problem("P002", str(path), f"invalid TOML: {exc}", line=line))
        return None
    return _File(path, source, data)


def _expand(path: Path, problems: list[Problem], stack: tuple[str, ...] = ()) -> list[_File]:
    """`path` preceded by the profiles it `extends`, base first."""
    key = str(path.resolve()) if path.exists() else str(path)
    if key in stack:
        chain = " -> ".join(Path(k).name for k in stack + (key,))
        problems.append(Problem("P013", str(path), f"cycle in 'extends': {chain}", field="meta.extends"))
        return []
    f = _read(path, problems)
    if f is None:
        return []
    meta = f.data.get("meta", {})
    base = meta.get("extends", "core") if isinstance(meta, dict) else "core"
    out: list[_File] = []
    if not isinstance(base, str):
        base = "core"  # reported as P005 when the file's meta is merged
    if base and base != "core":
        base_path = outlet_file(base) or (path.parent / f"{base}.toml" if (path.parent / f"{base}.toml").exists() else None)
        if base_path is None:
            problems.append(Problem("P014", str(path), f"'extends' names no known profile {base!r}"
                                    f"{_suggest(base, available_outlets() + ['core'])}",
                                    field="meta.extends", line=_line_of(f.source, "extends")))
        else:
            out.extend(_expand(base_path, problems, stack + (key,)))
    out.append(f)
    return out


def _build(outlet: str | None, paths: list[Path]) -> PatternSet:
    problems: list[Problem] = []
    files: list[_File] = []
    for p in core_files():
        f = _read(p, problems)
        if f is not None:
            files.append(f)
    profile = None
    author = None
    if outlet:
        path = outlet_file(outlet)
        if path is not None:
            profile = path.stem
            files.extend(_expand(path, problems))
    for p in paths:
        files.extend(_expand(p, problems))
    # Files reached twice (a user file extending the chosen profile) load once.
    seen_paths: set[str] = set()
    unique = []
    for f in files:
        k = str(f.path.resolve())
        if k not in seen_paths:
            seen_paths.add(k)
            unique.append(f)
    merged = _Merged()
    for f in unique:
        merged.add(f, problems)
        meta = f.data.get("meta", {})
        if isinstance(meta, dict) and meta.get("outlet"):
            author = meta["outlet"]
    if problems:
        # Report file by file, in load order, whichever phase found the problem.
        order: dict[str, int] = {}
        for name in [str(p) for p in core_files()] + [str(p) for p in paths] + [str(f.path) for f in files]:
            order.setdefault(name, len(order))
        raise PatternError(sorted(problems, key=lambda pr: order.get(pr.file, len(order))))
    if author is None and outlet:
        author = _canonical_outlet(merged.outlets, outlet)
        if profile is None and author == outlet and not any(_key(a) == _key(outlet) for a in merged.outlets):
            import warnings

            warnings.warn(f"claimx: no outlet profile or known outlet is called {outlet!r}"
                          f"{_suggest(outlet, available_outlets())}; it is only taken as the texts' author",
                          UserWarning, stacklevel=3)
    return merged.index(tuple(str(f.path) for f in unique), profile, author)


def _canonical_outlet(outlets: dict, name: str) -> str:
    key = _key(name)
    for canonical, aliases in outlets.items():
        if _key(canonical) == key or any(_key(a) == key for a in aliases):
            return canonical
    return name


META_KEYS = {"name", "outlet", "extends", "disable", "description"}
LEXICON = ("verbs", "nouns", "phrases", "adverbs")


class _Merged:
    """The running merge of pattern files, in load order."""

    def __init__(self) -> None:
        self.lexicon: dict[str, dict[str, str]] = {s: {} for s in LEXICON}  # word -> stance
        self.lists: dict[str, dict[str, list]] = {}  # section -> key -> values
        self.outlets: dict[str, list[str]] = {}
        self.channel_verbs: dict[str, str] = {}
        self.styles: dict[str, QuoteStyle] = {}
        self.rules: dict[str, Rule] = {}

    def add(self, f: _File, problems: list[Problem]) -> None:
        fname, source = str(f.path), f.source
        from .attribution import HANDLERS  # the mechanisms rules may name

        for section, body in f.data.items():
            if section not in SECTIONS:
                problems.append(Problem("P003", fname, f"unknown section {section!r}{_suggest(section, SECTIONS)}",
                                        line=_line_of(source, section)))
                continue
            if section == "meta":
                self._meta(body, fname, source, problems)
                continue
            if section in ("rule", "style") and not isinstance(body, list):
                problems.append(Problem("P005", fname, f"[{section}] must be an array of tables: write "
                                        f"[[{section}]] for each {section}", field=section,
                                        line=_line_of(source, f"[{section}]")))
                continue
            if section == "rule":
                if isinstance(body, list) and len(body) > MAX_RULES_PER_FILE:
                    problems.append(Problem("P016", fname, f"{len(body)} rules; a file may hold at most "
                                            f"{MAX_RULES_PER_FILE}", field="rule"))
                    continue
                for raw in body if isinstance(body, list) else []:
                    rule = _check_rule(raw, fname, source, HANDLERS, problems)
                    if rule is None:
                        continue
                    if rule.id in self.rules:
                        problems.append(Problem("P010", fname, f"duplicate rule id (first defined in {self.rules[rule.id].file})",
                                                rule=rule.id, field="id", line=_line_of(source, f'"{rule.id}"')))
                        continue
                    self.rules[rule.id] = rule
                continue
            if section == "style":
                for raw in body if isinstance(body, list) else []:
                    for k in sorted(set(raw) - STYLE_KEYS):
                        problems.append(Problem("P003", fname, f"unknown key {k!r}{_suggest(k, STYLE_KEYS)}",
                                                field=f"style.{k}", line=_line_of(source, k)))
                    try:
                        st = QuoteStyle(raw["name"], raw["open"], raw["close"], raw.get("family", "double"))
                    except KeyError as exc:
                        problems.append(Problem("P004", fname, f"quote style lacks required key {exc.args[0]!r}",
                                                field=f"style.{exc.args[0]}"))
                        continue
                    self.styles[st.name] = st
                continue
            if not isinstance(body, dict):
                problems.append(Problem("P005", fname, f"section {section!r} must be a table",
                                        line=_line_of(source, f"[{section}")))
                continue
            allowed = SECTIONS[section]
            for key, value in body.items():
                if allowed is not None and key not in allowed:
                    code = "P006" if section in LEXICON else "P003"
                    what = "unknown stance label" if code == "P006" else "unknown key"
                    problems.append(Problem(code, fname, f"{what} {key!r}{_suggest(key, allowed)}",
                                            field=f"{section}.{key}", line=_line_of(source, key)))
                    continue
                if section == "channel_verbs":
                    self.channel_verbs[key] = value
                elif not isinstance(value, list):
                    problems.append(Problem("P005", fname, f"{section}.{key} must be a list of strings",
                                            field=f"{section}.{key}", line=_line_of(source, key)))
                elif section in LEXICON:
                    for w in value:  # a later file may move a word to another stance
                        self.lexicon[section][str(w).lower()] = key
                elif section == "outlets":
                    self.outlets.setdefault(key, []).extend(a for a in value if a not in self.outlets.get(key, []))
                else:
                    self.lists.setdefault(section, {}).setdefault(key, []).extend(value)

    def _meta(self, body, fname, source, problems) -> None:
        if not isinstance(body, dict):
            problems.append(Problem("P005", fname, "section 'meta' must be a table"))
            return
        for k in sorted(set(body) - META_KEYS):
            problems.append(Problem("P003", fname, f"unknown key {k!r}{_suggest(k, META_KEYS)}",
                                    field=f"meta.{k}", line=_line_of(source, k)))
        for k in ("name", "outlet", "extends", "description"):
            if k in body and not isinstance(body[k], str):
                problems.append(Problem("P005", fname, f"meta.{k} must be a string, not {type(body[k]).__name__}",
                                        field=f"meta.{k}", line=_line_of(source, k)))
        disable = body.get("disable", [])
        if not isinstance(disable, list) or not all(isinstance(x, str) for x in disable):
            problems.append(Problem("P005", fname, "meta.disable must be a list of rule ids (strings)",
                                    field="meta.disable", line=_line_of(source, "disable")))
            return
        for rid in disable:
            if rid not in self.rules:
                problems.append(Problem("P012", fname, f"'disable' names no inherited rule {rid!r}"
                                        f"{_suggest(rid, self.rules)}", rule=rid, field="meta.disable",
                                        line=_line_of(source, f'"{rid}"')))
            else:
                del self.rules[rid]

    def index(self, files: tuple[str, ...], profile: str | None, author: str | None) -> PatternSet:
        lists = self.lists
        get = lambda section, key: lists.get(section, {}).get(key, [])
        phrases = {tuple(p.split()): st for p, st in self.lexicon["phrases"].items()}
        aliases = {}
        for canonical, names in self.outlets.items():
            for n in names:
                # Both as written and split like spaCy splits "Al-Manar" or "RFE/RL".
                aliases[tuple(n.split())] = canonical
                aliases[tuple(_TOKEN.findall(n))] = canonical
        return PatternSet(
            files=files,
            verb_stance=MappingProxyType(dict(self.lexicon["verbs"])),
            noun_stance=MappingProxyType(dict(self.lexicon["nouns"])),
            adverb_stance=MappingProxyType(dict(self.lexicon["adverbs"])),
            phrase_stance=MappingProxyType(phrases),
            frames=MappingProxyType({k: _words(v) for k, v in lists.get("frames", {}).items()}),
            negative_words=_words(get("characterisation", "negative")),
            positive_words=_words(get("characterisation", "positive")),
            outlet_aliases=MappingProxyType(aliases),
            outlet_name_parts=frozenset(get("outlet_words", "name_parts")),
            outlet_nouns=_words(get("outlet_words", "nouns")),
            outlet_endings=tuple(tuple(e.split()) for e in get("outlet_words", "agency_words")),
            channel_verbs=MappingProxyType(dict(self.channel_verbs)),
            title_words=_words(get("titles", "words")),
            title_connectors=_words(get("titles", "connectors")),
            male=_words(get("honorifics", "male")),
            female=_words(get("honorifics", "female")),
            pronouns=MappingProxyType({k: _words(v) for k, v in lists.get("pronouns", {}).items()}),
            kind_words=MappingProxyType({k: _words(v) for k, v in lists.get("kinds", {}).items()}),
            quote_styles=tuple(self.styles.values()),
            rules=tuple(self.rules.values()),
            profile=profile,
            author=author,
        )


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
    wrong = [k for k, t in (("id", str), ("handler", str), ("description", str), ("examples", list),
                             ("counterexamples", list), ("params", dict), ("kind", str), ("stance", str))
             if k in raw and not isinstance(raw[k], t)]
    wrong += [k for k in ("examples", "counterexamples") if k in raw and isinstance(raw[k], list)
              and not all(isinstance(x, str) for x in raw[k])]
    for k in dict.fromkeys(wrong):
        kind = {"examples": "a list of strings", "counterexamples": "a list of strings", "params": "a table"}.get(k, "a string")
        problems.append(Problem("P005", fname, f"{k} must be {kind}", rule=str(rid), field=k, line=line))
    if wrong:
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
    if handler == "cue_pattern":
        compiled = raw.get("pattern")
        errors = _token_pattern_errors(compiled)
        if errors:
            problems.append(Problem("P015", fname, "invalid spaCy token pattern: " + "; ".join(errors),
                                    rule=rid, field="pattern", line=line))
            return None
        compiled = tuple(tuple(MappingProxyType(dict(t)) for t in alt) for alt in compiled)
    if handler == "regex" and len(str(raw.get("pattern", ""))) > MAX_PATTERN_CHARS:
        problems.append(Problem("P016", fname, f"regular expression of {len(str(raw['pattern']))} characters; "
                                f"at most {MAX_PATTERN_CHARS} are allowed", rule=rid, field="pattern", line=line))
        return None
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


def _token_pattern_errors(pattern) -> list[str]:
    """spaCy's own validation of Matcher patterns: a list of alternatives,
    each a list of token dicts."""
    if not isinstance(pattern, list) or not pattern or not all(isinstance(p, list) and p for p in pattern):
        return ["'pattern' must be a list of token-pattern lists, e.g. [[{LOWER = \"said\"}]]"]
    from spacy.schemas import validate_token_pattern

    errors = []
    for alt in pattern:
        errors.extend(str(e) for e in validate_token_pattern(alt))
    return errors


def _words(values) -> frozenset:
    return frozenset(str(v).lower() for v in values)


