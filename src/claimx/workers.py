"""What a Spark or Dask worker runs: the engine-independent half of
`claimx.spark` and `claimx.dask`.

The driver turns the caller's arguments into a `Settings` (checked there, so a
bad argument or a broken pattern file fails before any task starts); the
pattern files named by the caller travel inside it as bytes, so no worker
needs to see the caller's file system. A worker process builds one Extractor
per settings and outlet on first use and keeps it in a module-level dict for
every later batch and task: the spaCy pipeline and the pattern set load once
per Python worker process, never per row or batch.

Nothing here imports an engine; pandas is imported only by `frame_batch`,
which is handed a pandas DataFrame.
"""
from __future__ import annotations

import hashlib
import logging
import math
import os
import tempfile
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Iterable

from .claim import Claim
from .errors import ArgumentError
from .extractor import Extractor, check_count, check_max_chars, check_mode, check_settings, check_too_long, get_extractor
from .patterns import load_patterns, outlet_file, short_path

log = logging.getLogger(__name__)

ON_ERROR = ("skip", "log", "raise")


@dataclass(frozen=True)
class Settings:
    """Everything a worker needs to build its Extractor, picklable and small.

    `pattern_files` holds (relative path, bytes) of each file to write on the
    worker; `pattern_order` the relative paths to load, in the caller's order
    (files that are only `extends`ed are written but not listed)."""

    model: str | None = None
    outlet: str | None = None
    pattern_files: tuple[tuple[str, bytes], ...] = ()
    pattern_order: tuple[str, ...] = ()
    max_chars: int | None = None
    too_long: str = "refuse"
    batch_size: int = 32
    on_error: str = "skip"
    mode: str = "full"

    @property
    def digest(self) -> str:
        h = hashlib.sha256()
        for rel, data in self.pattern_files:
            h.update(rel.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
        return h.hexdigest()[:20]


def make_settings(*, model: Any = None, outlet: Any = None, patterns: Any = None, max_chars: Any = None,
                  too_long: str = "refuse", batch_size: Any = 32, on_error: Any = "skip",
                  mode: Any = "full") -> Settings:
    """Check the arguments on the driver and pack the pattern files to ship."""
    if model is not None and not isinstance(model, str):
        raise ArgumentError("claimx: on Spark or Dask, model must be the name (or path) of a spaCy pipeline "
                            "installed on the workers, not a loaded pipeline "
                            f"({type(model).__name__}): each worker loads its own")
    model, outlet, paths = check_settings(model, outlet, patterns)
    max_chars = check_max_chars(max_chars)
    too_long = check_too_long(too_long)
    mode = check_mode(mode)
    batch_size = check_count("batch_size", batch_size)
    if on_error not in ON_ERROR:
        raise ArgumentError(f"claimx: on_error must be one of {', '.join(map(repr, ON_ERROR))}, not {on_error!r}")
    files, order = _pack(paths or [])
    if paths:
        load_patterns(paths, outlet=outlet)  # a PatternError here, on the driver, before any task runs
    return Settings(model=model, outlet=outlet, pattern_files=files, pattern_order=order,
                    max_chars=max_chars, too_long=too_long, batch_size=batch_size, on_error=on_error, mode=mode)


def _pack(paths: list[Any]) -> tuple[tuple[tuple[str, bytes], ...], tuple[str, ...]]:
    """The bytes of each file, under a relative path that keeps what claimx
    reads from a file's place: its short name (the `pattern_file` of its
    claims) and the siblings its `extends` names, shipped beside it."""
    files: dict[str, bytes] = {}
    order: list[str] = []
    for group, path in enumerate(paths):
        path = Path(path)
        if not path.is_file():
            load_patterns([path])  # raises the loader's own PatternError (P001)
        rel = f"{group}/patterns/{short_path(str(path))}"
        order.append(rel)
        todo: list[tuple[Path, str]] = [(path, rel)]
        seen: set[str] = set()
        while todo:
            src, dest = todo.pop()
            if dest in seen:
                continue
            seen.add(dest)
            data = src.read_bytes()
            files[dest] = data
            base = _extends(data)
            if base is None or base == "core" or outlet_file(base) is not None:
                continue  # a bundled profile: every worker has it
            sibling = src.parent / f"{base}.toml"
            if sibling.is_file():
                todo.append((sibling, f"{dest.rsplit('/', 1)[0]}/{base}.toml"))
    return tuple(sorted(files.items())), tuple(order)


def _extends(data: bytes) -> str | None:
    try:
        meta = tomllib.loads(data.decode("utf-8")).get("meta", {})
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, ValueError):
        return None
    base = meta.get("extends") if isinstance(meta, dict) else None
    return base if isinstance(base, str) and base and "/" not in base and "\\" not in base else None


# -- on the worker -------------------------------------------------------------

# Per worker process: the Extractor of each (settings, outlet), and the folder
# each shipped pattern set was written to. BUILT lists every build, so a test
# can check that nothing was built twice.
_Key = tuple[str | None, str | None, str, tuple[str, ...], int | None, str, str]
_EXTRACTORS: dict[_Key, Extractor] = {}
_PATTERN_PATHS: dict[str, list[str]] = {}
BUILT: list[_Key] = []


