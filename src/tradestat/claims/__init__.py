"""Claim checking: read statistical claims in press text and verify them (DESIGN.md, issue 6).

``claim`` holds the shapes shared by the extractor and the verifier.
"""

from tradestat.claims.claim import Claim, Document, Quantity

__all__ = ["Claim", "Document", "Quantity"]
