"""Dependency patterns with named nodes, matched from an anchor.

The notation is spaCy's `DependencyMatcher`'s (RIGHT_ID, LEFT_ID, REL_OP,
RIGHT_ATTRS), so a pattern reads the same to anyone who knows spaCy. The
matching differs in one way that suits frames: it starts from nodes already
bound (the cue's words) instead of scanning the whole Doc, so a frame costs
a few look-ups per cue, never a pass over the document. Two additions make
frames shorter: a node may be OPTIONAL (bound when it can be) or ABSENT (a
condition that no such token exists).

`compile_pattern` checks a pattern from a pattern file and returns it in a
form ready to match, with every problem described; `match` yields the node
bindings from given anchors.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping

import regex
from spacy.strings import get_string_id

from .schema import ANCHORS, BOOL_ATTRS, NODE_KEYS, REL_OPS, STRING_ATTRS, suggest

if TYPE_CHECKING:
    from spacy.tokens import Token

# No frame needs more: a cap keeps a pathological pattern from exploding.
MAX_MATCHES = 16



@dataclass(frozen=True, slots=True)
class Env:
    """What a node test may know besides the token: the cue's words and
    which tokens lie inside quotations (index into the quotations, or -1)."""

    cue: frozenset[int]
    tok_quote: list[int]
    # token -> its sentence's (start, end); without one, the whole document
    sentence: Callable[[int], tuple[int, int]] = lambda i: (0, 1 << 62)
    cue_heads: frozenset[int] = frozenset()  # head words of every cue in the document (IS_CUE)
    # token -> its children, listed once per document: spaCy builds new
    # Tokens on every walk, and frames walk the same cues' children again and again
    kids: dict[int, list[Token]] = field(default_factory=dict)


Predicate = Callable[["Token", Env], bool]
# Node name -> the token bound to it (None: an OPTIONAL node that found nothing).
Nodes = dict[str, "Token | None"]


@dataclass(frozen=True, slots=True)
class Step:
    right: str
    left: str | None  # None: a condition on an already bound node
    op: str | None
    test: Predicate | None
    optional: bool = False
    absent: bool = False
    binds: bool = True  # False: both nodes are bound already, only their relation is checked
    # `test` split for the search over candidates: the DEP labels allowed (as
    # string ids) and the test of the other attributes (None: no other). Most
    # candidates fail on the label, an int read, before any test is called.
    deps: frozenset[int] | None = None
    rest: Predicate | None = None


@dataclass(frozen=True, slots=True)
class DependencyPattern:
    steps: tuple[Step, ...]
    nodes: frozenset[str]
    # How many steps open the pattern as conditions on the anchors alone
    # ("cue" is a verb): most cues fail one, and `match` tries them first.
    lead: int = 0
    # For each required child of the cue with a DEP condition, the labels it
    # may have: a cue with no child of one of them cannot match, which the
    # frames step checks before calling `match` (most cues fail there).
    cue_child_deps: tuple[frozenset[str], ...] = ()
    cue_child_dep_ids: tuple[frozenset[int], ...] = ()  # the same labels as string ids, as the frames step reads them


def compile_pattern(raw: Any, lists: Mapping[str, frozenset[str]]
                    ) -> tuple[DependencyPattern | None, list[tuple[str, str]], set[str]]:
    """(compiled pattern or None, [(code, message)], node names)."""
    errors: list[tuple[str, str]] = []
    nodes: set[str] = set(ANCHORS)
    if not isinstance(raw, list) or not raw:
        return None, [("P015", "a dependency pattern must be a non-empty list of node tables")], nodes
    steps: list[Step] = []
    needs: list[frozenset[str]] = []
    for n, node in enumerate(raw):
        where = f"node {n}"
        if not isinstance(node, dict):
            errors.append(("P015", f"{where} must be a table"))
            continue
        for k in sorted(set(node) - NODE_KEYS, key=str):
            errors.append(("P015", f"{where}: unknown key {k!r}{suggest(k, NODE_KEYS)}"))
        right = node.get("RIGHT_ID")
        if not isinstance(right, str) or not right:
            errors.append(("P015", f"{where}: RIGHT_ID must be a non-empty string"))
            continue
        where = f"node {right!r}"
        left, op = node.get("LEFT_ID"), node.get("REL_OP")
        test, problems = _compile_attrs(node.get("RIGHT_ATTRS", {}), lists)
        errors.extend(("P015" if not p.startswith("$") else "P017", f"{where}: {p.lstrip('$')}") for p in problems)
        optional, absent = node.get("OPTIONAL", False), node.get("ABSENT", False)
        if not isinstance(optional, bool) or not isinstance(absent, bool):
            errors.append(("P015", f"{where}: OPTIONAL and ABSENT must be true or false"))
            continue
        if left is None and op is None:
            if right not in nodes:
                errors.append(("P015", f"{where}: a node without LEFT_ID must be one of {', '.join(ANCHORS)} "
                                       "(or an earlier node), to add conditions to it"))
                continue
            steps.append(Step(right, None, None, test, binds=False))
            continue
        if not isinstance(left, str) or left not in nodes:
            errors.append(("P015", f"{where}: LEFT_ID {left!r} names no earlier node{suggest(str(left), nodes)}"))
            continue
        if op not in REL_OPS:
            errors.append(("P015", f"{where}: REL_OP {op!r} is not one of {' '.join(REL_OPS)}"))
            continue
        if optional and absent:
            errors.append(("P015", f"{where}: a node cannot be both OPTIONAL and ABSENT"))
            continue
        bound = right in nodes
        if bound and (optional or absent):
            errors.append(("P015", f"{where}: {right!r} is bound already; OPTIONAL and ABSENT apply to new nodes"))
            continue
        dep_ids, rest = _split_deps(node.get("RIGHT_ATTRS", {}), lists, test)
        steps.append(Step(right, left, op, test, optional, absent, binds=not bound, deps=dep_ids, rest=rest))
        if left == "cue" and op == ">" and not bound and not optional and not absent:
            deps = _dep_values(node.get("RIGHT_ATTRS", {}), lists)
            if deps is not None:
                needs.append(deps)
        if not absent:
            nodes.add(right)
    if errors:
        return None, errors, nodes
    lead = next((k for k, st in enumerate(steps) if st.binds or st.left is not None), len(steps))
    ids = tuple(frozenset(get_string_id(d) for d in need) for need in needs)
    return DependencyPattern(tuple(steps), frozenset(nodes), lead, tuple(needs), ids), [], nodes


def _split_deps(attrs: Any, lists: Mapping[str, frozenset[str]], test: Predicate | None
                ) -> tuple[frozenset[int] | None, Predicate | None]:
    """A node's DEP labels as string ids and the test of its other
    attributes, or (None, the whole test) for a node without a DEP label
    or list to split off."""
    deps = _dep_values(attrs, lists)
    if deps is None:
        return None, test
    rest, _ = _compile_attrs({k: v for k, v in attrs.items() if k != "DEP"}, lists)
    return frozenset(get_string_id(d) for d in deps), rest


def _dep_values(attrs: Any, lists: Mapping[str, frozenset[str]]) -> frozenset[str] | None:
    """The DEP labels a node's RIGHT_ATTRS allow ("ccomp", {IN = [...]}), or
    None when it sets no such condition."""
    if not isinstance(attrs, dict) or "DEP" not in attrs:
        return None
    v = attrs["DEP"]
    if isinstance(v, str):
        return frozenset({v})
    if isinstance(v, dict) and set(v) == {"IN"}:
        vals, why = _values("DEP", v["IN"], lists)
        return vals if why is None else None
    return None


def _compile_attrs(attrs: Any, lists: Mapping[str, frozenset[str]]) -> tuple[Predicate | None, list[str]]:
    if not isinstance(attrs, dict):
        return None, ["RIGHT_ATTRS must be a table"]
    problems: list[str] = []
    tests: list[Predicate] = []
    for key, value in attrs.items():
        if key in BOOL_ATTRS:
            if not isinstance(value, bool):
                problems.append(f"{key} takes true or false")
                continue
            tests.append(_bool_test(key, value))
        elif key in STRING_ATTRS:
            test, why = _string_test(key, value, lists)
            if why:
                problems.append(why)
            else:
                assert test is not None  # a test, or the reason there is none
                tests.append(test)
        else:
            problems.append(f"unknown token attribute {key!r}{suggest(key, STRING_ATTRS | BOOL_ATTRS)}")
    if problems:
        return None, problems
    if not tests:
        return None, []
    if len(tests) == 1:
        return tests[0], []
    return _all_of(tuple(tests)), []


def _all_of(tests: tuple[Predicate, ...]) -> Predicate:
    """One test that holds when every test holds (a plain loop: node tests
    run thousands of times per document, and all() over a generator costs
    more than the tests themselves)."""
    def test(tok: Token, env: Env) -> bool:
        for t in tests:
            if not t(tok, env):
                return False
        return True
    return test


# attrgetter where a plain attribute will do: a C getter spares a Python
# call on each of the many node tests.
_GETTERS: dict[str, Callable[[Token], str]] = {
    "DEP": attrgetter("dep_"), "POS": attrgetter("pos_"), "TAG": attrgetter("tag_"),
    "LEMMA": lambda t: t.lemma_.lower(), "LOWER": attrgetter("lower_"), "ORTH": attrgetter("text"),
    "TEXT": attrgetter("text"), "ENT_TYPE": attrgetter("ent_type_"), "MORPH": lambda t: str(t.morph),
}
_LOWERED = ("LEMMA", "LOWER")
# The attributes spaCy also keeps as string ids: an equality or IN test
# compares the id (an int read) instead of decoding the string on every test.
# get_string_id gives a string the id spaCy's string store gives it (labels
# and parts of speech are its fixed symbols).
_ID_GETTERS: dict[str, Callable[[Token], int]] = {
    "DEP": attrgetter("dep"), "POS": attrgetter("pos"), "TAG": attrgetter("tag"), "LOWER": attrgetter("lower"),
    "ORTH": attrgetter("orth"), "TEXT": attrgetter("orth"), "ENT_TYPE": attrgetter("ent_type"),
}


def _values(key: str, v: Any, lists: Mapping[str, frozenset[str]]) -> tuple[frozenset[str] | None, str | None]:
    if isinstance(v, str) and v.startswith("$"):
        name = v[1:]
        if name not in lists:
            return None, f"${key} refers to no list {name!r} in [lists]{suggest(name, lists)}"
        return frozenset(x.lower() if key in _LOWERED else x for x in lists[name]), None
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return frozenset(x.lower() if key in _LOWERED else x for x in v), None
    return None, f"{key}: IN and NOT_IN take a list of strings or \"$list\""


def _string_test(key: str, value: Any, lists: Mapping[str, frozenset[str]]) -> tuple[Predicate | None, str | None]:
    get = _GETTERS[key]
    get_id = _ID_GETTERS.get(key)
    if isinstance(value, str):
        want = value.lower() if key in _LOWERED else value
        if get_id is not None:
            want_id = get_string_id(want)
            return (lambda tok, env: get_id(tok) == want_id), None
        return (lambda tok, env: get(tok) == want), None
    if isinstance(value, dict) and len(value) == 1:
        (op, v), = value.items()
        if op in ("IN", "NOT_IN"):
            vals, why = _values(key, v, lists)
            if why:
                return None, why
            assert vals is not None  # values, or the reason there are none
            if get_id is not None:
                ids = frozenset(get_string_id(x) for x in vals)
                if op == "IN":
                    return (lambda tok, env: get_id(tok) in ids), None
                return (lambda tok, env: get_id(tok) not in ids), None
            if op == "IN":
                return (lambda tok, env: get(tok) in vals), None
            return (lambda tok, env: get(tok) not in vals), None
        if op == "REGEX" and isinstance(v, str):
            try:
                rx = regex.compile(v)
            except regex.error as exc:
                return None, f"{key}: invalid REGEX: {exc}"
            return (lambda tok, env: _regex_found(rx, get(tok))), None
    return None, f"{key} takes a string or one of {{IN = [...]}}, {{NOT_IN = [...]}}, {{REGEX = \"...\"}}"


def _bool_test(key: str, want: bool) -> Predicate:
    if key == "IN_CUE":
        return lambda tok, env: (tok.i in env.cue) == want
    if key == "IS_CUE":
        return lambda tok, env: (tok.i in env.cue_heads) == want
    if key == "IN_QUOTE":
        return lambda tok, env: (env.tok_quote[tok.i] >= 0) == want
    attr = key.lower()
    return lambda tok, env: bool(getattr(tok, attr)) == want


def _candidates(tok: Token, op: str, env: Env) -> Iterable[Token]:
    if op == ">":  # by far the commonest step
        kids = env.kids.get(tok.i)
        if kids is None:
            kids = env.kids[tok.i] = list(tok.children)
        return kids
    return _walk(tok, op, env)


def _walk(tok: Token, op: str, env: Env) -> Iterator[Token]:
    doc = tok.doc
    if op == "<":
        if tok.head.i != tok.i:
            yield tok.head
    elif op == ">>":
        for t in tok.subtree:
            if t.i != tok.i:
                yield t
    elif op == "<<":
        yield from tok.ancestors
    elif op == ".":
        if tok.i + 1 < len(doc):
            yield doc[tok.i + 1]
    elif op == ";":
        if tok.i > 0:
            yield doc[tok.i - 1]
    elif op == ".*":
        yield from doc[tok.i + 1:env.sentence(tok.i)[1]]
    elif op == ";*":
        yield from doc[env.sentence(tok.i)[0]:tok.i]
    else:
        head = tok.head
        sibs = [c for c in head.children if c.i != tok.i] if head.i != tok.i else []
        if op == "$+":
            yield from (c for c in sibs if c.i == tok.i + 1)
        elif op == "$-":
            yield from (c for c in sibs if c.i == tok.i - 1)
        elif op == "$++":
            yield from (c for c in sibs if c.i > tok.i)
        elif op == "$--":
            yield from (c for c in sibs if c.i < tok.i)


def _related(left: Token, right: Token, op: str) -> bool:
    if op == ">":
        return right.head.i == left.i and right.i != left.i
    if op == "<":
        return left.head.i == right.i and right.i != left.i
    if op == ">>":
        return right.i != left.i and left.left_edge.i <= right.i <= left.right_edge.i and any(a.i == left.i for a in right.ancestors)
    if op == "<<":
        return any(a.i == right.i for a in left.ancestors)
    if op == ".":
        return right.i == left.i + 1
    if op == ";":
        return right.i == left.i - 1
    if op == ".*":
        return right.i > left.i
    if op == ";*":
        return right.i < left.i
    same_head = right.head.i == left.head.i and right.i != left.i and left.head.i != left.i
    if op == "$+":
        return same_head and right.i == left.i + 1
    if op == "$-":
        return same_head and right.i == left.i - 1
    if op == "$++":
        return same_head and right.i > left.i
    return same_head and right.i < left.i


def match(pattern: DependencyPattern, bound: Mapping[str, Token | None], env: Env) -> list[Nodes]:
    """Every way to bind the pattern's nodes, starting from `bound` (node name
    -> Token): a list of dicts node name -> Token (None for an OPTIONAL node
    that found nothing)."""
    steps = pattern.steps
    for st in steps[:pattern.lead]:  # the same checks as _search's, without its set-up
        tok = bound.get(st.right)
        if tok is None or st.test is not None and not st.test(tok, env):
            return []
    out: list[Nodes] = []
    _search(steps, pattern.lead, dict(bound), env, out)
    return out


def _search(steps: tuple[Step, ...], k: int, bindings: Nodes, env: Env, out: list[Nodes]) -> None:
    if len(out) >= MAX_MATCHES:
        return
    if k == len(steps):
        out.append(dict(bindings))
        return
    st = steps[k]
    if not st.binds:
        right = bindings.get(st.right)
        if right is None:
            return
        if st.left is not None:
            assert st.op is not None  # a step with a LEFT_ID has a REL_OP
            left = bindings.get(st.left)
            if left is None or not _related(left, right, st.op):
                return
        if st.test is not None and not st.test(right, env):
            return
        _search(steps, k + 1, bindings, env, out)
        return
    assert st.left is not None and st.op is not None  # a binding step has both
    left = bindings.get(st.left)
    if left is None:  # below an OPTIONAL node that found nothing: missing too
        if not st.absent:
            bindings[st.right] = None
        _search(steps, k + 1, bindings, env, out)
        bindings.pop(st.right, None)
        return
    test, deps, rest = st.test, st.deps, st.rest
    if deps is not None:  # the label first: an int read, and most candidates fail it
        found = [t for t in _candidates(left, st.op, env) if t.dep in deps and (rest is None or rest(t, env))]
    else:
        found = list(_candidates(left, st.op, env)) if test is None else \
            [t for t in _candidates(left, st.op, env) if test(t, env)]
    if st.absent:
        if not found:
            _search(steps, k + 1, bindings, env, out)
        return
    if not found:
        if st.optional:
            bindings[st.right] = None
            _search(steps, k + 1, bindings, env, out)
            del bindings[st.right]
        return
    for t in found:
        bindings[st.right] = t
        _search(steps, k + 1, bindings, env, out)
    del bindings[st.right]


# A REGEX test reads one token, but a token can be thousands of characters
# long: a user expression that backtracks badly gives up (no match) instead
# of hanging the document.
TOKEN_REGEX_SECONDS = 0.05


def _regex_found(rx: regex.Pattern[str], text: str) -> bool:
    try:
        return rx.search(text, timeout=TOKEN_REGEX_SECONDS) is not None
    except TimeoutError:
        return False
