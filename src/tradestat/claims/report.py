"""Checked claims as a table, JSON or a self-contained HTML page.

JSON (docs/claims.md): one object per file with ``file``, ``published``, ``url`` and ``claims``;
each claim carries its slots, ``value`` (a number in the unit stated, scale word included:
520.37 for "520.37 billion yuan" with ``power`` 9), ``unit``, ``surface``, ``verdict``,
``reason``, ``detail`` and ``evidence`` (every check with its own verdict and evidence). The HTML
view is the text itself with each claim highlighted and its verdict on hover; everything from
the text is escaped, nothing is loaded from elsewhere.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tradestat.claims.claim import Claim, Document
from tradestat.claims.verdict import Verdict, headline, overall
from tradestat.periods import format_period


@dataclass(frozen=True)
class CheckedClaim:
    claim: Claim
    verdicts: tuple[Verdict, ...]

    @property
    def verdict(self) -> str:
        return overall(self.verdicts)

    @property
    def decisive(self) -> Verdict | None:
        return headline(list(self.verdicts))


@dataclass(frozen=True)
class CheckedDocument:
    document: Document
    claims: tuple[CheckedClaim, ...]

    @property
    def contradicted(self) -> bool:
        return any(c.verdict == "contradicted" for c in self.claims)


def assemble(
    document: Document, claims: Sequence[Claim], verdicts: Sequence[Verdict]
) -> CheckedDocument:
    """Group verdicts by claim, keeping the text's order."""
    by_claim: dict[str, list[Verdict]] = {}
    for verdict in verdicts:
        by_claim.setdefault(verdict.claim_id, []).append(verdict)
    return CheckedDocument(
        document, tuple(CheckedClaim(c, tuple(by_claim.get(c.id, ()))) for c in claims)
    )


_SIGNED = ("yoy", "gap", "contribution", "share_change", "multi_period_growth")


def claim_dict(checked: CheckedClaim) -> dict[str, Any]:
    claim, decisive = checked.claim, checked.decisive
    q = claim.quantity
    return {
        "id": claim.id,
        "surface": q.surface,
        "value": float(claim.signed_value if claim.indicator in _SIGNED else q.value),
        "unit": q.unit,
        "power": q.power,
        "decimals": q.decimals,
        "qualifier": q.qualifier,
        "indicator": claim.indicator,
        "region": claim.region,
        "period": str(claim.period) if claim.period else None,
        "period_surface": claim.period_surface,
        "flow": claim.flow,
        "slice": dict(claim.slice),
        "measure": claim.measure,
        "direction": claim.direction,
        "denominator": claim.denominator,
        "reference": claim.reference,
        "converts": claim.converts,
        "qualifiers": list(claim.qualifiers),
        "unresolved": claim.unresolved,
        "region_basis": claim.region_basis,
        "about": claim.about,
        "span": list(claim.span),
        "verdict": checked.verdict,
        "reason": decisive.reason if decisive else "no check applies to this claim",
        "detail": decisive.detail if decisive else None,
        "evidence": [v.to_dict() for v in checked.verdicts],
    }


def to_json(documents: Sequence[CheckedDocument]) -> str:
    return json.dumps(
        [
            {
                "file": d.document.name,
                "published": d.document.published,
                "url": d.document.url,
                "title": d.document.title,
                "claims": [claim_dict(c) for c in d.claims],
            }
            for d in documents
        ],
        ensure_ascii=False,
        indent=2,
    )


