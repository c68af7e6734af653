"""Loading the hand-written pattern files in `patterns/` into one immutable set.

The linguistic knowledge (cue classes and their words, attribution frames,
outlets, titles, quote marks) lives in TOML files; this module reads, merges,
checks and indexes them. Every problem found is collected and raised once as
a `PatternError` naming file, line, frame and field.
"""
from __future__ import annotations

import os
import tomllib
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping, Sequence, TypedDict

import regex

from .claim import STANCES
from .errors import PatternError, Problem
from .schema import CueClass, Frame, check_class, check_frame, suggest

# Sections a file may hold, with the keys each allows (None: free keys).
SECTIONS: dict[str, set[str] | None] = {
    "class": None,  # class names, each a table (checked by schema.check_class)
    "lists": None,  # named word lists that frames refer to as "$name"
    "not_claims": None,  # cue lemma -> content heads that rule it out
    "blockers": {"modals", "governors", "conditionals", "negations", "reported_after"},
    "characterisation": {"negative", "positive"},
    "outlets": None,  # free keys: canonical outlet names
    "outlet_words": {"name_parts", "leading_parts", "programme_parts", "nouns", "agency_words"},
    "channel_verbs": None,
    "titles": {"words", "connectors"},
    "honorifics": {"male", "female"},
    "pronouns": {"male", "female", "plural", "neuter", "relative", "possessive_relative", "first_person", "second_person"},
    "kinds": {"organization", "company", "group", "anonymous", "indefinite_determiners", "collective"},
    "names": {"particles", "subordinate", "male_given", "female_given"},
    "documents": {"nouns", "issue_verbs", "owner_preps"},
    "frame": None, "style": None, "meta": None,
}
STYLE_KEYS = {"name", "open", "close", "family"}
META_KEYS = {"name", "outlet", "extends", "disable", "description"}


@dataclass(frozen=True, slots=True)
class QuoteStyle:
    """A kind of quotation mark: its opening and closing marks (each one or
    two characters) and its family ("double" or "single")."""

    name: str
    open: tuple[str, ...]
    close: tuple[str, ...]
    family: str


def _marks_ok(value: object) -> bool:
    if isinstance(value, str):
        return bool(value)
    return isinstance(value, list) and bool(value) and all(isinstance(m, str) and 1 <= len(m) <= 2 for m in value)


def _as_marks(value: str | list[str]) -> tuple[str, ...]:
    """"“”" (one-character alternatives) or ["''", "``"] -> a tuple of marks."""
    return tuple(value) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True, slots=True)
class CueEntry:
    """One word or multi-word cue of one class: "complain about" (neutral)."""

    words: tuple[str, ...]
    cls: str
    stance: str


@dataclass(frozen=True)
class PatternSet:
    """Everything claimx knows about language, merged from pattern files."""

    files: tuple[str, ...]
    classes: Mapping[str, CueClass]
    cues: tuple[CueEntry, ...]
    frames: tuple[Frame, ...]
    lists: Mapping[str, frozenset[str]]
    not_claims: Mapping[str, frozenset[str]]
    blockers: Mapping[str, frozenset[str]]
    negative_words: frozenset[str]
    positive_words: frozenset[str]
    outlet_aliases: Mapping[tuple[str, ...], str]
    outlet_names: frozenset[str]  # the canonical names the aliases give, for membership tests
    outlet_name_parts: frozenset[str]
    outlet_leading_parts: frozenset[str]
    outlet_programme_parts: frozenset[str]
    outlet_nouns: frozenset[str]
    outlet_endings: tuple[tuple[str, ...], ...]
    channel_verbs: Mapping[str, str]
    title_words: frozenset[str]
    title_connectors: frozenset[str]
    male: frozenset[str]
    female: frozenset[str]
    pronouns: Mapping[str, frozenset[str]]
    kind_words: Mapping[str, frozenset[str]]
    name_words: Mapping[str, frozenset[str]]
    document_words: Mapping[str, frozenset[str]]
    quote_styles: tuple[QuoteStyle, ...]
    profile: str | None = None  # the outlet profile loaded, if any
    author: str | None = None  # the outlet the articles come from (never a via)

    def frame(self, frame_id: str) -> Frame:
        for f in self.frames:
            if f.id == frame_id:
                return f
        raise KeyError(frame_id)

    def stance_of(self, lemma: str, default: str = "neutral") -> str:
        """The stance a single-word cue has in the first class that lists it."""
        for e in self.cues:
            if e.words == (lemma,):
                return e.stance
        return default


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
            warnings.warn(f"claimx pattern pack {ep.name!r} could not be loaded: {exc}", stacklevel=2)
            continue
        if path.is_dir():
            dirs.append(path)
    return dirs


