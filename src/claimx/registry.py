"""Names that pattern files may use for code: frame kinds, role finders and
span cutters.

A pattern file says *what* a frame looks like; a few things need code (how a
quotation finds the attribution after it, where a clause's content ends).
Those pieces register here under a name with a decorator, and declare the
parameters they take, so the pattern loader can check a file's names and
parameters like any other key. Built-in pieces register when claimx is
imported; a third-party package adds its own through the entry-point group
``claimx.frames`` (each entry point names a module to import), without a
hand-kept table anywhere.

This module imports nothing else of claimx's: everything above it may use it.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "claimx.frames"

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter a registered piece takes, checked when a file loads."""

    type: type | tuple[type, ...]
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""

    def problem(self, value: Any) -> str | None:
        """Why `value` is not acceptable, or None."""
        types = self.type if isinstance(self.type, tuple) else (self.type,)
        if isinstance(value, bool) and bool not in types:
            return f"must be {_type_names(types)}, not a boolean"
        if float in types and isinstance(value, int) and not isinstance(value, bool):
            try:
                value = float(value)
            except OverflowError:  # TOML integers have no size limit in tomllib
                return f"must be a finite number, not an integer of {len(str(abs(value)))} digits"
        if not isinstance(value, types):
            return f"must be {_type_names(types)}, not {type(value).__name__}"
        # nan passes every comparison with the bounds below, so is refused first.
        if isinstance(value, float) and not math.isfinite(value):
            return f"must be a finite number, not {value!r}"
        if list in types and isinstance(value, list) and not all(isinstance(x, str) for x in value):
            return "must be a list of strings"
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                return f"must be at least {self.minimum:g}, not {_shown(value)}"
            if self.maximum is not None and value > self.maximum:
                return f"must be at most {self.maximum:g}, not {_shown(value)}"
        return None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _type_names(types: tuple[type, ...]) -> str:
    names = {int: "an integer", float: "a number", str: "a string", bool: "true or false",
             list: "a list of strings", dict: "a table"}
    return " or ".join(names.get(t, t.__name__) for t in types)


@dataclass
class Entry:
    name: str
    function: Callable[..., Any]
    params: dict[str, Param] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)


class Registry:
    """A table of named functions of one sort ("frame kind", "finder", ...)."""

    def __init__(self, sort: str) -> None:
        self.sort = sort
        self._entries: dict[str, Entry] = {}

    def register(self, name: str, *, params: dict[str, Param] | None = None, **info: Any) -> Callable[[F], F]:
        """Decorator: bind `name` to the decorated function (returned unchanged)."""
        def bind(function: F) -> F:
            self._entries[name] = Entry(name, function, dict(params or {}), info)
            return function
        return bind

    def get(self, name: str) -> Entry | None:
        load_plugins()
        return self._entries.get(name)

    def function(self, name: str) -> Callable[..., Any]:
        """The function registered as `name`. It exists for every name a
        loaded Frame holds: the pattern loader checked them."""
        entry = self.get(name)
        assert entry is not None, f"no {self.sort} {name!r} is registered"
        return entry.function

    def names(self) -> list[str]:
        load_plugins()
        return sorted(self._entries)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None


frame_kinds = Registry("frame kind")
"""How a frame finds its matches: "dependency" (a pattern over the parse,
anchored at a cue), quotation kinds, user regular expressions, ..."""

finders = Registry("finder")
"""Who or what fills a role the pattern leaves open: "subject", "agent", ..."""

cutters = Registry("span cutter")
"""Where a content span begins and ends, given its head: "clause", "phrase", ..."""

_loaded = False


def load_plugins() -> None:
    """Import the modules third-party packages register under ``claimx.frames``
    (once; a broken one is logged and skipped, never fatal)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            ep.load()
        except Exception as exc:  # a broken plug-in must not hide the others
            log.warning("claimx frame plug-in %r could not be loaded: %s", ep.name, exc)