def _pattern_paths(settings: Settings) -> list[str]:
    """Write the shipped pattern files once per process (under a folder named by
    their content, so processes on one machine share it) and return their paths."""
    if not settings.pattern_order:
        return []
    key = settings.digest
    paths = _PATTERN_PATHS.get(key)
    if paths is None:
        root = Path(tempfile.gettempdir()) / f"claimx-patterns-{key}"
        for rel, data in settings.pattern_files:
            dest = root / rel
            if dest.is_file() and dest.read_bytes() == data:
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, dest)  # atomic: another process may be writing the same file
        paths = _PATTERN_PATHS[key] = [str(root / rel) for rel in settings.pattern_order]
    return paths


def extractor(settings: Settings, outlet: str | None) -> Extractor:
    """This process's Extractor for `settings` and `outlet`, built (and its
    pipeline loaded) on first use."""
    key: _Key = (settings.model, outlet, settings.digest, settings.pattern_order, settings.max_chars,
                 settings.too_long, settings.mode)
    ext = _EXTRACTORS.get(key)
    if ext is None:
        ext = get_extractor(settings.model, outlet, _pattern_paths(settings) or None,
                            max_chars=settings.max_chars, too_long=settings.too_long, mode=settings.mode)
        ext.nlp  # load the pipeline now: a missing model fails the task, not each row
        _EXTRACTORS[key] = ext
        BUILT.append(key)
    return ext


def process_report(_partition: Iterable[Any] = ()) -> list[tuple[int, int, int]]:
    """[(process id, extractors built, distinct settings built)] of this process."""
    return [(os.getpid(), len(BUILT), len(set(BUILT)))]


class _Missing:
    """The text of a record that has no text field."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


def _is_null(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or type(value).__name__ == "NAType"


def _describe(value: Any) -> str:
    if value is MISSING:
        return "missing (the record has no such field)"
    return "null" if _is_null(value) else f"of type {type(value).__name__}, not str"


def run(settings: Settings, texts: list[Any], outlets: list[Any] | None = None,
        ids: list[Any] | None = None) -> tuple[list[list[dict[str, Any]]], list[str | None]]:
    """Claims (as `Claim.to_dict()` lists) and an error (None when fine) for
    each text, in order. A text that is null, not a string or not processable
    gets no claims and its error, as `extract_many(on_error="skip")` gives
    it; with `on_error="raise"` it stops the task instead."""
    n = len(texts)
    claims: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    errors: list[str | None] = [None] * n

    def fail(i: int, exc: BaseException) -> None:
        if settings.on_error == "raise":
            raise exc
        errors[i] = f"{type(exc).__name__}: {exc}"
        if settings.on_error == "log":
            log.warning("claimx: row %s skipped: %s", ids[i] if ids is not None else i, errors[i])

    groups: dict[str | None, list[int]] = {}
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            fail(i, ArgumentError(f"claimx: the row's text is {_describe(text)}"))
            continue
        outlet = settings.outlet
        if outlets is not None and not _is_null(outlets[i]):
            if not isinstance(outlets[i], str):
                fail(i, ArgumentError(f"claimx: the row's outlet is {_describe(outlets[i])}"))
                continue
            outlet = outlets[i] or settings.outlet
        groups.setdefault(outlet, []).append(i)

    for outlet, rows in groups.items():
        ext = extractor(settings, outlet)
        # Row errors come back as Claims.error and are reported by `fail`.
        results = ext.pipe([texts[i] for i in rows], batch_size=settings.batch_size,
                           on_error="raise" if settings.on_error == "raise" else "skip")
        for i, found in zip(rows, results):
            if found.error is not None:
                errors[i] = found.error
                if settings.on_error == "log":
                    log.warning("claimx: row %s skipped: %s", ids[i] if ids is not None else i, found.error)
            claims[i] = [c.to_dict() for c in found]
    return claims, errors


def frame_batch(settings: Settings, text_col: str, outlet_col: str | None, id_col: str | None,
                claims_col: str, error_col: str, frame: Any) -> Any:
    """A pandas DataFrame with `claims_col` (lists of claim dicts) and
    `error_col` (str or None) added, every other column and the row order kept."""
    import numpy as np
    import pandas as pd

    claims, errors = run(settings, frame[text_col].tolist(),
                         frame[outlet_col].tolist() if outlet_col else None,
                         frame[id_col].tolist() if id_col else None)
    out = frame.drop(columns=[c for c in (claims_col, error_col) if c in frame.columns])
    cells = np.empty(len(claims), dtype=object)
    for i, found in enumerate(claims):
        cells[i] = found
    out[claims_col] = pd.Series(cells, index=frame.index, dtype=object)
    out[error_col] = pd.Series(errors, index=frame.index, dtype=object)
    return out


def claim_fields() -> list[str]:
    """The keys of `Claim.to_dict()`, in order."""
    return [f.name for f in fields(Claim)]
