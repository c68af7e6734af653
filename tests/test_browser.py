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


# -- a dark notebook theme ---------------------------------------------------------------

# What JupyterLab's and VS Code's dark themes give a cell's output: a near-black
# background and light default text.
DARK_PAGE = ("<!DOCTYPE html><html><head><meta charset='utf-8'><style>body{{background:#1e1e1e;color:#d4d4d4;"
             "margin:8px}} td,th{{color:#d4d4d4}}</style></head><body>{}</body></html>")


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB(A) bytes of an 8-bit, non-interlaced PNG."""
    import struct
    import zlib

    pos, idat, width, height, channels = 8, b"", 0, 0, 4
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8
            channels = {2: 3, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, [bytes(r) for r in rows]


def _brightness(rows, x, y, channels=4) -> float:
    r, g, b = rows[y][x * channels:x * channels + 3]
    return (r + g + b) / 3


def test_view_stays_readable_on_a_dark_theme(tmp_path):
    """The claim view brings its own light background: on a dark page the
    card (text, legend and table) is light and the page beside it stays dark.
    docs/screenshot-dark.png is this page."""
    text = (ROOT / "examples" / "presstv-shamkhani.txt").read_text(encoding="utf-8")
    path = tmp_path / "dark.html"
    path.write_text(DARK_PAGE.format(claimx.render(text)), encoding="utf-8")
    shot = tmp_path / "dark.png"
    _chromium(tmp_path, "--window-size=1200,900", "--hide-scrollbars", f"--screenshot={shot}", path.as_uri())
    width, height, rows = _png_pixels(shot.read_bytes())
    channels = len(rows[0]) // width
    assert _brightness(rows, 1150, 40, channels) < 60, "the page beside the card keeps its dark theme"
    # Inside the card (left margin, between lines and in the legend's row) the background is light.
    card = [_brightness(rows, x, y, channels) for x in (14, 16, 18) for y in range(20, 880, 40)]
    assert min(card) > 200, "the card's background is light everywhere"
