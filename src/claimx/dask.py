"""claimx on Dask: a bag of texts or records, or a dask DataFrame, in; the same
with each item's claims out.

    import dask.bag as db, json
    from claimx.dask import extract_claims, write_claims
    records = db.read_text("articles-*.jsonl").map(json.loads)
    write_claims(extract_claims(records, outlet_col="source"), "claims/")

Each partition is processed by `claimx.workers` in whatever process the
scheduler gives it; a process builds its spaCy pipeline and pattern set on its
first partition and keeps them (a module-level cache) for every later one, so
a `distributed` worker process loads them once. Pattern files are read here,
on the client, and shipped inside the graph. Needs the optional extra:
``pip install "claimx[dask]"``.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from functools import partial
from typing import Any, Iterable

try:
    import dask.bag as db
    import dask.dataframe as dd
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError('claimx.dask needs dask[bag,dataframe]: pip install "claimx[dask]"') from exc

from .errors import ArgumentError
from .workers import MISSING, Settings, claim_fields, frame_batch, make_settings, run

__all__ = ["extract_claims", "write_claims", "arrow_claims_type"]


def extract_claims(data: Any, text_col: str = "text", *, id_col: str | None = None, outlet_col: str | None = None,
                   outlet: str | None = None, patterns: Any = None, model: str | None = None,
                   batch_size: int = 32, on_error: str = "skip", max_chars: int | None = None,
                   too_long: str = "refuse", mode: str = "full", claims_col: str = "claims", error_col: str = "error") -> Any:
    """The claims of every item of a `dask.bag.Bag` or row of a
    `dask.dataframe.DataFrame`, lazily, order kept.

    - A bag of texts gives records `{text_col: text, claims_col: [...], error_col: ...}`;
      a bag of records (dicts, as `json.loads` gives a JSONL line) gives each
      record with `claims_col` and `error_col` added. The text is under
      `text_col`, the outlet under `outlet_col` when given.
    - A DataFrame gives the same DataFrame with `claims_col` (an object column
      of lists of claim dicts) and `error_col` (str, None when fine) added,
      through `map_partitions`.

    Each claim is a `Claim.to_dict()`. An item whose text is missing, null,
    not a string or not processable gets no claims and its error (`on_error`
    "skip"; "log" also logs a warning naming `id_col` or the "id" of the
    record; "raise" fails the task). `patterns` are read here and shipped;
    `model` is the name or path of a pipeline installed on the workers;
    `max_chars`, `too_long`, `batch_size`, `mode` as for `claimx.extract_many`.
    """
    if claims_col == error_col or text_col in (claims_col, error_col):
        raise ArgumentError("claimx.dask.extract_claims: claims_col, error_col and text_col must differ")
    settings = make_settings(model=model, outlet=outlet, patterns=patterns, max_chars=max_chars,
                             too_long=too_long, batch_size=batch_size, on_error=on_error, mode=mode)
    if isinstance(data, db.Bag):
        part = partial(_bag_partition, settings, text_col, id_col, outlet_col, claims_col, error_col)
        return data.map_partitions(part)  # type: ignore[no-untyped-call]
    if isinstance(data, dd.DataFrame):
        for what, col in (("text_col", text_col), ("id_col", id_col), ("outlet_col", outlet_col)):
            if col is not None and col not in data.columns:
                raise ArgumentError(f"claimx.dask.extract_claims: {what}={col!r} is not a column of the "
                                    f"DataFrame (its columns: {', '.join(map(str, data.columns))})")
        meta = [(c, t) for c, t in data.dtypes.items() if c not in (claims_col, error_col)]
        meta += [(claims_col, object), (error_col, object)]
        batch = partial(frame_batch, settings, text_col, outlet_col, id_col, claims_col, error_col)
        return data.map_partitions(batch, meta=meta)  # type: ignore[no-untyped-call]
    raise ArgumentError("claimx.dask.extract_claims takes a dask.bag.Bag of texts or records, or a "
                        f"dask.dataframe.DataFrame, not {type(data).__name__}")


def _bag_partition(settings: Settings, text_col: str, id_col: str | None, outlet_col: str | None,
                   claims_col: str, error_col: str, items: Iterable[Any]) -> list[dict[Any, Any]]:
    items = list(items)
    texts: list[Any] = []
    outlets: list[Any] = []
    ids: list[Any] = []
    for item in items:
        if isinstance(item, Mapping):
            texts.append(item.get(text_col, MISSING))
            outlets.append(item.get(outlet_col) if outlet_col else None)
            ids.append(item.get(id_col or "id"))
        else:
            texts.append(item)
            outlets.append(None)
            ids.append(None)
    claims, errors = run(settings, texts, outlets if outlet_col else None, ids)
    out = []
    for item, found, error in zip(items, claims, errors):
        record = dict(item) if isinstance(item, Mapping) else {text_col: item}
        record[claims_col] = found
        record[error_col] = error
        out.append(record)
    return out


def arrow_claims_type() -> Any:
    """The pyarrow type of a claims column: list of structs with the keys of
    `Claim.to_dict()` (spans as list<int32> of [start, end])."""
    import pyarrow as pa

    def kind(name: str) -> Any:
        if name in ("content", "speaker", "cue"):
            return pa.list_(pa.int32())
        return pa.float64() if name == "confidence" else pa.string()

    return pa.list_(pa.struct([(name, kind(name)) for name in claim_fields()]))


def write_claims(data: Any, path: str, format: str = "json", *, claims_col: str = "claims",
                 error_col: str = "error", **options: Any) -> None:
    """Compute `data` (usually `extract_claims`'s result) and write it.

    A bag writes JSON lines (`format="json"`), one record per line, as files
    `path/0.jsonl`, `path/1.jsonl`, ... (or `path` itself when it holds a
    `*`). A DataFrame writes Parquet (`format="parquet"`, the claims column
    typed `arrow_claims_type()`, the error column string) or JSON lines.
    `options` go to dask's writer.
    """
    if format not in ("json", "jsonl", "parquet"):
        raise ArgumentError(f"claimx.dask.write_claims: format must be 'json' or 'parquet', not {format!r}")
    pattern = path if "*" in str(path) else str(path).rstrip("/") + "/*.jsonl"
    if isinstance(data, db.Bag):
        if format == "parquet":
            raise ArgumentError("claimx.dask.write_claims: a bag is written as JSON lines (format='json'); "
                                "for Parquet pass a dask DataFrame")
        data.map(json.dumps).to_textfiles(pattern, **options)  # type: ignore[no-untyped-call]
    elif isinstance(data, dd.DataFrame):
        if format == "parquet":
            import pyarrow as pa

            # The two columns typed, or a partition whose rows have no claims (or
            # no errors) would give its file a type of its own; the others as
            # dask infers them from its sample of the DataFrame.
            ours = {claims_col: arrow_claims_type(), error_col: pa.string()}
            others = data._meta_nonempty[[c for c in data.columns if c not in ours]]
            schema = pa.Schema.from_pandas(others, preserve_index=False)
            for name in data.columns:
                if name in ours:
                    schema = schema.insert(list(data.columns).index(name), pa.field(name, ours[name]))
            options.setdefault("write_index", False)
            data.to_parquet(path, schema=schema, **options)  # type: ignore[no-untyped-call]
        else:
            data.to_json(pattern, orient="records", lines=True, **options)  # type: ignore[no-untyped-call]
    else:
        raise ArgumentError("claimx.dask.write_claims takes a dask Bag or DataFrame, not "
                            f"{type(data).__name__}")