def available_outlets() -> list[str]:
    """Names of the outlet profiles that `outlet=` accepts."""
    names: set[str] = set()
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


def short_path(path: str) -> str:
    """"…/patterns/core/frames.toml" -> "core/frames.toml": stable across installs."""
    parts = path.replace("\\", "/").split("/")
    if "patterns" in parts:
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("patterns") + 1:])
    return parts[-1]


def _key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


@lru_cache(maxsize=32)
def _load_cached(outlet: str | None, paths: tuple[str, ...]) -> PatternSet:
    return _build(outlet, [Path(p) for p in paths])


def load_patterns(paths: Sequence[str | os.PathLike[str]] | str | Path | None = None,
                  outlet: str | None = None) -> PatternSet:
    """The core pattern files, then the outlet profile `outlet` (with what it
    extends), then the files in `paths`, merged in that order.

    `paths` may be one path or a list of them. An `outlet` with no profile of
    its own only names the articles' author. The result is cached per
    arguments and never mutated.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return _load_cached(outlet, tuple(str(Path(p)) for p in (paths or [])))


@lru_cache(maxsize=8)
def _lines(source: str) -> tuple[str, ...]:
    # Lines as TOML counts them: split at "\n" only, not at U+2028 and kin.
    return tuple(source.split("\n"))


def _nth_line(source: str, needle: str, n: int) -> int | None:
    """The n-th (from 0) line holding `needle`, else the last one that does."""
    found = None
    for k, line in enumerate(_lines(source), 1):
        if needle in line:
            found = k
            if n == 0:
                break
            n -= 1
    return found


def _line_of(source: str, needle: str) -> int | None:
    for n, line in enumerate(_lines(source), 1):
        if needle in line:
            return n
    return None


_HEADER = regex.compile(r"^\s*(\[\[?)\s*([^\[\]]*?)\s*\]\]?\s*(?:#.*)?$")
_MULTILINE_QUOTE = regex.compile(r"\'\'\'|\"\"\"")


@lru_cache(maxsize=8)
def _headers(source: str) -> tuple[tuple[int, bool, str], ...]:
    """(line, is an array of tables, dotted name) of each table header,
    skipping lines inside multi-line strings."""
    out: list[tuple[int, bool, str]] = []
    inside: str | None = None
    for n, line in enumerate(_lines(source), 1):
        if inside is None and (m := _HEADER.match(line)):
            name = ".".join(part.strip().strip("\"'") for part in m.group(2).split("."))
            out.append((n, m.group(1) == "[[", name))
            continue
        for delim in _MULTILINE_QUOTE.findall(line):
            inside = delim if inside is None else (None if delim == inside else inside)
    return tuple(out)


def _blocks(source: str, name: str, array: bool = True) -> list[tuple[int, int]]:
    """(first, last) line of each [[name]] block (or of the [name] table),
    sub-tables like [name.params] included."""
    headers = _headers(source)
    last = len(_lines(source))
    out = []
    for k, (line, is_array, header) in enumerate(headers):
        if is_array == array and header == name:
            end = next((n - 1 for n, _, h in headers[k + 1:] if not h.startswith(name + ".")), last)
            out.append((line, end))
    return out


def _key_line(source: str, block: tuple[int, int], key: str) -> int | None:
    """The line in `block` where `key` is assigned, if any."""
    k = regex.escape(key)
    assign = regex.compile(rf"""^\s*(?:{k}|"{k}"|'{k}')\s*=""")
    lines = _lines(source)
    for n in range(block[0], min(block[1], len(lines)) + 1):
        if assign.match(lines[n - 1]):
            return n
    return None


def _section_key_line(source: str, section: str, key: str) -> int | None:
    """Where `key` of the table [section] is set, else the first line naming it."""
    for block in _blocks(source, section, array=False):
        line = _key_line(source, block, key)
        if line is not None:
            return line
    return _line_of(source, key)


def _section_line(source: str, section: str) -> int | None:
    """The line of the section's first header, or of its top-level `key =`."""
    headers = _headers(source)
    for line, _, name in headers:
        if name == section or name.startswith(section + "."):
            return line
    top = (1, headers[0][0] - 1 if headers else len(_lines(source)))
    return _key_line(source, top, section) or _line_of(source, section)


