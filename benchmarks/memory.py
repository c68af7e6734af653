"""Peak memory of claimx on one long document, by document size.

    python benchmarks/memory.py [--sizes 50k,1M,5M] [--chunk N]

Each size runs in a fresh process (peak RSS is per process), on text made by
repeating the bundled example article and the dev set's texts. Reports the
peak resident memory of the whole process, the part above the loaded
pipeline (a 1-character warm-up document), time, and the claims found.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

UNITS = {"k": 1_000, "M": 1_000_000}


def parse_size(s: str) -> int:
    return int(float(s[:-1]) * UNITS[s[-1]]) if s[-1] in UNITS else int(s)


def source_text() -> str:
    parts = [(ROOT / "examples/presstv-shamkhani.txt").read_text(encoding="utf-8")]
    dev = ROOT / "tests/data/dev.jsonl"
    if dev.exists():
        parts += [json.loads(line)["text"] for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]
    return "\n\n".join(parts)


def one(size: int, chunk: int | None) -> dict:
    """Run in a child process: extract from one document of `size` characters."""
    from claimx import extractor
    from claimx.extractor import Extractor

    if chunk:
        extractor.CHUNK_CHARS = chunk
    base = source_text()
    text = (base * (size // len(base) + 1))[:size]
    ex = Extractor()
    ex("“Fine,” he said.")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    claims = ex(text)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"chars": size, "claims": len(claims), "seconds": round(seconds, 1),
            "peak_mb": round(peak), "above_pipeline_mb": round(peak - before)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="50k,1M,5M", help="comma-separated sizes (default 50k,1M,5M)")
    ap.add_argument("--chunk", type=int, help="override claimx's piece size (characters)")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(one(args.child, args.chunk)))
        return 0
    print(f"{'size':>10} {'claims':>7} {'seconds':>8} {'peak MB':>8} {'above pipeline MB':>18}")
    for s in args.sizes.split(","):
        cmd = [sys.executable, __file__, "--child", str(parse_size(s))] + (["--chunk", str(args.chunk)] if args.chunk else [])
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode:
            print(f"{s:>10} failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{s:>10} {r['claims']:>7} {r['seconds']:>8} {r['peak_mb']:>8} {r['above_pipeline_mb']:>18}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
