"""Docs that run: the tutorial notebook and the README's Python example."""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _code_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def test_tutorial_notebook_runs_top_to_bottom(monkeypatch):
    # Each cell runs in one namespace, as a kernel would; a cell's last
    # expression is displayed through _repr_html_ when it has one.
    monkeypatch.chdir(ROOT / "docs")
    namespace: dict = {}
    cells = _code_cells(ROOT / "docs" / "tutorial.ipynb")
    assert len(cells) >= 8
    for source in cells:
        exec(compile(source, "tutorial.ipynb", "exec"), namespace)
    claims = namespace["claims"]
    assert "<table>" in claims._repr_html_()
    assert namespace["after"] == ["warn"]


def test_notebook_is_valid_nbformat_json():
    nb = json.loads((ROOT / "docs" / "tutorial.ipynb").read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    assert all(c["cell_type"] in ("markdown", "code") for c in nb["cells"])
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), "commit the notebook without outputs"


def test_api_examples_run_and_cover_every_public_name():
    import doctest

    import claimx

    path = ROOT / "docs" / "api.md"
    result = doctest.testfile(str(path), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 20
    examples = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                         if line.startswith((">>>", "...", "# ")))
    missing = [name for name in claimx.__all__ if name not in examples]
    assert not missing, f"public names without an example in docs/api.md: {missing}"


def test_docstring_examples_run():
    import doctest

    import claimx.extractor

    result = doctest.testmod(claimx.extractor)
    assert result.failed == 0 and result.attempted >= 1
