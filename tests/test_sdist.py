"""The source distribution holds what its own tests need, and they pass
from the unpacked sdist (a packager's `pytest` run, e.g. for a distribution
package). Runs a representative part of the suite there, not all of it."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(importlib.util.find_spec("build") is None,
                                reason="the 'build' module is not installed (the [test] extra has it)")


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sdist")
    proc = subprocess.run([sys.executable, "-m", "build", "--sdist", "--outdir", str(out), str(REPO)],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0 and "No matching distribution" in proc.stdout + proc.stderr:
        pytest.skip("could not fetch the build backend for an isolated build")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (archive,) = out.glob("claimx-*.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(out, filter="data")
    (root,) = [p for p in out.iterdir() if p.is_dir()]
    return root


def test_sdist_holds_docs_examples_patterns_and_tests(unpacked):
    for needed in ("docs/api.md", "docs/patterns.md", "docs/tutorial.ipynb", "examples/presstv-shamkhani.txt",
                   "patterns/core/frames.toml", "tests/data/dev.jsonl", "tests/data/SOURCES.md", "LICENSE",
                   "README.md", "CHANGELOG.md", "CONTRIBUTING.md", "src/claimx/py.typed"):
        assert (unpacked / needed).is_file(), f"{needed} is missing from the sdist"
    assert not list(unpacked.rglob("__pycache__"))


def test_tests_pass_from_the_unpacked_sdist(unpacked):
    env = dict(os.environ, PYTHONPATH=str(unpacked / "src"))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
         "tests/test_docs.py", "tests/test_constructions.py", "tests/test_patterns.py", "tests/test_gold.py"],
        cwd=unpacked, env=env, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    # the package came from the sdist, not from this checkout
    check = subprocess.run([sys.executable, "-c", "import claimx; print(claimx.__file__)"], cwd=unpacked, env=env,
                           capture_output=True, text=True, timeout=120)
    assert check.stdout.strip().startswith(str(unpacked))
