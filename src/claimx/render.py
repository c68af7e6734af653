"""Showing claims to people: HTML for notebooks and pages, tables for pandas.

`render` highlights content, speaker and cue in the article and lists the
claims in a table below it; `to_records` / `to_dataframe` give one row per
claim. Everything here reads Claims only, never spaCy objects.
"""
from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any, Iterable

from .claim import VIEW, Claim

if TYPE_CHECKING:
    import pandas as pd
    from spacy.language import Language
    from spacy.tokens import Doc

# The view is a self-contained light card: its own background under its own
# text colour, so it reads the same on a dark notebook theme (JupyterLab
# dark, VS Code dark) as on a light one.
STYLE = """<style>
.claimx{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.7;max-width:60rem;color:#1b1b1b;
background:#fafafa;padding:.75rem;border-radius:8px;color-scheme:light}
.claimx *{color:inherit}
.claimx .cx-article{padding:.75rem 1rem;border:1px solid #ddd;border-radius:6px;background:#fff}
.claimx .cx-content{border-radius:3px;padding:0 1px}
.claimx .cx-direct{background:#dbeafe}.claimx .cx-indirect{background:#fef3c7}.claimx .cx-mixed{background:#e9d5ff}
.claimx .cx-speaker{font-weight:600;color:#9a3412;border-bottom:2px solid #fb923c}
.claimx .cx-cue{font-style:italic;color:#166534;border-bottom:2px dotted #16a34a}
.claimx .cx-n{font-size:.7em;vertical-align:super;color:#555;margin-right:1px}
.claimx table,.claimx td{background:#fff}
.claimx table{border-collapse:collapse;margin-top:.75rem;font-size:.9em;width:100%}
.claimx th,.claimx td{border-bottom:1px solid #e5e5e5;padding:.25rem .5rem;text-align:left;vertical-align:top}
.claimx th{background:#f5f5f5}
.claimx .cx-legend span{margin-right:1rem;padding:0 .3rem}
</style>"""

COLUMNS = ("speaker", "kind", "stance", "cue", "via", "text")


def render(text_or_doc: str | Doc, claims: Iterable[Claim] | None = None, *, outlet: str | None = None,
           nlp: Language | str | None = None, table: bool = True) -> str:
    """An HTML fragment: the article with every claim's content, speaker and
    cue highlighted, then a table of the claims. Extracts the claims when
    none are given."""
    text = text_or_doc if isinstance(text_or_doc, str) else text_or_doc.text
    if claims is None:
        from .extractor import extract

        claims = extract(text_or_doc, outlet=outlet, nlp=nlp)
    claims = list(claims)
    parts = [STYLE, '<div class="claimx">', _legend(), '<div class="cx-article">', _highlight(text, claims), "</div>"]
    if table:
        parts.append(_table(claims))
    parts.append("</div>")
    return "".join(parts)


def _legend() -> str:
    return ('<div class="cx-legend"><span class="cx-content cx-direct">direct</span>'
            '<span class="cx-content cx-indirect">indirect</span><span class="cx-content cx-mixed">mixed</span>'
            '<span class="cx-speaker">speaker</span><span class="cx-cue">cue</span></div>')


def _highlight(text: str, claims: list[Claim]) -> str:
    # Cut the text at every span boundary; each piece carries the classes of
    # all spans covering it, so overlapping and nested spans need no nesting.
    marks: list[tuple[int, int, str, str]] = []
    for n, c in enumerate(claims, 1):
        tip = f"#{n} {c.kind} · {c.speaker_name or c.speaker_text or 'unknown'} · {c.cue_lemma or '-'} · {c.stance}"
        marks.append((c.content[0], c.content[1], f"cx-content cx-{c.kind}", tip))
        if c.speaker:
            marks.append((c.speaker[0], c.speaker[1], "cx-speaker", f"speaker of #{n}: {c.speaker_name or ''}"))
        if c.cue:
            marks.append((c.cue[0], c.cue[1], "cx-cue", f"cue of #{n}: {c.cue_lemma or ''} ({c.stance})"))
    starts = {c.content[0]: n for n, c in enumerate(claims, 1)}
    cuts = sorted({0, len(text)} | {m[0] for m in marks} | {m[1] for m in marks})
    marks.sort(key=lambda m: m[0])
    out: list[str] = []
    active: list[tuple[int, int, str, str]] = []
    k = 0
    for a, b in zip(cuts, cuts[1:]):
        if a in starts:
            out.append(f'<span class="cx-n">{starts.pop(a)}</span>')
        while k < len(marks) and marks[k][0] <= a:
            active.append(marks[k])
            k += 1
        active = [m for m in active if m[1] > a]
        piece = html.escape(text[a:b]).replace("\n", "<br>\n")
        covering = [m for m in active if b <= m[1]]
        if not covering:
            out.append(piece)
            continue
        classes = " ".join(dict.fromkeys(" ".join(m[2] for m in covering).split()))
        tip = html.escape(" | ".join(m[3] for m in covering), quote=True)
        out.append(f'<span class="{classes}" title="{tip}">{piece}</span>')
    return "".join(out)


