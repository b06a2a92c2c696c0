"""Write the small example files bundled with tradestat (used by `tradestat demo`).

The numbers are invented sample data of a plausible size for a western border province; they are
not published figures. Run from the repository root: python scripts/make_examples.py
"""

from __future__ import annotations

import random
from pathlib import Path

OUT = Path("src/tradestat/examples")

# customs code, Chinese name, relative weight for exports and imports
PARTNERS = [
    ("145", "哈萨克斯坦", 30, 35), ("146", "吉尔吉斯斯坦", 25, 3), ("147", "塔吉克斯坦", 6, 2),
    ("149", "乌兹别克斯坦", 8, 5), ("344", "俄罗斯联邦", 10, 20), ("502", "美国", 2, 4),
    ("116", "日本", 1, 5), ("141", "越南", 4, 3), ("136", "泰国", 3, 2), ("304", "德国", 1, 6),
]
MODES = [("10", "一般贸易", 0.4), ("19", "边境小额贸易", 0.5),
         ("34", "海关特殊监管区域物流货物", 0.1)]
# yearly totals in yuan (sample) for exports / imports
TOTALS = {2024: (360e9, 60e9), 2025: (450e9, 55e9)}
SEASON = [0.55, 0.55, 0.85, 0.95, 1.0, 1.05, 1.0, 1.05, 1.05, 1.1, 1.2, 1.55]


def rows(flow_index: int, rng: random.Random) -> list[list[str]]:
    out = []
    weights = [p[2 + flow_index] for p in PARTNERS]
    for year, totals in TOTALS.items():
        total = totals[flow_index]
        for month in range(1, 13):
            month_total = total * SEASON[month - 1] / sum(SEASON)
            for (code, name, *_), weight in zip(PARTNERS, weights, strict=True):
                for mode, mode_name, share in MODES:
                    noise = rng.uniform(0.85, 1.15)
                    value = round(month_total * weight / sum(weights) * share * noise)
                    out.append([f"{year}{month:02d}", code, name, mode, mode_name, "65",
                                "新疆维吾尔自治区", f"{value:,}"])
    return out


def write(path: Path, body: list[list[str]], extra: list[str] = ()) -> None:
    header = ["数据年月", "贸易伙伴编码", "贸易伙伴名称", "贸易方式编码", "贸易方式名称",
              "注册地编码", "注册地名称", "人民币"]
    lines = [",".join(f'"{h}"' for h in header) + ","]
    lines += [",".join(f'"{v}"' for v in row) + "," for row in body]
    lines += list(extra)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20250101)
    write(OUT / "gacc_65_出口_2024-2025_sample.csv", rows(0, rng))
    # The import file carries two deliberately broken rows, so the demo shows the quarantine.
    broken = ['"202503","888","不存在的国家","10","一般贸易","65","新疆维吾尔自治区","1,000",',
              '"202513","145","哈萨克斯坦","10","一般贸易","65","新疆维吾尔自治区","2,000",']
    write(OUT / "gacc_65_进口_2024-2025_sample.csv", rows(1, rng), broken)


if __name__ == "__main__":
    main()