def _item_lines(source: str, name: str, body: list[Any]) -> list[tuple[int, int] | None]:
    """The block of each item of the array of tables `name`, in order; None
    for each when the file writes the array inline (`frame = [{...}]`)."""
    blocks: list[tuple[int, int] | None] = list(_blocks(source, name))
    return blocks if len(blocks) == len(body) else [None] * len(body)


@dataclass
class _File:
    path: Path
    source: str
    data: dict[str, Any]


_TOKEN = regex.compile(r"[\w.']+|[^\w\s]")

# Pattern files are small; anything far larger is a mistake or an attack on
# the loader.
MAX_FILE_BYTES = 2_000_000
MAX_FRAMES_PER_FILE = 2_000


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
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        problems.append(Problem("P002", str(path), "invalid TOML: arrays or inline tables nested too deeply"))
        return None
    except tomllib.TOMLDecodeError as exc:
        where = regex.search(r"line (\d+)", str(exc))
        line = getattr(exc, "lineno", None) or (int(where.group(1)) if where else None)
        if line is None and "end of document" in str(exc):
            line = source.count("\n") + 1
        problems.append(Problem("P002", str(path), f"invalid TOML: {exc}", line=line))
        return None
    except ValueError as exc:  # tomllib lets int() refuse an integer of over 4300 digits
        problems.append(Problem("P002", str(path), f"invalid TOML: {exc}"))
        return None
    return _File(path, source, data)


def _exists(path: Path) -> bool:
    # An `extends` value is any string: too long a name or a NUL byte makes
    # the operating system refuse it, which means no such profile.
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _expand(path: Path, problems: list[Problem], stack: tuple[tuple[str, int | None], ...] = ()) -> list[_File]:
    """`path` preceded by the profiles it `extends`, base first. `stack`
    holds the files being expanded, each with the line of its `extends`."""
    key = str(path.resolve()) if _exists(path) else str(path)
    seen = [k for k, _ in stack]
    if key in seen:
        chain = " -> ".join(Path(k).name for k in seen + [key])
        problems.append(Problem("P013", str(path), f"cycle in 'extends': {chain}", field="meta.extends",
                                line=stack[seen.index(key)][1]))
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
        line = _section_key_line(f.source, "meta", "extends")
        sibling = path.parent / f"{base}.toml"
        base_path = outlet_file(base) or (sibling if _exists(sibling) else None)
        if base_path is None:
            problems.append(Problem("P014", str(path), f"'extends' names no known profile {base!r}"
                                    f"{suggest(base, available_outlets() + ['core'])}",
                                    field="meta.extends", line=line))
        else:
            out.extend(_expand(base_path, problems, stack + ((key, line),)))
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
    if outlet:
        path = outlet_file(outlet)
        if path is not None:
            profile = path.stem
            files.extend(_expand(path, problems))
    for p in paths:
        files.extend(_expand(p, problems))
    # Files reached twice (a user file extending the chosen profile) load once.
    seen: set[str] = set()
    unique = []
    for f in files:
        k = str(f.path.resolve())
        if k not in seen:
            seen.add(k)
            unique.append(f)
    merged = _Merged()
    author = None
    for f in unique:
        merged.add(f, problems)
        meta = f.data.get("meta", {})
        if isinstance(meta, dict) and isinstance(meta.get("outlet"), str) and meta["outlet"]:
            author = meta["outlet"]
    merged.check_links(problems)
    if problems:
        # Report file by file, in load order, whichever phase found the problem.
        order: dict[str, int] = {}
        for name in [str(p) for p in core_files()] + [str(p) for p in paths] + [str(f.path) for f in files]:
            order.setdefault(name, len(order))
        raise PatternError(sorted(problems, key=lambda pr: order.get(pr.file, len(order))))
    if author is None and outlet:
        author = _canonical_outlet(merged.outlets, outlet)
        if profile is None and author == outlet and not any(_key(a) == _key(outlet) for a in merged.outlets):
            warnings.warn(f"claimx: no outlet profile or known outlet is called {outlet!r}"
                          f"{suggest(outlet, available_outlets())}; it is only taken as the texts' author",
                          UserWarning, stacklevel=3)
    return merged.index(tuple(str(f.path) for f in unique), profile, author)


