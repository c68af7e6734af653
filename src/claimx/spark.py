"""claimx on Apache Spark: a DataFrame of texts in, the same DataFrame with a
`claims` column out.

    from claimx.spark import extract_claims, write_claims
    out = extract_claims(spark.read.json("articles.jsonl"), "text", outlet_col="source")
    write_claims(out, "claims.parquet")

Runs through `mapInPandas`: rows reach a Python worker in Arrow batches, and
each Python worker process builds its spaCy pipeline and pattern set once (a
module-level cache in `claimx.workers`), then reuses them for every batch and
task it runs. Pattern files are read on the driver and shipped inside the job.
Needs the optional extra: ``pip install "claimx[spark]"``.
"""
from __future__ import annotations

from functools import partial
from typing import Any, Callable, Iterator

try:
    from pyspark.sql import DataFrame
    from pyspark.sql import types as T
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError('claimx.spark needs pyspark and pyarrow: pip install "claimx[spark]"') from exc

from .errors import ArgumentError
from .workers import claim_fields, frame_batch, make_settings, process_report

__all__ = ["extract_claims", "write_claims", "CLAIM_TYPE", "CLAIMS_TYPE"]

_SPANS = ("content", "speaker", "cue")
_REQUIRED = ("content", "text", "kind", "stance", "rule", "pattern_file", "confidence")


def _field(name: str) -> T.StructField:
    if name in _SPANS:
        kind: T.DataType = T.ArrayType(T.IntegerType(), containsNull=False)
    elif name == "confidence":
        kind = T.DoubleType()
    else:
        kind = T.StringType()
    return T.StructField(name, kind, nullable=name not in _REQUIRED)


# One claim: exactly the keys of Claim.to_dict(), in order; spans as
# array<int> of [start, end], as to_dict gives them.
CLAIM_TYPE = T.StructType([_field(name) for name in claim_fields()])
CLAIMS_TYPE = T.ArrayType(CLAIM_TYPE, containsNull=False)


def extract_claims(df: DataFrame, text_col: str = "text", *, id_col: str | None = None,
                   outlet_col: str | None = None, outlet: str | None = None, patterns: Any = None,
                   model: str | None = None, batch_size: int = 32, on_error: str = "skip",
                   max_chars: int | None = None, too_long: str = "refuse", mode: str = "full",
                   claims_col: str = "claims", error_col: str = "error") -> DataFrame:
    """`df` with two columns added: `claims_col` (array of claim structs,
    `CLAIMS_TYPE`) and `error_col` (string: null when the row was processed,
    else why it was skipped). Every other column and the row order are kept;
    existing columns of those two names are replaced. Lazy, like any
    transformation: nothing runs until an action.

    - `text_col`: a string column. A null text is an error of its row.
    - `outlet_col`: a string column naming each row's outlet (null: `outlet`).
    - `id_col`: names rows in the warnings of `on_error="log"`.
    - `patterns`: pattern files, read here on the driver and shipped with the job.
    - `model`: the name or path of a spaCy pipeline installed on the workers.
    - `on_error`: "skip" (the row gets its error and no claims), "log" (also a
      warning in the worker's log) or "raise" (the task, then the job, fails).
    - `max_chars`, `too_long`, `batch_size`, `mode`: as for `claimx.extract_many`.
    """
    if not isinstance(df, DataFrame):
        raise ArgumentError(f"claimx.spark.extract_claims takes a Spark DataFrame, not {type(df).__name__}")
    settings = make_settings(model=model, outlet=outlet, patterns=patterns, max_chars=max_chars,
                             too_long=too_long, batch_size=batch_size, on_error=on_error, mode=mode)
    names = df.columns
    for what, col in (("text_col", text_col), ("id_col", id_col), ("outlet_col", outlet_col)):
        if col is not None and col not in names:
            raise ArgumentError(f"claimx.spark.extract_claims: {what}={col!r} is not a column of the "
                                f"DataFrame (its columns: {', '.join(names)})")
    for what, col in (("text_col", text_col), ("outlet_col", outlet_col)):
        if col is not None and not isinstance(df.schema[col].dataType, T.StringType):
            raise ArgumentError(f"claimx.spark.extract_claims: {what} {col!r} must be a string column, not "
                                f"{df.schema[col].dataType.simpleString()}; cast it first")
    if claims_col == error_col or text_col in (claims_col, error_col):
        raise ArgumentError("claimx.spark.extract_claims: claims_col, error_col and text_col must differ")
    schema = T.StructType([f for f in df.schema.fields if f.name not in (claims_col, error_col)]
                          + [T.StructField(claims_col, CLAIMS_TYPE, nullable=False),
                             T.StructField(error_col, T.StringType(), nullable=True)])
    # A partial of a module-level function pickles by reference, so the worker
    # runs claimx.workers itself and its per-process cache lives across tasks.
    batch = partial(frame_batch, settings, text_col, outlet_col, id_col, claims_col, error_col)
    return df.mapInPandas(partial(_map, batch), schema)


def _map(batch: Callable[[Any], Any], frames: Iterator[Any]) -> Iterator[Any]:
    for frame in frames:
        yield batch(frame)


def _process_report(frames: Iterator[Any]) -> Iterator[Any]:
    """For tests: (pid, extractors built, distinct settings) of this Python worker."""
    import pandas as pd

    for _ in frames:
        pass
    yield pd.DataFrame(process_report(), columns=["pid", "built", "distinct"])


def write_claims(df: DataFrame, path: str, format: str = "parquet", mode: str = "errorifexists",
                 **options: Any) -> None:
    """Write `df` (usually `extract_claims`'s result) as Parquet or as JSON
    lines (`format="json"`): a folder of part files, one row per line, null
    fields written as null, so each claim reads back as `Claim.from_dict`
    takes it. `mode` and `options` go to Spark's writer."""
    writer = df.write.mode(mode)
    if format == "parquet":
        writer.options(**options).parquet(path)
    elif format in ("json", "jsonl"):
        writer.option("ignoreNullFields", "false").options(**options).json(path)
    else:
        raise ArgumentError(f"claimx.spark.write_claims: format must be 'parquet' or 'json', not {format!r}")
