"""Checking the tables of a pattern file against what claimx understands.

Each function takes one raw table from TOML and returns the problems it has
(never raises), so the loader can report every problem of every file at
once. The checks know the registered frame kinds, finders and cutters, and
the parameters each declares.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Collection, Mapping

from .claim import STANCES
from .errors import Problem
from .registry import Param, cutters, finders, frame_kinds

# Records one problem of the table being checked: (code, message, field).
Bad = Callable[[str, str, str], None]

FRAME_KEYS = {"id", "kind", "description", "confidence", "pattern", "params", "speaker", "addressee", "content",
              "cue", "stance", "examples", "counterexamples", "nested"}
CLASS_KEYS = {"description", "pos", "frames"} | set(STANCES)
NODE_KEYS = {"RIGHT_ID", "LEFT_ID", "REL_OP", "RIGHT_ATTRS", "OPTIONAL", "ABSENT"}
REL_OPS = (">", "<", ">>", "<<", ".", ".*", ";", ";*", "$+", "$-", "$++", "$--")
# Token attributes a dependency pattern may test, and whether their values are
# strings (compared as written) or booleans.
STRING_ATTRS = {"DEP", "POS", "TAG", "LEMMA", "LOWER", "ORTH", "TEXT", "ENT_TYPE", "MORPH"}
BOOL_ATTRS = {"IS_CUE", "IS_PUNCT", "IS_TITLE", "IS_UPPER", "IS_SENT_START", "LIKE_NUM", "IN_QUOTE", "IN_CUE"}
ANCHORS = ("cue", "cue_last")  # bound before matching: the cue's head word and its last word
POS_TAGS = {"ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
            "SCONJ", "SYM", "VERB", "X", "SPACE"}
ROLE_KEYS = {"find", "from"}
CONTENT_KEYS = {"cut", "nodes"}
STANCE_SOURCES = ("cue", "evaluation")


def suggest(key: str, allowed: Collection[str]) -> str:
    close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass(frozen=True, slots=True)
class Role:
    """Who fills a role the pattern leaves open: a registered finder, run from a node."""

    find: str
    start: str = "cue"


@dataclass(frozen=True, slots=True)
class Content:
    """How the content span is cut: a registered cutter over one or more nodes."""

    cut: str
    nodes: tuple[str, ...] = ("content",)


@dataclass(frozen=True)
class Frame:
    """One way a cue (or a quotation) connects to its content and speaker."""

    id: str
    kind: str
    file: str
    confidence: float = 0.5
    description: str = ""
    pattern: Any = None  # compiled by the kind's `compile`, opaque here
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    speaker: Role = Role("subject")
    addressee: Role = Role("object")
    content: Content = Content("clause")
    cue_nodes: tuple[str, ...] = ()
    stance: str = "cue"
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    stage: str = "main"
    nested: bool = False  # also read inside quotations (a quoted speaker's own report)


@dataclass(frozen=True, slots=True)
class CueClass:
    """A class of cues: their part of speech and the frames they take."""

    name: str
    pos: frozenset[str]
    frames: tuple[str, ...]
    description: str = ""
    file: str = ""


def check_frame(raw: Any, fname: str, line: int | None, lists: Mapping[str, frozenset[str]],
                problems: list[Problem]) -> Frame | None:
    """A Frame from one [[frame]] table, or None with its problems recorded."""
    if not isinstance(raw, dict):
        problems.append(Problem("P005", fname, "each [[frame]] must be a table", field="frame", line=line))
        return None
    fid = raw.get("id")
    rid = fid if isinstance(fid, str) else None
    before = len(problems)

    def bad(code: str, message: str, fld: str | None) -> None:
        problems.append(Problem(code, fname, message, frame=rid, field=fld, line=line))

    for k in sorted(set(raw) - FRAME_KEYS, key=str):
        bad("P003", f"unknown key {k!r}{suggest(k, FRAME_KEYS)}", str(k))
    if "id" not in raw:
        bad("P004", "frame lacks required key 'id'", "id")
    elif not isinstance(fid, str) or not fid:
        bad("P005", "id must be a non-empty string", "id")
    kind = raw.get("kind", "dependency")
    entry = None
    if not isinstance(kind, str):
        bad("P005", "kind must be a string", "kind")
    else:
        entry = frame_kinds.get(kind)
        if entry is None:
            bad("P007", f"unknown frame kind {kind!r}{suggest(kind, frame_kinds.names())}", "kind")
    for k, t, what in (("description", str, "a string"), ("params", dict, "a table"), ("nested", bool, "true or false")):
        if k in raw and not isinstance(raw[k], t):
            bad("P005", f"{k} must be {what}", k)
    for k in ("examples", "counterexamples"):
        if k in raw and (not isinstance(raw[k], list) or not all(isinstance(x, str) for x in raw[k])):
            bad("P005", f"{k} must be a list of strings", k)
    conf = raw.get("confidence", 0.5)
    if isinstance(conf, bool) or not isinstance(conf, (int, float)) or not 0 <= conf <= 1:
        bad("P008", f"confidence must be a number in [0, 1], not {conf!r}", "confidence")
    stance = raw.get("stance", "cue")
    if not isinstance(stance, str) or stance not in STANCES and stance not in STANCE_SOURCES:
        allowed = set(STANCES) | set(STANCE_SOURCES)
        bad("P006", f"unknown stance {stance!r}{suggest(str(stance), allowed)}; use a stance label, "
                    "'cue' or 'evaluation'", "stance")
    params: dict[str, Any] = {}
    if entry is not None:
        params = _check_params(raw.get("params", {}), entry.params, bad)
    compiled, nodes = None, set(ANCHORS)
    if entry is not None and "compile" in entry.info:
        if "pattern" not in raw and entry.info.get("needs_pattern", True):
            bad("P004", f"a frame of kind {kind!r} needs a 'pattern'", "pattern")
        elif "pattern" in raw:
            compiled, errors, nodes = entry.info["compile"](raw["pattern"], lists)
            for code, message in errors:
                bad(code, message, "pattern")
            if errors:  # a node the broken pattern failed to define is not missing as well
                nodes = set(nodes) | _named_nodes(raw["pattern"])
    elif "pattern" in raw and entry is not None:
        bad("P003", f"a frame of kind {kind!r} takes no 'pattern'", "pattern")
    speaker = _check_role(raw.get("speaker"), "speaker", Role("subject"), nodes, bad)
    addressee = _check_role(raw.get("addressee"), "addressee", Role("object"), nodes, bad)
    content = _check_content(raw.get("content"), nodes, entry is not None and "compile" in entry.info, bad)
    cue_nodes = raw.get("cue", [])
    if not isinstance(cue_nodes, list) or not all(isinstance(x, str) for x in cue_nodes):
        bad("P005", "cue must be a list of node names", "cue")
        cue_nodes = []
    for n in cue_nodes:
        if n not in nodes:
            bad("P017", f"cue names no node {n!r} of the pattern{suggest(n, nodes)}", "cue")
    if len(problems) > before:
        return None
    # No problem recorded: the id is a non-empty string and the kind a registered one.
    assert isinstance(fid, str) and entry is not None
    return Frame(
        id=fid, kind=kind, file=fname, confidence=float(conf), description=raw.get("description", ""),
        pattern=compiled, params=MappingProxyType(params), speaker=speaker, addressee=addressee, content=content,
        cue_nodes=tuple(cue_nodes), stance=stance, examples=tuple(raw.get("examples", ())),
        counterexamples=tuple(raw.get("counterexamples", ())), stage=str(entry.info.get("stage", "main")),
        nested=bool(raw.get("nested", False)),
    )


def _named_nodes(pattern: Any) -> set[str]:
    """The RIGHT_IDs a dependency pattern names, defined or not."""
    if not isinstance(pattern, list):
        return set()
    return {n["RIGHT_ID"] for n in pattern if isinstance(n, dict) and isinstance(n.get("RIGHT_ID"), str)}


def _check_params(raw: Any, declared: dict[str, Param], bad: Bad) -> dict[str, Any]:
    if not isinstance(raw, dict):
        return {}
    out = {name: p.default for name, p in declared.items()}
    for name, value in raw.items():
        p = declared.get(name)
        if p is None:
            bad("P003", f"unknown parameter {name!r}{suggest(name, declared)}"
                        f"{'' if declared else ' (this kind takes none)'}", f"params.{name}")
            continue
        why = p.problem(value)
        if why:
            code = "P008" if any(w in why for w in ("at least", "at most", "finite")) else "P005"
            bad(code, f"parameter {name!r} {why}", f"params.{name}")
            continue
        out[name] = value
    return out


def _check_role(raw: Any, role: str, default: Role, nodes: Collection[str], bad: Bad) -> Role:
    if raw is None:
        return default
    if isinstance(raw, str):
        raw = {"find": raw}
    if not isinstance(raw, dict):
        bad("P005", f"{role} must be a table like {{ find = \"subject\", from = \"cue\" }}", role)
        return default
    for k in sorted(set(raw) - ROLE_KEYS):
        bad("P003", f"unknown key {k!r}{suggest(k, ROLE_KEYS)}", f"{role}.{k}")
    find, start = raw.get("find", default.find), raw.get("from", "cue")
    if not isinstance(find, str) or find not in finders:
        bad("P007", f"unknown finder {find!r}{suggest(str(find), finders.names())}", f"{role}.find")
    if not isinstance(start, str) or start not in nodes:
        bad("P017", f"{role}.from names no node {start!r} of the pattern{suggest(str(start), nodes)}",
            f"{role}.from")
    return Role(str(find), str(start))


def _check_content(raw: Any, nodes: Collection[str], has_pattern: bool, bad: Bad) -> Content:
    default = Content("clause")
    if raw is None:
        return default
    if not isinstance(raw, dict):
        bad("P005", "content must be a table like { cut = \"clause\" }", "content")
        return default
    for k in sorted(set(raw) - CONTENT_KEYS):
        bad("P003", f"unknown key {k!r}{suggest(k, CONTENT_KEYS)}", f"content.{k}")
    cut = raw.get("cut", "clause")
    if not isinstance(cut, str) or cut not in cutters:
        bad("P007", f"unknown span cutter {cut!r}{suggest(str(cut), cutters.names())}", "content.cut")
    names = raw.get("nodes", ["content"])
    if not isinstance(names, list) or not names or not all(isinstance(x, str) for x in names):
        bad("P005", "content.nodes must be a non-empty list of node names", "content.nodes")
        names = ["content"]
    if has_pattern:
        for n in names:
            if n not in nodes:
                bad("P017", f"content names no node {n!r} of the pattern{suggest(n, nodes)}", "content.nodes")
    return Content(str(cut), tuple(names))


def check_class(name: str, raw: Any, fname: str, line: int | None, problems: list[Problem]) -> dict[str, Any] | None:
    """The checked parts of one [class.NAME] table: pos, frames, and words by stance."""
    if not isinstance(raw, dict):
        problems.append(Problem("P005", fname, f"class.{name} must be a table", field=f"class.{name}", line=line))
        return None
    ok = True
    for k in sorted(set(raw) - CLASS_KEYS):
        stance_like = bool(difflib.get_close_matches(k, STANCES, n=1))
        code, what = ("P006", "unknown stance label") if stance_like else ("P003", "unknown key")
        problems.append(Problem(code, fname, f"{what} {k!r}{suggest(k, CLASS_KEYS)}", field=f"class.{name}.{k}",
                                line=line))
        ok = False
    out: dict[str, Any] = {"description": raw.get("description", ""), "words": {}}
    for k in ("pos", "frames"):
        if k in raw:
            v = raw[k]
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                problems.append(Problem("P005", fname, f"class.{name}.{k} must be a list of strings",
                                        field=f"class.{name}.{k}", line=line))
                ok = False
            else:
                out[k] = list(v)
    for tag in out.get("pos", []):
        if tag not in POS_TAGS:
            problems.append(Problem("P005", fname, f"unknown part of speech {tag!r}{suggest(tag, POS_TAGS)}",
                                    field=f"class.{name}.pos", line=line))
            ok = False
    for stance in STANCES:
        if stance in raw:
            words = raw[stance]
            if not isinstance(words, list) or not all(isinstance(x, str) and x.strip() for x in words):
                problems.append(Problem("P005", fname, f"class.{name}.{stance} must be a list of words",
                                        field=f"class.{name}.{stance}", line=line))
                ok = False
                continue
            out["words"][stance] = [" ".join(w.lower().split()) for w in words]
    if isinstance(raw.get("description", ""), str) is False:
        problems.append(Problem("P005", fname, f"class.{name}.description must be a string",
                                field=f"class.{name}.description", line=line))
        ok = False
    return out if ok else None