def to_table(documents: Sequence[CheckedDocument], *, width: int = 60) -> str:
    """Plain-text table: one line per claim, the reason cut to ``width`` characters."""
    lines = []
    for doc in documents:
        lines.append(f"{doc.document.name} ({doc.document.published or 'undated'})")
        lines.append(
            f"  {'id':<6} {'figure':<18} {'indicator':<12} {'period':<22} "
            f"{'verdict':<13} {'how':<24} reason"
        )
        for c in doc.claims:
            period = format_period(c.claim.period) if c.claim.period else "?"
            reason = c.decisive.reason if c.decisive else "no check applies"
            if len(reason) > width:
                reason = reason[: width - 1] + "…"
            # The detail ("lower bound", "alternative reading: …", "revision or error") is what
            # a reader must see first, so it has its own column instead of a cut-off reason.
            how = (c.decisive.detail or "") if c.decisive else ""
            if len(how) > 24:
                how = how[:23] + "…"
            lines.append(
                f"  {c.claim.id:<6} {c.claim.surface[:18]:<18} "
                f"{c.claim.indicator[:12]:<12} {period[:22]:<22} {c.verdict:<13} "
                f"{how:<24} {reason}"
            )
        counts = {
            k: sum(1 for c in doc.claims if c.verdict == k)
            for k in ("supported", "contradicted", "unverifiable")
        }
        lines.append("  " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return "\n".join(lines)


_CSS = """
body{font-family:"Noto Sans","Noto Sans CJK SC",sans-serif;max-width:52rem;margin:2rem auto;
line-height:1.6}
mark{padding:0 .15em;border-radius:.2em;cursor:help}
mark.supported{background:#c8ebc8}mark.contradicted{background:#f6b8b8}
mark.unverifiable{background:#e6e6e6}
.legend span{margin-right:1em}.text{white-space:pre-wrap}
"""


def to_html(documents: Sequence[CheckedDocument]) -> str:
    """One self-contained page; hover a highlighted number to see its verdict and reason."""
    parts = [
        '<!DOCTYPE html><html><head><meta charset="utf-8">',
        "<title>tradestat check</title>",
        f"<style>{_CSS}</style></head><body>",
    ]
    for doc in documents:
        parts.append(f"<h1>{html.escape(doc.document.title or doc.document.name)}</h1>")
        parts.append(
            f"<p>{html.escape(doc.document.name)} · "
            f"{html.escape(doc.document.published or 'undated')}</p>"
        )
        parts.append(
            '<p class="legend"><mark class="supported">supported</mark> '
            '<mark class="contradicted">contradicted</mark> '
            '<mark class="unverifiable">unverifiable</mark></p>'
        )
        parts.append(f'<div class="text">{_highlight(doc)}</div>')
    parts.append("</body></html>")
    return "".join(parts)


#: The colour of a mark shared by several claims: green only when every one is supported.
_SERIOUSNESS = {"contradicted": 0, "unverifiable": 1, "supported": 2}


def _groups(doc: CheckedDocument) -> list[tuple[int, int, list[CheckedClaim]]]:
    """Claims whose spans overlap, merged: one number can carry several claims ("double-digit
    growth with A and B"), and each needs its verdict on the one mark the reader sees."""
    text = doc.document.text
    spans = sorted(
        (c for c in doc.claims if 0 <= c.claim.span[0] < c.claim.span[1] <= len(text)),
        key=lambda c: c.claim.span,
    )
    groups: list[tuple[int, int, list[CheckedClaim]]] = []
    for checked in spans:
        start, end = checked.claim.span
        if groups and start < groups[-1][1]:
            g_start, g_end, members = groups[-1]
            groups[-1] = (g_start, max(g_end, end), [*members, checked])
        else:
            groups.append((start, end, [checked]))
    return groups


def _hover(checked: CheckedClaim, many: bool) -> str:
    decisive = checked.decisive
    title = f"{checked.verdict}: " + (decisive.reason if decisive else "no check applies")
    if decisive and decisive.detail:
        title += f" ({decisive.detail})"
    if many:
        title = (
            f"{checked.claim.id} {checked.claim.indicator}"
            + (f" [{checked.claim.unresolved}]" if checked.claim.unresolved else "")
            + f" — {title}"
        )
    return title


def _highlight(doc: CheckedDocument) -> str:
    text = doc.document.text
    out, cursor = [], 0
    for start, end, members in _groups(doc):
        verdict = min((c.verdict for c in members), key=lambda v: _SERIOUSNESS.get(v, 1))
        title = "\n".join(_hover(c, len(members) > 1) for c in members)
        ids = " ".join(c.claim.id for c in members)
        out.append(html.escape(text[cursor:start]))
        out.append(
            f'<mark class="{verdict}" data-claim="{html.escape(ids)}"'
            f' title="{html.escape(title, quote=True)}">'
            f"{html.escape(text[start:end])}</mark>"
        )
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out)