def _table(claims: list[Claim]) -> str:
    rows = ["<table><thead><tr><th>#</th>" + "".join(f"<th>{c}</th>" for c in COLUMNS) + "</tr></thead><tbody>"]
    for n, c in enumerate(claims, 1):
        cells = [c.speaker_name or c.speaker_text or "—", c.kind, c.stance, c.cue_text or "—", c.via or "—", c.text]
        rows.append(f"<tr><td>{n}</td>" + "".join(f"<td>{html.escape(x)}</td>" for x in cells) + "</tr>")
    rows.append("</tbody></table>")
    return "".join(rows)


def claim_html(claim: Claim) -> str:
    """One claim as a small HTML card (Claim._repr_html_)."""
    who = html.escape(claim.speaker_name or claim.speaker_text or "unknown speaker")
    meta = " · ".join(html.escape(x) for x in (claim.kind, claim.cue_text or "-", claim.stance) if x)
    via = f" · via {html.escape(claim.via)}" if claim.via else ""
    return (f'{STYLE}<div class="claimx"><span class="cx-speaker">{who}</span> <small>({meta}{via})</small>: '
            f'<span class="cx-content cx-{claim.kind}">{html.escape(claim.text)}</span></div>')


def to_records(claims: Iterable[Claim]) -> list[dict[str, Any]]:
    """One flat dict per claim: every Claim field, spans split into _start/_end."""
    records: list[dict[str, Any]] = []
    for c in claims:
        d = c.to_dict()
        for key in ("content", "speaker", "cue"):
            span = d.pop(key)
            d[f"{key}_start"], d[f"{key}_end"] = (span if span else (None, None))
        records.append(d)
    return records


def to_dataframe(claims: Iterable[Claim] | Iterable[Iterable[Claim]], doc_id: object = None, *,
                 ids: Iterable[object] | None = None) -> pd.DataFrame:
    """A pandas DataFrame, one row per claim (pandas is an optional extra).

    `claims` is one document's claims (then `doc_id`, when given, fills an
    `id` column) or many documents' (what `extract_many` yields): then the
    frame has an `id` column from `ids`, or the document's position.
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("claimx.to_dataframe needs pandas: pip install 'claimx[pandas]'") from exc
    columns = list(to_records([_EMPTY])[0])
    items: list[Any] = list(claims)  # Claims, or one iterable of Claims per document
    if items and all(isinstance(x, list) for x in items):  # many documents
        id_list = list(ids) if ids is not None else list(range(len(items)))
        if len(id_list) != len(items):
            raise ValueError(f"to_dataframe: {len(id_list)} ids for {len(items)} documents")
        records = [{"id": i, **r} for i, doc in zip(id_list, items) for r in to_records(doc)]
        return pd.DataFrame(records, columns=["id", *columns])
    if doc_id is None and ids is None:
        return pd.DataFrame(to_records(items), columns=columns)
    return pd.DataFrame([{"id": doc_id, **r} for r in to_records(items)], columns=["id", *columns])


_EMPTY = Claim(content=(0, 0), text="", kind="direct")


# The notebook views of Claim and Claims (the claim module cannot import this one).
VIEW.claim_html = claim_html
VIEW.claims_html = lambda text, claims: render(text, claims)
VIEW.to_dataframe = to_dataframe
