"""One scan over several patterns: the matches of their alternation, found branch by branch.

The ``regex`` module tries every branch of an alternation at every position of the text, so a
pattern such as "any English period phrase" (ten case-insensitive branches) costs about twice as
much as scanning for each branch on its own, where ``regex`` can skip ahead to a place its
first characters occur. ``finditer_any`` scans branch by branch and merges, giving exactly what
``finditer`` over ``(?:b0)|(?:b1)|...`` gives: non-overlapping matches, left to right, the
leftmost start winning and, at the same start, the earlier branch. A branch's match at a given
position is the same alone or inside the alternation, since nothing follows the alternation.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import regex


def finditer_any(
    branches: Sequence[regex.Pattern[str]], text: str
) -> Iterator[tuple[int, regex.Match[str]]]:
    """(branch index, match) for every match of the alternation of ``branches`` in ``text``.

    Branches must not match the empty string (none of the extractor's do): after a match the
    scan resumes at its end, as ``finditer`` does for a non-empty match.
    """
    ahead: list[regex.Match[str] | None] = [branch.search(text) for branch in branches]
    pos = 0
    while True:
        best: regex.Match[str] | None = None
        best_index = -1
        for index, match in enumerate(ahead):
            if match is not None and match.start() < pos:
                # Overlapped by the match just taken: look again from where the scan is.
                match = ahead[index] = branches[index].search(text, pos)
            if match is not None and (best is None or match.start() < best.start()):
                best, best_index = match, index
        if best is None:
            return
        yield best_index, best
        pos = best.end()
