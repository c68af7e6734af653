"""The shape of the code: layers that import only downwards, and no text
from the evaluation data in the code or the pattern files."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"


def test_import_layers_contract_is_kept():
    """pyproject.toml's import-linter contract: pattern set -> finders ->
    frames -> attribution -> resolution -> Claims, each module importing only
    from the layers below it (imports inside functions count too)."""
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is a test dependency (pip install -e '.[test]')"
    proc = subprocess.run([exe, str(REPO / "pyproject.toml")], capture_output=True, text=True, cwd=REPO,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 kept, 0 broken" in proc.stdout


def test_every_module_is_in_a_layer():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    layered = set(re.findall(r"claimx\.(\w+)", text.split("[tool.importlinter]", 1)[1]))
    modules = {p.stem for p in (REPO / "src" / "claimx").glob("*.py")} - {"__init__"}
    assert modules == layered, f"not in a layer: {modules - layered}; no such module: {layered - modules}"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _ngrams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[k:k + n]) for k in range(len(words) - n + 1)}


@pytest.mark.parametrize("gold", ["seed.jsonl", "dev.jsonl"])
def test_no_gold_text_in_code_or_patterns(gold):
    """Rules and tests are written on sentences of our own: no run of eight
    words from a gold text appears in src/, patterns/ or the tests."""
    n = 8
    grams: set[tuple[str, ...]] = set()
    for line in (DATA / gold).read_text(encoding="utf-8").splitlines():
        if line.strip():
            grams |= _ngrams(_words(json.loads(line)["text"]), n)
    files = list((REPO / "src").rglob("*.py")) + list((REPO / "patterns").rglob("*.toml")) \
        + list((REPO / "tests").glob("*.py"))
    hits = []
    for path in files:
        common = _ngrams(_words(path.read_text(encoding="utf-8")), n) & grams
        hits += [f"{path.relative_to(REPO)}: {' '.join(g)}" for g in sorted(common)]
    assert not hits, "\n".join(hits[:20])
