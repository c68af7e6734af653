"""The built wheel bundles the pattern files and works when installed.

Builds with `python -m build --wheel` (skipped when the `build` module is not
installed), checks that every file under patterns/ is in the wheel as
claimx/patterns/..., installs it with `pip install --no-deps --target` and
imports it from there, with the source checkout out of sight.
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("build") is None,
    reason="the 'build' module is not installed (pip install build, or the [test] extra)",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
        capture_output=True, text=True, timeout=600,
    )
    if proc.returncode != 0 and ("Could not find a version" in proc.stderr + proc.stdout
                                 or "No matching distribution" in proc.stderr + proc.stdout):
        pytest.skip("could not fetch the build backend (hatchling) for an isolated build: no network?")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    wheels = list(out.glob("claimx-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_contains_every_pattern_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    pattern_files = [p for p in (REPO / "patterns").rglob("*") if p.is_file()]
    assert pattern_files
    missing = [str(p.relative_to(REPO)) for p in pattern_files
               if "claimx/patterns/" + p.relative_to(REPO / "patterns").as_posix() not in names]
    assert not missing, f"pattern files missing from the wheel: {missing}"
    assert "claimx/__init__.py" in names
    assert "claimx/patterns/core/frames.toml" in names
    # No test data or caches in the wheel.
    assert not [n for n in names if "__pycache__" in n or n.startswith("tests/")]


def test_wheel_ships_py_typed(wheel):
    # PEP 561: type checkers read claimx's annotations only when the marker is installed with it.
    assert "claimx/py.typed" in zipfile.ZipFile(wheel).namelist()


def test_wheel_declares_entry_points(wheel):
    zf = zipfile.ZipFile(wheel)
    ep = next(n for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt"))
    text = zf.read(ep).decode("utf-8")
    assert "[spacy_factories]" in text and "claimx = claimx.component:make_claimx" in text
    assert "[console_scripts]" in text and "claimx = claimx.cli:main" in text


def _install(wheel, tmp_path) -> Path:
    """pip-install the wheel, without dependencies, into a folder of its own."""
    target = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", str(target),
         str(wheel)],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return target


def _run_installed(target: Path, code: str, cwd: Path) -> dict:
    """Run `code` against the installed copy and return the JSON it prints.

    -S: no site processing, so the editable install's .pth (pointing at src/)
    is not applied; the venv's site-packages still provides spaCy."""
    site_packages = sysconfig.get_paths()["purelib"]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(target), site_packages]))
    run = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, env=env,
                         cwd=cwd, timeout=600)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_installed_wheel_uses_its_bundled_patterns(wheel, tmp_path):
    target = _install(wheel, tmp_path)
    assert (target / "claimx" / "patterns" / "core" / "frames.toml").is_file()

    code = (
        "import json, claimx, claimx.patterns as p;"
        "ps = claimx.load_patterns();"
        "cs = claimx.extract('“We are ready,” Abbas Araghchi said.');"
        "print(json.dumps({'module': claimx.__file__, 'dir': str(p.bundled_patterns_dir()),"
        " 'files': list(ps.files), 'frames': len(ps.frames), 'classes': len(ps.classes),"
        " 'speaker': cs[0].speaker_name if cs else None, 'pattern_file': cs[0].pattern_file if cs else None}))"
    )
    info = _run_installed(target, code, tmp_path)
    root = target.resolve()
    assert Path(info["module"]).resolve().is_relative_to(root), info
    assert Path(info["dir"]).resolve().is_relative_to(root), info
    assert info["files"] and all(Path(f).resolve().is_relative_to(root) for f in info["files"]), info
    assert info["frames"] > 0 and info["classes"] > 0
    assert info["speaker"] == "Abbas Araghchi"
    assert info["pattern_file"] == "core/frames.toml"


BUNDLED_OUTLETS = ("aljazeera", "ap", "bbc", "guardian", "presstv", "reuters", "voa", "wikinews")


def test_wheel_contains_the_outlet_profiles(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    profiles = sorted(p.name for p in (REPO / "patterns" / "outlets").glob("*.toml"))
    assert {f"{n}.toml" for n in BUNDLED_OUTLETS} <= set(profiles)
    missing = [n for n in profiles if f"claimx/patterns/outlets/{n}" not in names]
    assert not missing, f"outlet profiles missing from the wheel: {missing}"


def test_installed_wheel_finds_its_outlet_profiles(wheel, tmp_path):
    target = _install(wheel, tmp_path)
    code = (
        "import json, claimx;"
        "ps = claimx.load_patterns(outlet='ap');"
        "cs = claimx.extract('“We will rebuild.” — Mayor Jane Doe', outlet='ap');"
        "print(json.dumps({'outlets': claimx.available_outlets(), 'files': list(ps.files), 'author': ps.author,"
        " 'rules': [c.rule for c in cs], 'pattern_file': cs[0].pattern_file if cs else None}))"
    )
    info = _run_installed(target, code, tmp_path)
    assert set(BUNDLED_OUTLETS) <= set(info["outlets"]), info
    root = target.resolve()
    assert Path(info["files"][-1]).name == "ap.toml"
    assert all(Path(f).resolve().is_relative_to(root) for f in info["files"]), info
    assert info["author"] == "Associated Press"
    assert info["rules"] == ["ap.dash-attribution"], info
    assert info["pattern_file"] == "outlets/ap.toml"
