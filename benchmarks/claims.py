"""Claim extraction benchmark: articles per second over the seed reports and synthetic articles.

    python benchmarks/claims.py [--repeat 5] [--synthetic 200]

Reads every seed report once (decoding and header included in the timing, as ``tradestat check``
would), then extracts claims from each; synthetic articles are built from release-style
sentences in both languages with varied numbers. The gazetteer is built before the clock starts
(once per process, like any long-running checker). Target (issue 6): >= 50 articles/s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from tradestat.claims.extract import extract, read_document
from tradestat.claims.extract.names import gazetteer

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "seeds"


def synthetic(count: int, seed: int = 7) -> list[str]:
    """Release-style articles of about 10 sentences, half in English, half in Chinese."""
    rng = random.Random(seed)
    regions_en = ("Xinjiang", "Guangdong", "Yunnan", "Sichuan", "Gansu")
    regions_zh = ("新疆", "广东", "云南", "四川", "甘肃")
    articles = []
    for i in range(count):
        n = lambda: f"{rng.uniform(1, 999):.1f}"  # noqa: E731
        if i % 2:
            r = rng.choice(regions_zh)
            body = (f"2025年前{rng.randint(2, 11)}个月，{r}外贸进出口{n()}亿元，同比增长{n()}%，"
                    f"高于全国{n()}个百分点。其中，出口{n()}亿元，增长{n()}%；进口{n()}亿元，"
                    f"下降{n()}%。民营企业进出口{n()}亿元，占全区外贸总值的{n()}%。"
                    f"对东盟进出口{n()}亿元，增长{n()}%。机电产品出口{n()}亿元。") * 2
        else:
            r = rng.choice(regions_en)
            body = (f"{r}'s foreign trade rose {n()} percent to {n()} billion yuan (about "
                    f"{n()} billion U.S. dollars) in the first half of 2025. Exports grew "
                    f"{n()} percent to {n()} billion yuan, while imports fell {n()} percent. "
                    f"Trade with ASEAN surged {n()} percent, accounting for {n()} percent of "
                    f"the total. Private enterprises contributed {n()} percent of the region's "
                    f"trade.\n") * 2
        articles.append(f"date: 2025-07-20\n\n{body}")
    return articles


def rate(label: str, run, articles: int, repeat: int) -> None:
    times = []
    claims = 0
    for _ in range(repeat):
        start = time.perf_counter()
        claims = run()
        times.append(time.perf_counter() - start)
    best, median = min(times), statistics.median(times)
    print(f"| {label} | {articles} | {claims} | {median * 1000:.1f} | {articles / median:,.0f} "
          f"| {articles / best:,.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--synthetic", type=int, default=200)
    args = parser.parse_args()
    gazetteer()
    print("| corpus | articles | claims | median ms | articles/s (median) | articles/s (best) |")
    print("|---|---:|---:|---:|---:|---:|")
    seeds = sorted(SEEDS.glob("*.txt"))
    if seeds:
        rate("seeds (read + extract)",
             lambda: sum(len(extract(read_document(p))) for p in seeds), len(seeds), args.repeat)
    else:
        print(f"| seeds | missing: {SEEDS} | | | | |")
    texts = synthetic(args.synthetic)
    rate("synthetic EN+ZH (extract)",
         lambda: sum(len(extract(read_document(t, name=f"s{i}"))) for i, t in enumerate(texts)),
         len(texts), args.repeat)


if __name__ == "__main__":
    main()
