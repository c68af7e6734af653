"""The notebook view in a real browser: headless Chromium renders the seed
article's HTML; the page keeps every highlight and makes a screenshot.

`make test` installs Debian's chromium when it runs as root; elsewhere the
test is skipped with the reason."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import claimx

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    text = (ROOT / "examples" / "presstv-shamkhani.txt").read_text(encoding="utf-8")
    claims = claimx.extract(text)
    path = tmp_path_factory.mktemp("page") / "seed.html"
    path.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{claimx.render(text, claims)}"
                    "</body></html>", encoding="utf-8")
    return path, claims


def _chromium(tmp_path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)


def test_browser_dom_keeps_every_highlight(page, tmp_path):
    path, claims = page
    dom = _chromium(tmp_path, "--dump-dom", path.as_uri()).stdout
    # Each claim's number marker and table row survive the browser's parse.
    assert dom.count('class="cx-n"') == len(claims)
    assert dom.count("<tr>") == len(claims) + 1
    assert "cx-speaker" in dom and "cx-cue" in dom and "cx-direct" in dom and "cx-mixed" in dom
    assert "Ali Shamkhani" in dom


def test_browser_screenshot_of_the_article(page, tmp_path):
    path, _ = page
    shot = tmp_path / "seed.png"
    _chromium(tmp_path, "--window-size=1100,1500", f"--screenshot={shot}", path.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    assert (width, height) == (1100, 1500)
    assert len(data) > 50_000  # a page of highlighted text, not a blank page