def _canonical_outlet(outlets: dict[str, list[str]], name: str) -> str:
    key = _key(name)
    for canonical, aliases in outlets.items():
        if _key(canonical) == key or any(_key(a) == key for a in aliases):
            return canonical
    return name


class _ClassSoFar(TypedDict):
    """A cue class as merged so far from the files that define it."""

    pos: list[str]
    frames: list[str]
    words: dict[str, str]  # word -> stance
    description: str
    file: str


class _Merged:
    """The running merge of pattern files, in load order."""

    def __init__(self) -> None:
        self.classes: dict[str, _ClassSoFar] = {}
        self.lists: dict[str, dict[str, list[str]]] = {}  # section -> key -> values
        self.outlets: dict[str, list[str]] = {}
        self.channel_verbs: dict[str, str] = {}
        self.styles: dict[str, QuoteStyle] = {}
        self.frames: dict[str, Frame] = {}
        self.frame_lines: dict[str, tuple[str, int | None]] = {}
        self.class_lines: dict[str, tuple[str, int | None]] = {}
        self.disabled: set[str] = set()  # frames a profile dropped; classes may still list them

    def add(self, f: _File, problems: list[Problem]) -> None:
        fname, source = str(f.path), f.source
        data = f.data
        # Word lists first (the frames of the same file may refer to them),
        # then `disable` (a file may replace an inherited frame under its id).
        order = sorted(data, key=lambda s: (s in ("frame", "meta"), s == "frame"))
        for section in order:
            body = data[section]
            if section not in SECTIONS:
                problems.append(Problem("P003", fname, f"unknown section {section!r}{suggest(section, SECTIONS)}",
                                        line=_section_line(source, section)))
                continue
            if section == "meta":
                self._meta(body, fname, source, problems)
            elif section in ("frame", "style") and not isinstance(body, list):
                problems.append(Problem("P005", fname, f"[{section}] must be an array of tables: write "
                                        f"[[{section}]] for each {section}", field=section,
                                        line=_section_line(source, section)))
            elif section == "frame":
                self._frames(body, fname, source, problems)
            elif section == "style":
                self._styles(body, fname, source, problems)
            elif not isinstance(body, dict):
                problems.append(Problem("P005", fname, f"section {section!r} must be a table",
                                        line=_section_line(source, section)))
            elif section == "class":
                self._classes(body, fname, source, problems)
            else:
                self._table(section, body, fname, source, problems)

    def _table(self, section: str, body: dict[str, Any], fname: str, source: str, problems: list[Problem]) -> None:
        allowed = SECTIONS[section]
        for key, value in body.items():
            def bad(code: str, message: str) -> None:
                problems.append(Problem(code, fname, message, field=f"{section}.{key}",
                                        line=_section_key_line(source, section, key)))

            if allowed is not None and key not in allowed:
                bad("P003", f"unknown key {key!r}{suggest(key, allowed)}")
            elif section == "channel_verbs":
                if isinstance(value, str):
                    self.channel_verbs[key] = value
                else:
                    bad("P005", f"channel_verbs.{key} must be a string")
            elif not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                bad("P005", f"{section}.{key} must be a list of strings")
            elif section == "outlets" and not (key.strip() and all(a.strip() for a in value)):
                # A blank name or alias would be an outlet of no words.
                bad("P005", f"outlets.{key} must name an outlet and list aliases of at least one word each")
            elif section == "outlets":
                have = self.outlets.setdefault(key, [])
                have.extend(a for a in value if a not in have)
            else:
                self.lists.setdefault(section, {}).setdefault(key, []).extend(value)

    def _classes(self, body: dict[str, Any], fname: str, source: str, problems: list[Problem]) -> None:
        for name, raw in body.items():
            line = _line_of(source, f"[class.{name}]")
            checked = check_class(name, raw, fname, line, problems)
            if checked is None:
                continue
            cls = self.classes.setdefault(name, {"pos": [], "frames": [], "words": {}, "description": "",
                                                 "file": fname})
            self.class_lines.setdefault(name, (fname, line))
            if "pos" in checked:
                cls["pos"] = checked["pos"]
            for fr in checked.get("frames", []):
                if fr not in cls["frames"]:
                    cls["frames"].append(fr)
            if checked["description"]:
                cls["description"] = checked["description"]
            for stance, words in checked["words"].items():
                for w in words:  # a later file may move a word to another stance
                    cls["words"][w] = stance

    def _frames(self, body: list[Any], fname: str, source: str, problems: list[Problem]) -> None:
        if len(body) > MAX_FRAMES_PER_FILE:
            problems.append(Problem("P016", fname, f"{len(body)} frames; a file may hold at most "
                                    f"{MAX_FRAMES_PER_FILE}", field="frame", line=_section_line(source, "frame")))
            return
        lists = {k: frozenset(str(x) for x in v) for k, v in self.lists.get("lists", {}).items()}
        blocks = _item_lines(source, "frame", body)
        ids_so_far: list[str] = []
        for raw, block in zip(body, blocks):
            fid = raw.get("id") if isinstance(raw, dict) else None
            fid = fid if isinstance(fid, str) and fid else None
            # The frame's own block: its id line, else its [[frame]] line.
            line: int | None
            if block is not None:
                line = _key_line(source, block, "id") or block[0]
            elif fid is not None:  # written inline: the n-th line naming this id
                line = _nth_line(source, f'"{fid}"', ids_so_far.count(fid))
            else:
                line = _section_line(source, "frame")
            frame = check_frame(raw, fname, line, lists, problems)
            if fid is not None:
                ids_so_far.append(fid)
                # Checked whether or not either frame is valid, so that one
                # broken definition cannot hide another of the same id.
                if fid in self.frame_lines:
                    first_file, first_line = self.frame_lines[fid]
                    where = first_file + (f":{first_line}" if first_line else "")
                    problems.append(Problem("P010", fname, f"duplicate frame id (first defined in {where})",
                                            frame=fid, field="id", line=line))
                    continue
                self.frame_lines[fid] = (fname, line)
            if frame is not None:
                self.frames[frame.id] = frame

    def _styles(self, body: list[Any], fname: str, source: str, problems: list[Problem]) -> None:
        for raw, block in zip(body, _item_lines(source, "style", body)):
            def line_of(key: str | None = None) -> int | None:
                if block is None:
                    return _line_of(source, key) if key else _section_line(source, "style")
                return (_key_line(source, block, key) if key else None) or block[0]

            if not isinstance(raw, dict):
                problems.append(Problem("P005", fname, "each [[style]] must be a table", field="style",
                                        line=line_of()))
                continue
            for k in sorted(set(raw) - STYLE_KEYS):
                problems.append(Problem("P003", fname, f"unknown key {k!r}{suggest(k, STYLE_KEYS)}",
                                        field=f"style.{k}", line=line_of(k)))
            missing = [k for k in ("name", "open", "close") if k not in raw]
            for k in missing:
                problems.append(Problem("P004", fname, f"quote style lacks required key {k!r}", field=f"style.{k}",
                                        line=line_of()))
            wrong = [k for k in ("name", "family") if k in raw and not isinstance(raw[k], str)]
            wrong += [k for k in ("open", "close") if k in raw and not _marks_ok(raw[k])]
            for k in wrong:
                what = "a string" if k in ("name", "family") else \
                    "a string of one-character marks or a list of marks of one or two characters"
                problems.append(Problem("P005", fname, f"style.{k} must be {what}", field=f"style.{k}",
                                        line=line_of(k)))
            if missing or wrong:
                continue
            st = QuoteStyle(raw["name"], _as_marks(raw["open"]), _as_marks(raw["close"]), raw.get("family", "double"))
            self.styles[st.name] = st

    def _meta(self, body: Any, fname: str, source: str, problems: list[Problem]) -> None:
        if not isinstance(body, dict):
            problems.append(Problem("P005", fname, "section 'meta' must be a table",
                                    line=_section_line(source, "meta")))
            return
        for k in sorted(set(body) - META_KEYS):
            problems.append(Problem("P003", fname, f"unknown key {k!r}{suggest(k, META_KEYS)}",
                                    field=f"meta.{k}", line=_line_of(source, k)))
        for k in ("name", "outlet", "extends", "description"):
            if k in body and not isinstance(body[k], str):
                problems.append(Problem("P005", fname, f"meta.{k} must be a string, not {type(body[k]).__name__}",
                                        field=f"meta.{k}", line=_line_of(source, k)))
        disable = body.get("disable", [])
        if not isinstance(disable, list) or not all(isinstance(x, str) for x in disable):
            problems.append(Problem("P005", fname, "meta.disable must be a list of frame ids (strings)",
                                    field="meta.disable", line=_line_of(source, "disable")))
            return
        for fid in disable:
            if fid not in self.frames:
                problems.append(Problem("P012", fname, f"'disable' names no inherited frame {fid!r}"
                                        f"{suggest(fid, self.frames)}", frame=fid, field="meta.disable",
                                        line=_line_of(source, f'"{fid}"')))
            else:
                del self.frames[fid]
                self.frame_lines.pop(fid, None)  # the file may define its own under this id
                self.disabled.add(fid)

    def check_links(self, problems: list[Problem]) -> None:
        """What can only be checked once every file is in: a class names
        frames that exist."""
        for name, cls in self.classes.items():
            fname, line = self.class_lines.get(name, (cls["file"], None))
            for fid in cls["frames"]:
                if fid not in self.frames and fid not in self.disabled:
                    problems.append(Problem("P017", fname, f"class {name!r} names no frame {fid!r}"
                                            f"{suggest(fid, self.frames)}", field=f"class.{name}.frames", line=line))

    def index(self, files: tuple[str, ...], profile: str | None, author: str | None) -> PatternSet:
        def get(section: str, key: str) -> list[str]:
            return self.lists.get(section, {}).get(key, [])

        aliases: dict[tuple[str, ...], str] = {}
        for canonical, names in self.outlets.items():
            for n in names:
                # Both as written and split like spaCy splits "Al-Manar" or "RFE/RL".
                aliases[tuple(n.split())] = canonical
                aliases[tuple(_TOKEN.findall(n))] = canonical
        classes: dict[str, CueClass] = {}
        cues: list[CueEntry] = []
        for name, cls in self.classes.items():
            frames = tuple(f for f in cls["frames"] if f in self.frames)
            classes[name] = CueClass(name, frozenset(cls["pos"]), frames, cls["description"], cls["file"])
            for word, stance in cls["words"].items():
                cues.append(CueEntry(tuple(word.split()), name, stance))

        def section(s: str) -> Mapping[str, frozenset[str]]:
            return MappingProxyType({k: _words(v) for k, v in self.lists.get(s, {}).items()})

        def as_written(s: str) -> Mapping[str, frozenset[str]]:
            return MappingProxyType({k: frozenset(v) for k, v in self.lists.get(s, {}).items()})

        return PatternSet(
            files=files,
            classes=MappingProxyType(classes),
            cues=tuple(cues),
            frames=tuple(self.frames.values()),
            lists=as_written("lists"),
            not_claims=section("not_claims"),
            blockers=section("blockers"),
            negative_words=_words(get("characterisation", "negative")),
            positive_words=_words(get("characterisation", "positive")),
            outlet_aliases=MappingProxyType(aliases),
            outlet_names=frozenset(aliases.values()),
            outlet_name_parts=frozenset(get("outlet_words", "name_parts")),
            outlet_leading_parts=frozenset(get("outlet_words", "leading_parts")),
            outlet_programme_parts=frozenset(get("outlet_words", "programme_parts")),
            outlet_nouns=_words(get("outlet_words", "nouns")),
            outlet_endings=tuple(tuple(e.split()) for e in get("outlet_words", "agency_words")),
            channel_verbs=MappingProxyType(dict(self.channel_verbs)),
            title_words=_words(get("titles", "words")),
            title_connectors=_words(get("titles", "connectors")),
            male=_words(get("honorifics", "male")),
            female=_words(get("honorifics", "female")),
            pronouns=section("pronouns"),
            kind_words=section("kinds"),
            name_words=section("names"),
            document_words=section("documents"),
            quote_styles=tuple(self.styles.values()),
            profile=profile,
            author=author,
        )


def _words(values: Iterable[object]) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values)

