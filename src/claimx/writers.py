"""Writing claims of many documents to a file or stream, one format each:
JSONL (one line per document), CSV and Parquet (one row per claim, with the
document id and the input fields the user kept), a terminal table, an HTML
page. Every writer streams: a document is written when it is done, so an
interrupted run keeps what it finished (Parquet in row groups of `ROWS`).
"""
from __future__ import annotations

import csv
import html
import json
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Callable

from .claim import Claim, Claims
from .errors import ArgumentError
from .render import STYLE, render, to_records

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq

FORMATS = ("jsonl", "csv", "parquet", "table", "html")
BY_SUFFIX = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet",
             ".html": "html", ".htm": "html", ".txt": "table"}
ROWS = 5_000

# Characters that JSON allows raw but that line splitters (Python's
# str.splitlines, JavaScript) take as line ends: escaped, one record per line.
_LINE_BREAKERS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})

CLAIM_COLUMNS = list(to_records([Claim(content=(0, 0), text="", kind="direct")])[0])


def jsonl_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False).translate(_LINE_BREAKERS) + "\n"


def format_for(path: str | None, explicit: str | None) -> str:
    """The output format: the one asked for, else the output file's suffix, else JSONL."""
    if explicit:
        return explicit
    if path and path != "-":
        suffix = Path(path).suffix.lower()
        if suffix not in BY_SUFFIX:
            raise ArgumentError(f"cannot tell the output format from {path!r}: use a suffix of "
                                f"{', '.join(sorted(BY_SUFFIX))} or --format")
        return BY_SUFFIX[suffix]
    return "jsonl"


class Writer:
    """Write `(doc_id, fields, claims)` for each document, then `close()`."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, doc_id: str, fields: dict[str, Any], claims: Claims) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.stream.flush()


class JsonlWriter(Writer):
    def write(self, doc_id: str, fields: dict[str, Any], claims: Claims) -> None:
        self.stream.write(jsonl_line({"id": doc_id, **fields, "claims": [c.to_dict() for c in claims]}))
        self.stream.flush()


class TableWriter(Writer):
    def __init__(self, stream: IO[str], table: Callable[..., str]) -> None:
        super().__init__(stream)
        self.table = table

    def write(self, doc_id: str, fields: dict[str, Any], claims: Claims) -> None:
        self.stream.write(self.table(claims, title=doc_id))
        self.stream.flush()


class HtmlWriter(Writer):
    def __init__(self, stream: IO[str]) -> None:
        super().__init__(stream)
        stream.write(f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>claimx</title>{STYLE}</head><body>\n")

    def write(self, doc_id: str, fields: dict[str, Any], claims: Claims) -> None:
        self.stream.write(f"<h2>{html.escape(doc_id)}</h2>\n{render(claims.text, claims)}\n")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("</body></html>\n")
        super().close()


def rows(doc_id: str, fields: dict[str, Any], claims: Claims) -> list[dict[str, Any]]:
    """One flat row per claim: the document id, the kept fields, the claim."""
    kept = {k: v if v is None or isinstance(v, (str, int, float, bool)) else json.dumps(v, ensure_ascii=False)
            for k, v in fields.items()}
    return [{"id": doc_id, **kept, **r} for r in to_records(claims)]


class CsvWriter(Writer):
    """One row per claim; documents without claims give no row. The columns
    are fixed by the first document: `id`, the kept fields, the claim's."""

    def __init__(self, stream: IO[str], keep: list[str]) -> None:
        super().__init__(stream)
        self.keep = keep
        self.csv: csv.DictWriter[str] | None = None

    def write(self, doc_id: str, fields: dict[str, Any], claims: Claims) -> None:
        if self.csv is None:
            columns = ["id", *(self.keep or list(fields)), *CLAIM_COLUMNS]
            self.csv = csv.DictWriter(self.stream, fieldnames=columns, extrasaction="ignore")
            self.csv.writeheader()
        self.csv.writerows(rows(doc_id, fields, claims))
        self.stream.flush()


class ParquetWriter(Writer):
    """One row per claim, as CSV, with a declared schema; written in row groups."""

    def __init__(self, path: str, keep: list[str]) -> None:
        try:
            import pyarrow  # noqa: F401
            import pyarrow.parquet  # noqa: F401
        except ImportError as exc:
            raise ArgumentError("Parquet output needs pyarrow: pip install 'claimx[parquet]'") from exc
        if not path or path == "-":
            raise ArgumentError("Parquet output needs a file: -o claims.parquet")
        self.path = path
        self.keep = keep
        self.pending: list[dict[str, Any]] = []
        self.writer: pq.ParquetWriter | None = None
        self.schema: pa.Schema | None = None

    def _schema(self, fields: dict[str, Any]) -> pa.Schema:
        import pyarrow as pa

        ints = {"content_start", "content_end", "speaker_start", "speaker_end", "cue_start", "cue_end"}
        columns = [("id", pa.string())] + [(k, pa.string()) for k in (self.keep or list(fields))]
        for c in CLAIM_COLUMNS:
            columns.append((c, pa.int64() if c in ints else pa.float64() if c == "confidence" else pa.string()))
        return pa.schema(columns)

    def write(self, doc_id: str, fields: dict[str, Any], claims: Claims) -> None:
        if self.schema is None:
            self.schema = self._schema(fields)
        names = self.schema.names
        for r in rows(doc_id, fields, claims):
            # kept fields are text in Parquet (their JSON when not a string)
            self.pending.append({k: (str(r[k]) if k in fields and r.get(k) is not None and not isinstance(r[k], str)
                                     else r.get(k)) for k in names})
        if len(self.pending) >= ROWS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self.schema is None:
            self.schema = self._schema({})
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, self.schema)
        self.writer.write_table(pa.Table.from_pylist(self.pending, schema=self.schema))
        self.pending = []

    def close(self) -> None:
        self._flush()
        assert self.writer is not None  # _flush made it
        self.writer.close()


def make_writer(fmt: str, stream: IO[str], path: str | None, keep: list[str], table: Callable[..., str]) -> Writer:
    if fmt == "jsonl":
        return JsonlWriter(stream)
    if fmt == "csv":
        return CsvWriter(stream, keep)
    if fmt == "parquet":
        return ParquetWriter(path or "", keep)
    if fmt == "html":
        return HtmlWriter(stream)
    return TableWriter(stream, table)
