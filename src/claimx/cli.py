"""Command line: `claimx extract`, `claimx eval` (also `python -m claimx`).

`extract` streams: each input document is written as soon as it is done, so
an interrupted run keeps what it finished. A bad JSONL line, or a document
that fails, is reported on stderr with its file and line number and skipped;
the rest still runs. Exit status: 0 all done, 1 done with inputs skipped,
2 a usage or configuration error (nothing run), 3 an internal error.
"""
from __future__ import annotations

import argparse
import difflib
import json
from dataclasses import dataclass, field
import shutil
import sys
import textwrap
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from .errors import ClaimxError, PatternError

if TYPE_CHECKING:
    import logging

    from tqdm import tqdm

    from .claim import Claim, Claims
    from .extractor import Extractor, Limits

EXAMPLES = {
    "extract": """examples:
  claimx extract article.txt --format table
  claimx extract article.txt --format html > article.html
  claimx extract corpus.jsonl --progress > claims.jsonl   # {"id": ..., "text": ...} per line
  claimx extract corpus.jsonl --keep url,date -o claims.parquet   # one row per claim
  claimx extract corpus.jsonl --keep '*' -o claims.csv
  cat article.txt | claimx extract - --outlet presstv

exit status:
  0  every input document was processed
  1  finished, but some inputs were skipped (each reported on stderr with file and line)
  2  usage or configuration error (bad option, pattern file, missing model); nothing was run
  3  internal error: claimx stopped part way (what was written so far is valid)
""",
    "patterns": """examples:
  claimx patterns list --outlet presstv
  claimx patterns check my-outlet.toml""",
    "eval": """examples:
  claimx eval tests/data/dev.jsonl
  claimx eval tests/data/seed.jsonl --json --show-errors 20""",
}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="claimx", description="Extract attributed claims from English news text.")
    p.add_argument("--version", action="version", version=f"claimx {_version()}")
    sub = p.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract claims from .txt / .jsonl files or stdin",
                        epilog=EXAMPLES["extract"], formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("paths", nargs="*", default=["-"], help="a .txt file is one document; a .jsonl file has one "
                    "document per line with \"text\" and optional \"id\"; '-' reads stdin (default)")
    _common(ex)
    ex.add_argument("--format", choices=("jsonl", "csv", "parquet", "table", "html"),
                    help="jsonl (one line per document), csv or parquet (one row per claim, with the document "
                         "id and kept fields), table (aligned, for a terminal) or html (a page with each article "
                         "highlighted); default: from the -o suffix, else jsonl")
    ex.add_argument("-o", "--output", metavar="PATH", help="write here instead of stdout; the suffix (.jsonl, "
                    ".csv, .parquet, .html, .txt) picks the format")
    ex.add_argument("--keep", metavar="FIELD,...", default="",
                    help="input JSONL fields to copy into the output (e.g. url,date,title), or '*' for all but "
                         "\"text\" and \"claims\"")
    ex.add_argument("--progress", action="store_true",
                    help="show a progress bar on stderr (default: only when stderr is a terminal)")
    ex.add_argument("--n-process", type=_process_count, default=1, metavar="N",
                    help="parse with N processes, -1 for one per CPU (output order is still input order)")
    ex.add_argument("--batch-size", type=_positive, default=16, metavar="N",
                    help="documents per spaCy batch (default 16)")
    ex.add_argument("--max-chars", type=_positive, metavar="N",
                    help="documents longer than N characters are skipped and reported, or cut with --too-long truncate")
    ex.add_argument("--too-long", choices=("refuse", "truncate"), default="refuse",
                    help="what --max-chars does to a longer document: refuse (skip and report; default) or "
                         "truncate (keep its beginning, cut at a paragraph or sentence end)")
    pt = sub.add_parser("patterns", help="list or check pattern files",
                        epilog=EXAMPLES["patterns"], formatter_class=argparse.RawDescriptionHelpFormatter)
    psub = pt.add_subparsers(dest="patterns_command", required=True)
    ls = psub.add_parser("list", help="show every frame and cue class, and the file each comes from",
                         epilog="example:\n  claimx patterns list --outlet ap", formatter_class=argparse.RawDescriptionHelpFormatter)
    ls.add_argument("--outlet", help="an outlet profile (see `claimx patterns outlets`)")
    ls.add_argument("--patterns", action="append", default=[], metavar="FILE", help="extra pattern file (repeatable)")
    ck = psub.add_parser("check", help="validate pattern files and run their frames' examples",
                         epilog="example:\n  claimx patterns check patterns/outlets/ap.toml",
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    ck.add_argument("files", nargs="+", help="pattern files (TOML)")
    ck.add_argument("--model", help="spaCy pipeline name (default: en_core_web_sm if installed)")
    psub.add_parser("outlets", help="list the outlet profiles --outlet accepts",
                    epilog="example:\n  claimx patterns outlets", formatter_class=argparse.RawDescriptionHelpFormatter)
    ev = sub.add_parser("eval", help="score claimx on a gold JSONL file",
                        epilog=EXAMPLES["eval"], formatter_class=argparse.RawDescriptionHelpFormatter)
    ev.add_argument("gold", help="gold file in the GUIDELINES.md format")
    _common(ev)
    ev.add_argument("--json", action="store_true", help="print one JSON object with the figures")
    ev.add_argument("--show-errors", type=int, default=0, metavar="N", help="also list the first N errors")
    ev.add_argument("--predictions", metavar="PATH", help="also write claimx's predictions as JSONL here")
    ev.add_argument("--match", choices=("half", "gold30"), default="half",
                    help="half: contents overlap by half the longer (default); gold30: 30%% of the gold is covered")
    ev.add_argument("--speaker", choices=("name", "span"), default="name",
                    help="compare resolved names (default), or mention spans for corpora that annotate only those")
    ev.add_argument("--only-speech", action="store_true",
                    help="score only gold claims whose cue_speech_heuristic is not false (PolNeAR)")
    return p


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _process_count(value: str) -> int:
    if value.strip() == "-1":
        return -1
    return _positive(value)


def _version() -> str:
    from . import __version__

    return __version__


def _common(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("-v", "--verbose", action="count", default=0, help="more messages on stderr (-vv: debug)")
    sp.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr")
    sp.add_argument("--outlet", help="the outlet the text comes from (e.g. presstv); never reported as via. "
                    "A JSONL line's own \"outlet\" (or \"source\") field wins for that line")
    sp.add_argument("--model", help="spaCy pipeline name (default: en_core_web_sm if installed)")
    sp.add_argument("--patterns", action="append", default=[], metavar="FILE", help="extra pattern file (repeatable)")
    sp.add_argument("--fast", action="store_true",
                    help="fast mode: parse only the sentences that can hold a claim (NER still reads every "
                         "sentence); one process")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_logging(getattr(args, "verbose", 0), getattr(args, "quiet", False))
    try:
        if args.command == "extract":
            return cmd_extract(args)
        if args.command == "patterns":
            return cmd_patterns(args)
        return cmd_eval(args)
    except (ClaimxError, FileNotFoundError) as exc:
        print(f"claimx: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("claimx: interrupted", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - a crash gets its own exit status and the traceback
        import traceback

        traceback.print_exc()
        print("claimx: internal error (exit 3); output written so far is complete up to the last document",
              file=sys.stderr)
        return 3


def _setup_logging(verbose: int, quiet: bool) -> None:
    """claimx's messages and Python warnings go to stderr as "claimx: ..."
    lines, at the level -v / -q ask for."""
    import logging

    level = logging.ERROR if quiet else logging.WARNING if not verbose else logging.INFO if verbose == 1 \
        else logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name in ("claimx", "py.warnings"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False
    logging.captureWarnings(True)
    import warnings

    warnings.formatwarning = lambda message, category, *rest: f"{message}"


# -- input --------------------------------------------------------------------

class InputErrors:
    """Inputs skipped, each reported on stderr with its file and line."""

    def __init__(self) -> None:
        self.count = 0

    def report(self, where: str, message: str) -> None:
        self.count += 1
        _log().error("claimx: %s: %s; skipped", where, message)


def _log() -> logging.Logger:
    import logging

    return logging.getLogger("claimx.cli")


@dataclass
class Document:
    """One input document: its id, text, outlet (from the line, if any), where
    it came from ("file:line"), and the input fields to pass through."""

    id: str
    text: str
    outlet: str | None
    where: str
    fields: dict[str, Any] = field(default_factory=dict)


BOM = b"\xef\xbb\xbf"


def replace_surrogates(text: str) -> str:
    from .extractor import replace_surrogates as replace  # spaCy loads only once a document is read

    return replace(text)


def read_documents(paths: list[str], errors: InputErrors, keep: list[str] | None = None) -> Iterator[Document]:
    """Each document of the inputs, in order. A JSONL line may name its
    outlet ("outlet", or the gold files' "source"), so one file can mix
    outlets; `keep` names the fields passed through (["*"]: all but text and claims)."""
    for path in paths:
        if path == "-":
            yield from _stdin_documents(errors, keep or [])
            continue
        p = Path(path)
        try:
            data = p.read_bytes()
        except OSError as exc:
            errors.report(path, f"cannot read: {exc.strerror or exc}")
            continue
        yield from _documents_from_bytes(path, p.stem, data, p.suffix == ".jsonl", errors, keep or [])


def count_documents(paths: list[str]) -> int | None:
    """How many documents the inputs hold (for a progress bar), or None when
    unknown (stdin). Counts non-blank lines of JSONL files, so a bad line is
    counted too."""
    total = 0
    for path in paths:
        p = Path(path)
        if path == "-" or not p.is_file():
            return None if path == "-" else total
        if p.suffix != ".jsonl":
            total += 1
            continue
        with open(p, "rb") as f:
            total += sum(1 for line in f if line.strip())
    return total


def _stdin_documents(errors: InputErrors, keep: list[str]) -> Iterator[Document]:
    """Standard input: JSONL (first non-blank line starts with "{") is read
    line by line, so a pipeline gets each result as soon as its line is done;
    anything else is one text document."""
    stream = sys.stdin.buffer
    head: list[bytes] = []
    for raw in stream:
        head.append(raw.removeprefix(BOM) if len(head) == 0 else raw)
        if raw.strip():
            break
    if not head or not head[-1].lstrip().startswith(b"{"):
        yield from _documents_from_bytes("<stdin>", "-", b"".join(head) + stream.read(), False, errors, keep)
        return
    for n, raw in enumerate(_chain(head, stream), 1):
        yield from _jsonl_line("<stdin>", "-", n, raw.rstrip(b"\r\n"), errors, keep)


def _chain(first: list[bytes], rest: Iterable[bytes]) -> Iterator[bytes]:
    yield from first
    yield from rest


def _documents_from_bytes(name: str, stem: str, data: bytes, jsonl: bool, errors: InputErrors,
                          keep: list[str]) -> Iterator[Document]:
    data = data.removeprefix(BOM)  # editors on Windows start UTF-8 files with one
    if not jsonl:
        try:
            yield Document(stem, replace_surrogates(data.decode("utf-8")), None, name)
        except UnicodeDecodeError as exc:
            errors.report(name, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        return
    if not data.strip():
        errors.report(name, "empty file")
        return
    for n, raw in enumerate(data.split(b"\n"), 1):
        yield from _jsonl_line(name, stem, n, raw, errors, keep)


def _jsonl_line(name: str, stem: str, n: int, raw: bytes, errors: InputErrors,
                keep: list[str]) -> Iterator[Document]:
    if not raw.strip():
        return
    where = f"{name}:{n}"
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        errors.report(where, f"not UTF-8 ({exc.reason} at byte {exc.start})")
        return
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        errors.report(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
        return
    if not isinstance(obj, dict) or "text" not in obj:
        errors.report(where, 'no "text" field')
        return
    if not isinstance(obj["text"], str):
        errors.report(where, f'"text" is {type(obj["text"]).__name__}, not a string')
        return
    outlet = obj.get("outlet", obj.get("source"))
    outlet = replace_surrogates(outlet) if isinstance(outlet, str) and outlet else None
    # JSON can spell lone surrogates ("\ud800"); they become U+FFFD, offsets unchanged.
    doc_id = replace_surrogates(str(obj.get("id", f"{stem}:{n}")))
    if keep == ["*"]:
        fields = {k: v for k, v in obj.items() if k not in ("id", "text", "claims")}
    else:
        fields = {k: obj.get(k) for k in keep}
    fields = {replace_surrogates(k): (replace_surrogates(v) if isinstance(v, str) else v) for k, v in fields.items()}
    yield Document(doc_id, replace_surrogates(obj["text"]), outlet, where, fields)


# -- commands -----------------------------------------------------------------

def _extractor(args: argparse.Namespace, outlet: str | None = None) -> Extractor:
    import warnings

    from .extractor import get_extractor

    limits: Limits = {"max_chars": getattr(args, "max_chars", None), "too_long": getattr(args, "too_long", "refuse")}
    mode = "fast" if getattr(args, "fast", False) else "full"
    if outlet is None or outlet == args.outlet:
        return get_extractor(args.model, args.outlet, args.patterns or None, **limits, mode=mode)
    with warnings.catch_warnings():  # a line's outlet with no profile only names the author
        warnings.simplefilter("ignore", UserWarning)
        return get_extractor(args.model, outlet, args.patterns or None, **limits, mode=mode)


def check_outlet(name: str | None) -> None:
    """An --outlet that is neither a profile nor an outlet the patterns know
    is a usage error, with the known profiles and the nearest name."""
    if not name:
        return
    import warnings

    from .errors import ArgumentError
    from .patterns import available_outlets, load_patterns

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_patterns(outlet=name)
    if any("no outlet profile" in str(w.message) for w in caught):
        near = difflib.get_close_matches(name.lower(), available_outlets(), n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        raise ArgumentError(f"unknown --outlet {name!r}{hint}; the profiles are: {', '.join(available_outlets())}. "
                            "An outlet the bundled patterns know by name (e.g. 'Reuters') works too.")


def claims_by_outlet(args: argparse.Namespace, docs: Iterable[Document],
                     errors: InputErrors | None = None) -> Iterator[tuple[Document, Claims]]:
    """(document, claims) for each input document, in order: consecutive
    documents of one outlet go through that outlet's extractor together. A
    document that fails is reported with its file and line and left out."""
    from itertools import groupby

    errors = errors or InputErrors()
    for outlet, run in groupby(docs, key=lambda d: d.outlet or args.outlet):
        ext = _extractor(args, outlet)
        seen: list[Document | None] = []  # None once written

        def texts(run: Iterable[Document] = run, seen: list[Document | None] = seen) -> Iterator[str]:
            for doc in run:
                seen.append(doc)
                yield doc.text

        def failed(index: int, item: object, exc: Exception, seen: list[Document | None] = seen) -> None:
            why = str(exc).removeprefix("claimx: ") if isinstance(exc, ClaimxError) else f"{type(exc).__name__}: {exc}"
            doc = seen[index]
            assert doc is not None  # a document is reported before its result is yielded
            errors.report(doc.where, why)

        n_process, batch = getattr(args, "n_process", 1), max(1, getattr(args, "batch_size", 16))
        for k, claims in enumerate(ext.pipe(texts(), n_process=n_process, batch_size=batch, on_error=failed)):
            doc, seen[k] = seen[k], None  # the list holds only documents not yet written
            assert doc is not None  # each result comes once
            if claims.error is None:
                yield doc, claims


def cmd_extract(args: argparse.Namespace) -> int:
    from .writers import format_for, make_writer

    check_outlet(args.outlet)
    fmt = format_for(args.output, args.format)
    keep = [k.strip() for k in args.keep.split(",") if k.strip()]
    errors = InputErrors()
    docs = read_documents(args.paths, errors, keep)
    out: IO[str]
    if args.output and args.output != "-" and fmt != "parquet":
        out = open(args.output, "w", encoding="utf-8", newline="" if fmt == "csv" else None)
    else:
        out = sys.stdout
        if hasattr(out, "reconfigure"):
            out.reconfigure(errors="replace")  # a terminal that cannot show a character never ends the run
    writer = make_writer(fmt, out, args.output, [] if keep == ["*"] else keep, format_table)
    show = args.progress or sys.stderr.isatty()
    progress = Progress(show, count_documents(args.paths) if show else None)
    try:
        for doc, claims in claims_by_outlet(args, docs, errors):
            writer.write(doc.id, doc.fields, claims)
            progress.update(len(claims))
        writer.close()
    finally:
        progress.close(errors.count)
        if out is not sys.stdout:
            out.close()
    return 1 if errors.count else 0


def jsonl_line(record: dict[str, Any]) -> str:
    from .writers import jsonl_line as line

    return line(record)


class Progress:
    """A progress bar on stderr (tqdm): documents with total and ETA when the
    inputs are files, a running count for stdin; claims found so far."""

    def __init__(self, enabled: bool, total: int | None = None) -> None:
        self.bar: tqdm | None = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", desc="claimx", file=sys.stderr, dynamic_ncols=True)
        self.claims = 0

    def update(self, n_claims: int) -> None:
        self.claims += n_claims
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(claims=self.claims, refresh=False)

    def close(self, skipped: int) -> None:
        if self.bar is not None:
            if skipped:
                self.bar.set_postfix(claims=self.claims, skipped=skipped, refresh=False)
            self.bar.close()


def format_table(claims: Sequence[Claim], title: str | None = None, width: int | None = None) -> str:
    """An aligned table of claims for a terminal (wasabi's, which spaCy
    brings), the claim's words wrapped to the terminal's width."""
    from wasabi.tables import table

    width = width or max(80, min(160, shutil.get_terminal_size((120, 20)).columns))
    head = ("#", "speaker", "kind", "cue", "stance", "via", "claim")
    rows = [(str(i + 1), c.speaker_name or c.speaker_text or "—", c.kind, c.cue_text or "—", c.stance,
             c.via or "—", c.text.replace("\n", " ")) for i, c in enumerate(claims)]
    fixed = [max(len(r[k]) for r in [*rows, head]) for k in range(6)]
    fixed[1] = min(fixed[1], 24)
    fixed[3] = min(fixed[3], 20)
    fixed[5] = min(fixed[5], 20)
    text_w = max(30, width - sum(fixed) - 2 * 6)
    cells = [[textwrap.wrap(cell, w) or [""] for cell, w in zip(r, [*fixed, text_w])] for r in rows]
    out = f"{title}: {len(claims)} claim{'s' if len(claims) != 1 else ''}\n" if title else ""
    if rows:
        out += table(cells, header=head, divider=True, widths=[*fixed, text_w], multiline=True, spacing=2,
                     max_col=max(fixed + [text_w]))
    return out.rstrip("\n") + "\n\n"


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import read_jsonl, score

    check_outlet(args.outlet)
    gold = read_jsonl(args.gold)
    docs = (Document(doc_id, d["text"], d.get("outlet", d.get("source")), f"{args.gold}:{doc_id}")
            for doc_id, d in gold.items())
    pred = {doc.id: {"id": doc.id, "claims": [c.to_dict() for c in claims]}
            for doc, claims in claims_by_outlet(args, docs)}
    if args.predictions:
        with open(args.predictions, "w", encoding="utf-8") as f:
            for d in pred.values():
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
    report = score(gold, pred, match=args.match, speaker=args.speaker, only_speech=args.only_speech)
    figures = report.figures()
    shown = report.errors[: args.show_errors]
    if args.json:  # one JSON object, errors inside it
        print(json.dumps({**figures, **({"errors": [list(e) for e in shown]} if args.show_errors else {})}))
        return 0
    for k, v in figures.items():
        print(f"{k:>16}: {v}")
    for e in shown:
        print(" | ".join(str(x) for x in e))
    return 0


def cmd_patterns(args: argparse.Namespace) -> int:
    from .patterns import available_outlets, load_patterns

    if args.patterns_command == "outlets":
        for name in available_outlets():
            ps = load_patterns(outlet=name)
            print(f"{name:<12} {ps.author}")
        return 0
    if args.patterns_command == "list":
        ps = load_patterns(args.patterns or None, outlet=args.outlet)
        width = max(len(f.id) for f in ps.frames)
        print("frames:")
        for f in ps.frames:
            print(f"  {f.id:<{width}}  {f.kind:<20} {f.confidence:4.2f}  {_rel(f.file)}")
        print("cue classes:")
        words: dict[str, int] = {}
        for e in ps.cues:
            words[e.cls] = words.get(e.cls, 0) + 1
        for c in ps.classes.values():
            print(f"  {c.name:<{width}}  {words.get(c.name, 0):4d} cues  {', '.join(c.frames)}")
        return 0
    return check_files(args.files, args.model)


def _rel(path: str) -> str:
    from .patterns import short_path

    return short_path(path) if "patterns" in path.replace("\\", "/").split("/") else path


def check_files(files: list[str], model: str | None = None, out: IO[str] | None = None) -> int:
    """Validate each file and run its frames' examples; 0 when all is well."""
    from .extractor import Extractor
    from .patterns import load_patterns

    out = out or sys.stdout
    failures = 0
    for path in files:
        try:
            ps = load_patterns([path])
        except PatternError as exc:
            print(f"{path}: INVALID\n{exc}", file=out)
            failures += 1
            continue
        own = [f for f in ps.frames if Path(f.file).resolve() == Path(path).resolve()]
        ext = Extractor(model, patterns=[path])
        bad = 0
        for frame in own:
            for ex in frame.examples:
                got = [c.rule for c in ext(ex)]
                if frame.id not in got:
                    bad += 1
                    print(f"{path}: frame {frame.id!r}: example gives no claim from this frame "
                          f"(frames that fired: {', '.join(got) or 'none'}): {ex!r}", file=out)
            for ex in frame.counterexamples:
                if frame.id in [c.rule for c in ext(ex)]:
                    bad += 1
                    print(f"{path}: frame {frame.id!r}: counterexample gives a claim from this frame: {ex!r}",
                          file=out)
        n = sum(len(f.examples) + len(f.counterexamples) for f in own)
        print(f"{path}: {'ok' if not bad else 'FAILED'}: {len(own)} frames, {n} examples, {bad} failed", file=out)
        failures += bool(bad)
    return 1 if failures else 0
