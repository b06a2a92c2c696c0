"""The sections of the release: what to say, chosen from the answers.

Each builder picks the facts a reader of a customs release looks for first — the total and its
growth, the ranking, the largest and fastest-growing partners and products, records and
thresholds crossed — writes them as sentences, and puts the full breakdown in a table. A section
whose data are absent says so instead of printing a figure made of nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from tradestat.bulletin import charts
from tradestat.bulletin import formatting as fmt
from tradestat.bulletin.document import Chart, Paragraph, Section, Span, Table
from tradestat.bulletin.facts import number
from tradestat.bulletin.writer import Writer
from tradestat.indicators import gap, record_events, round_half_up, threshold_events
from tradestat.periods import Period

#: Groups shown in sentences when present: the ones regional releases name, in their order
#: (Belt-and-Road partners come from user lists, so any group id starting "BRI" qualifies).
HEADLINE_GROUP_ORDER = ("BRI", "CA5", "ASEAN", "EU27", "RCEP", "AFRICA", "LATAM", "WEST_ASIA",
                        "GCC", "SCO", "BRICS", "EUROPE")
#: Shares of trade crossed "for the first time" are reported at these steps (percent).
SHARE_STEP = Decimal(10)
#: A group or chapter must carry at least this share to be called "fastest-growing".
MATERIAL_SHARE = Decimal(1)


def _section(w: Writer, key: str, paragraphs: Sequence[Sequence[Span]] = (),
             tables: Sequence[Table] = (), chart_list: Sequence[Chart] = (),
             unavailable: str | None = None) -> Section:
    return Section(key=key, heading=w.words(f"section.{key}"),
                   paragraphs=tuple(Paragraph(tuple(p)) for p in paragraphs if p),
                   tables=tuple(tables), charts=tuple(chart_list),
                   unavailable=w.words("section.unavailable", why=unavailable)
                   if unavailable else None)


# --- headline --------------------------------------------------------------------------------

def headline(w: Writer) -> Section:
    a = w.answers
    total = a.row("total")
    value = number(total, "value_cny")
    if value is None:
        return _section(w, "headline", unavailable=a.why_not("total"))
    first: list[Span] = [*w.say("headline.total", period=w.period(), region=w.region,
                                value=w.amount("total", value), change=w.change("total", total))]
    first += _rank_and_gap(w, total)
    first.append("." if w.lang == "en" else "。")
    first += _value_rank(w)
    paragraphs = [first, _flows_sentence(w)]
    usd = a.row("total_usd")
    if usd is not None and number(usd, "value_usd") is not None:
        paragraphs.append(list(w.say("headline.usd", value=w.amount_usd(
            "total_usd", number(usd, "value_usd")), change=w.change("total_usd", usd,
                                                                     "value_usd"))))
    paragraphs.append(_milestones(w))
    notes = []
    if not a.has("regions"):
        notes.append(w.words("headline.no_regions"))
    if not a.has("national"):
        notes.append(w.words("headline.no_national"))
    if notes:
        paragraphs.append([" ".join(notes) if w.lang == "en" else "".join(notes)])
    return _section(w, "headline", paragraphs, tables=[_headline_table(w)])


def _own_region_row(w: Writer) -> tuple[dict[str, Any] | None, int]:
    rows = w.answers.rows("regions")
    own = next((r for r in rows if str(r.get("region")) == w.scope.region), None)
    return own, len(rows)


def _rank_and_gap(w: Writer, total: dict[str, Any]) -> list[Span]:
    spans: list[Span] = []
    own, n = _own_region_row(w)
    rank = number(own, "value_cny_rank_yoy")
    if own is not None and rank is not None and n > 1:
        key = "headline.rank_growth_first" if rank == 1 else "headline.rank_growth"
        spans += w.say(key, n=w.count_figure("regions", n),
                       ordinal=w.answers.figure("regions", fmt.ordinal_text(int(rank), w.lang)))
    national = w.answers.row("national")
    own_rate, _ = w.rate_of(total)
    national_rate, _ = w.rate_of(national)
    if own_rate is not None and national_rate is not None:
        # Releases give the gap as the difference of the growth rates *as published* (one
        # decimal each): 19.9 - 3.8 = 16.1, where unrounded rates would give 16.2 (DOMAIN.md
        # §15.3 reproduces three published gaps this way).
        g = gap(round_half_up(own_rate), round_half_up(national_rate))
        if g.value is not None:
            d = fmt.direction(g.value)
            phrase_gap = w.say(f"pp.{d}", gap=w.answers.figure(
                "national", fmt.magnitude_text(g.value, w.lang),
                f"{g.formula} ({w.words('headline.gap_formula')})"),
                national_name="全国总体增速" if w.lang == "zh" else "")
            key = "headline.gap" if spans else "headline.gap_only"
            spans += w.say(key, gap=phrase_gap, national=w.signed_figure("national",
                                                                         national_rate))
    return spans


def _value_rank(w: Writer) -> list[Span]:
    own, n = _own_region_row(w)
    rank = number(own, "value_cny_rank")
    if own is None or rank is None or n <= 1:
        return []
    return list(w.say("headline.rank_value", region=w.region,
                      ordinal=w.answers.figure("regions", fmt.ordinal_text(int(rank), w.lang))))


def _flows_sentence(w: Writer) -> list[Span]:
    a = w.answers
    export, imports = a.row("flows", flow="export"), a.row("flows", flow="import")
    if export is None or imports is None:
        return []
    ev, iv = number(export, "value_cny"), number(imports, "value_cny")
    spans = list(w.say("headline.flows", export_verb=w.verb("flows", export),
                       export_value=w.amount("flows", ev), import_verb=w.verb("flows", imports),
                       import_value=w.amount("flows", iv)))
    balance = ev - iv
    if fmt.rounded_amount(balance, w.lang).is_zero():
        spans += w.say("headline.balanced")
    else:
        key = "headline.surplus" if balance > 0 else "headline.deficit"
        spans += w.say(key, value=w.amount("flows", abs(balance)))
    return spans


def _milestones(w: Writer) -> list[Span]:
    """First time above a round level, and a record, from the annual history."""
    totals = _yearly_totals(w)
    if len(totals) < 2 or w.scope.period.kind != "year":
        return []
    year = w.scope.period.year_of_end
    value = totals.get(year)
    if value is None or value <= 0:
        return []
    spans: list[Span] = []
    step = Decimal(10) ** (len(str(int(value))) - 1)      # 5.2e11 → steps of 1e11 (1000亿)
    level = (value // step) * step
    series = [(y, totals[y]) for y in sorted(totals)]
    event = threshold_events(series, level)[year]
    if event.first_time:
        spans += w.say("headline.threshold", threshold=w.say(
            "amount", value=w.amount_figure("history", level, places=0)))
    record = record_events(series)[year]
    if record.record:
        spans += [" "] if spans and w.lang == "en" else []
        spans += w.say("headline.record", years=f"{min(totals)}–{max(totals)}")
    return spans


def _yearly_totals(w: Writer) -> dict[int, Decimal]:
    out: dict[int, Decimal] = {}
    for row in w.answers.rows("history"):
        out[int(row["year"])] = out.get(int(row["year"]), Decimal(0)) + Decimal(row["value_cny"])
    return out


def _headline_table(w: Writer) -> Table:
    a = w.answers
    rows: list[tuple[Span, ...]] = []

    def line(label: str, key: str, row: dict[str, Any] | None, measure: str = "value_cny",
             usd: bool = False) -> None:
        value = number(row, measure)
        if value is None:
            return
        rate, _ = w.rate_of(row, measure)
        rows.append((label, w.amount_figure(key, value),
                     w.signed_figure(key, rate) if rate is not None else w.na()))

    line(w.words("label.total"), "total", a.row("total"))
    line(w.words("label.exports"), "flows", a.row("flows", flow="export"))
    line(w.words("label.imports"), "flows", a.row("flows", flow="import"))
    line(w.words("label.total_usd"), "total_usd", a.row("total_usd"), "value_usd")
    return Table(caption=w.words("table.headline"),
                 columns=(w.words("col.item"), w.words("col.value"), w.words("col.yoy")),
                 rows=tuple(rows), numeric=(False, True, True))


# --- time ------------------------------------------------------------------------------------

def time(w: Writer) -> Section:
    a = w.answers
    paragraphs: list[list[Span]] = []
    month_row = a.row("month")
    if month_row is not None and number(month_row, "value_cny") is not None:
        month = Period.month(w.scope.period.year_of_end, w.scope.period.end_month)
        paragraphs.append(list(w.say("time.month", month=w.period(month),
                                     value=w.amount("month", number(month_row, "value_cny")),
                                     change=w.change("month", month_row))))
    trend = [r for r in a.rows("trend") if r.get("value_cny") is not None]
    if trend:
        peak = max(trend, key=lambda r: r["value_cny"])
        paragraphs.append(list(w.say("time.peak", period=w.period(),
                                     month=fmt.month_name(int(peak["month"]) % 100, w.lang),
                                     value=w.amount("trend", Decimal(peak["value_cny"])))))
    paragraphs.append(_plan_sentence(w))
    tables = [t for t in (_history_table(w),) if t is not None]
    chart_list = [c for c in (_trend_chart(w),) if c is not None]
    return _section(w, "time", paragraphs, tables, chart_list)


def _plan_sentence(w: Writer) -> list[Span]:
    row = w.answers.row("plan")
    if row is None or number(row, "value_cny") is None:
        return []
    result = w.answers.result("plan")
    rate, _note = w.rate_of(row)
    if rate is not None:
        change = w.directed("time.plan_change", "plan", rate)
    else:
        change = w.say("time.plan_no_base", base=w.period(result.query.base, "narrative"))
    return list(w.say("time.plan", plan=w.period(result.period, "narrative"),
                      value=w.amount("plan", number(row, "value_cny")), change_plan=change))


def _history_table(w: Writer) -> Table | None:
    rows_by_year: dict[int, dict[str, Decimal]] = {}
    for row in w.answers.rows("history"):
        rows_by_year.setdefault(int(row["year"]), {})[row["flow"]] = Decimal(row["value_cny"])
    if len(rows_by_year) < 2:
        return None
    body: list[tuple[Span, ...]] = []
    previous: Decimal | None = None
    for year in sorted(rows_by_year):
        flows = rows_by_year[year]
        total = sum(flows.values(), Decimal(0))
        growth = (total / previous - 1) * 100 if previous else None
        body.append((str(year), w.amount_figure("history", total),
                     w.amount_figure("history", flows.get("export", Decimal(0))),
                     w.amount_figure("history", flows.get("import", Decimal(0))),
                     w.answers.figure("history", fmt.decimal_text(growth, w.lang))
                     if growth is not None else w.na()))
        previous = total
    return Table(caption=w.words("table.history"),
                 columns=(w.words("col.year"), w.words("col.total"), w.words("col.export"),
                          w.words("col.import"), w.words("col.yoy")),
                 rows=tuple(body), numeric=(False, True, True, True, True))


def _trend_chart(w: Writer) -> Chart | None:
    rows = []
    for row in w.answers.rows("trend_flows"):
        if row.get("value_cny") is None:
            continue
        month = Period.month(int(row["month"]) // 100, int(row["month"]) % 100)
        label = w.words("label.exports" if row["flow"] == "export" else "label.imports")
        rows.append({"month": fmt.month_name(month.end_month, w.lang), "series": label,
                     "value": _plot_amount(w, row["value_cny"])})
    if not rows:
        return None
    return charts.monthly_trend(rows, chart_id="trend", title=w.words("chart.trend",
                                period=w.period()), alt=w.words("chart.trend_alt",
                                period=w.period()), value_title=w.words("unit.billion_yuan"))


def _plot_amount(w: Writer, value: Any) -> float:
    return float(Decimal(value) / fmt.AMOUNT_UNIT[w.lang])


# --- partners --------------------------------------------------------------------------------

def partners(w: Writer) -> Section:
    a = w.answers
    paragraphs: list[list[Span]] = []
    paragraphs.append(_partner_count(w))
    paragraphs.append(_top_partners(w))
    groups = _headline_groups(w)
    for row in groups:
        paragraphs.append(_group_sentence(w, row))
    paragraphs.append(_fastest_group(w))
    paragraphs.append(_national_shares(w, groups))
    tables = [t for t in (
        _breakdown_table(w, "partners_top", "partner"),
        _breakdown_table(w, "partner_groups", "partner_group", sort=True)) if t]
    chart = _groups_chart(w)
    if not a.rows("partners_top") and not a.rows("partner_groups"):
        return _section(w, "partners", unavailable=a.why_not("partners_top"))
    return _section(w, "partners", paragraphs, tables, [chart] if chart else [])


def _partner_count(w: Writer) -> list[Span]:
    row = w.answers.row("partners_count")
    n = number(row, "partners")
    if n is None:
        return []
    base = number(row, "partners_base")
    if base is None:
        change: tuple[Span, ...] = w.say("change.none", why=w.why(row.get("partners_yoy_note")))
    elif n == base:
        change = w.say("partners.count_same")
    else:
        key = "partners.count_more" if n > base else "partners.count_fewer"
        change = w.say(key, n=w.count_figure("partners_count", int(abs(n - base))))
    return list(w.say("partners.count", region=w.region, n=w.count_figure("partners_count",
                                                                             int(n)),
                      count_change=change))


def _top_partners(w: Writer) -> list[Span]:
    rows = [r for r in w.answers.rows("partners_top") if r.get("value_cny")]
    if len(rows) < 3:
        return []
    first, second, third = rows[:3]
    return list(w.say("partners.top", first=w.caption("partner", first["partner"]),
                      value=w.amount("partners_top", Decimal(first["value_cny"])),
                      grew=w.grew("partners_top", first),
                      share=w.share_figure("partners_top", first),
                      second=w.caption("partner", second["partner"]),
                      third=w.caption("partner", third["partner"])))


def _group_rank(code: str) -> int:
    for i, prefix in enumerate(HEADLINE_GROUP_ORDER):
        if code == prefix or (prefix == "BRI" and code.startswith("BRI")):
            return i
    return len(HEADLINE_GROUP_ORDER)


def _headline_groups(w: Writer, limit: int = 3) -> list[dict[str, Any]]:
    """The groups releases name first (in HEADLINE_GROUP_ORDER, at most one Belt-and-Road
    list), plus any group whose share crossed a step for the first time — news even when small.
    """
    rows = [r for r in w.answers.rows("partner_groups")
            if r.get("value_cny") and _group_rank(str(r["partner_group"]))
            < len(HEADLINE_GROUP_ORDER)]
    rows.sort(key=lambda r: (_group_rank(str(r["partner_group"])), -Decimal(r["value_cny"])))
    chosen: list[dict[str, Any]] = []
    bri_seen = False
    for row in rows:
        is_bri = str(row["partner_group"]).startswith("BRI")
        if is_bri and bri_seen:
            continue
        bri_seen = bri_seen or is_bri
        chosen.append(row)
    firsts = {code for code, _level in _share_firsts(w)}
    return chosen[:limit] + [r for r in chosen[limit:] if r["partner_group"] in firsts]


def _share_firsts(w: Writer) -> list[tuple[str, Decimal]]:
    """Groups whose share of the total first reached a multiple of SHARE_STEP this year."""
    if w.scope.period.kind != "year":
        return []
    totals = _yearly_totals(w)
    by_group: dict[str, dict[int, Decimal]] = {}
    for row in w.answers.rows("group_history"):
        total = totals.get(int(row["year"]))
        if total and row.get("value_cny") is not None:
            by_group.setdefault(str(row["partner_group"]), {})[int(row["year"])] = (
                Decimal(row["value_cny"]) / total * 100)
    year = w.scope.period.year_of_end
    out = []
    for code, shares in by_group.items():
        share = shares.get(year)
        if share is None or share < SHARE_STEP:
            continue
        level = (share // SHARE_STEP) * SHARE_STEP
        series = [(y, shares.get(y, Decimal(0))) for y in sorted(totals)]
        if threshold_events(series, level)[year].first_time:
            out.append((code, level))
    return out


def _group_sentence(w: Writer, row: dict[str, Any]) -> list[Span]:
    code = str(row["partner_group"])
    spans = list(w.say("partners.group", group=w.caption("partner_group", code),
                       verb=w.verb("partner_groups", row),
                       value=w.amount("partner_groups", Decimal(row["value_cny"])),
                       share=w.share_figure("partner_groups", row)))
    for first_code, level in _share_firsts(w):
        if first_code == code:
            spans += w.say("partners.group_first", threshold=w.answers.figure(
                "group_history", fmt.decimal_text(level, w.lang, 0)))
    return spans


def _material_growers(w: Writer, ask: str) -> list[dict[str, Any]]:
    """Rows of ``ask`` with a growth rate and at least MATERIAL_SHARE of the whole: the
    candidates for "fastest-growing" (a tiny part doubling is not news)."""
    return [r for r in w.answers.rows(ask)
            if number(r, "value_cny_yoy") is not None
            and (number(r, "value_cny_share") or 0) >= MATERIAL_SHARE]


def _fastest_group(w: Writer) -> list[Span]:
    rows = _material_growers(w, "partner_groups")
    if len(rows) < 2:
        return []
    best = max(rows, key=lambda r: Decimal(r["value_cny_yoy"]))
    return list(w.say("partners.fastest", group=w.caption("partner_group", best["partner_group"]),
                      grew=w.grew("partner_groups", best)))


def _national_shares(w: Writer, groups: list[dict[str, Any]]) -> list[Span]:
    if not w.answers.has("national_groups"):
        return list(w.say("partners.no_national")) if groups else []
    national = {str(r["partner_group"]): r for r in w.answers.rows("national_groups")}
    spans: list[Span] = []
    for row in groups:
        nat = national.get(str(row["partner_group"]))
        nat_value = number(nat, "value_cny")
        if not nat_value:
            continue
        share = Decimal(row["value_cny"]) / nat_value * 100
        spans += w.say("partners.national_share", region=w.region,
                       group=w.caption("partner_group", row["partner_group"]),
                       share=w.answers.figure("national_groups",
                                              fmt.decimal_text(share, w.lang)),
                       national=w.amount("national_groups", nat_value))
    return spans


def _bar_rows(w: Writer, rows: list[dict[str, Any]], level: str) -> list[dict[str, Any]]:
    """Rows for ``charts.ranked_bars``: caption, value in the printed unit, texts as printed."""
    out = []
    for r in rows:
        growth = number(r, "value_cny_yoy")
        out.append({"label": w.caption(level, r[level]), "value": _plot_amount(w, r["value_cny"]),
                    "value_text": fmt.amount_text(Decimal(r["value_cny"]), w.lang),
                    "growth": growth,
                    "growth_text": fmt.decimal_text(growth, w.lang) + "%"
                    if growth is not None else None})
    return out


def _groups_chart(w: Writer) -> Chart | None:
    rows = _bar_rows(w, [r for r in w.answers.rows("partner_groups") if r.get("value_cny")],
                     "partner_group")
    if not rows:
        return None
    return charts.ranked_bars(rows, chart_id="partner-groups", lang=w.lang,
                              title=w.words("chart.groups", period=w.period()),
                              alt=w.words("chart.groups_alt", period=w.period()),
                              value_title=w.words("unit.billion_yuan"))


# --- products --------------------------------------------------------------------------------

def _top_level_groups(w: Writer) -> set[str]:
    groups = w.model.level("product_group").groups()
    return {code for code, info in groups.items() if not info.parent}


def products(w: Writer) -> Section:
    a = w.answers
    top_level = _top_level_groups(w)
    exports = sorted((r for r in a.rows("products_export")
                      if r["product_group"] in top_level and r.get("value_cny")),
                     key=lambda r: -Decimal(r["value_cny"]))
    imports = sorted((r for r in a.rows("products_import")
                      if r["product_group"] in top_level and r.get("value_cny")),
                     key=lambda r: -Decimal(r["value_cny"]))
    paragraphs: list[list[Span]] = []
    for row in exports[:3]:
        paragraphs.append(list(w.say("products.group", group=w.noun("product_group",
                                                                        row["product_group"]),
                                     verb=w.verb("products_export", row),
                                     value=w.amount("products_export", Decimal(row["value_cny"])),
                                     share=w.share_figure("products_export", row))))
    if imports:
        row = imports[0]
        paragraphs.append(list(w.say("products.group_import",
                                     group=w.noun("product_group", row["product_group"]),
                                     verb=w.verb("products_import", row),
                                     value=w.amount("products_import", Decimal(row["value_cny"])),
                                     share=w.share_figure("products_import", row))))
    for key, phrase_key in (("chapters_export", "products.top_export"),
                            ("chapters_import", "products.top_import")):
        rows = [r for r in a.rows(key) if r.get("value_cny")]
        if rows:
            top = rows[0]
            paragraphs.append(list(w.say(phrase_key, chapter=w.noun("chapter", top["chapter"]),
                                         value=w.amount(key, Decimal(top["value_cny"])),
                                         grew=w.grew(key, top))))
    paragraphs.append(_fastest_chapter(w))
    tables = [t for t in (
        _product_table(w, exports, imports),
        _breakdown_table(w, "chapters_export", "chapter"),
        _breakdown_table(w, "chapters_import", "chapter")) if t]
    chart = None
    if exports:
        chart = charts.ranked_bars(
            _bar_rows(w, exports, "product_group"), chart_id="products", lang=w.lang,
            title=w.words("chart.products", period=w.period()),
            alt=w.words("chart.products_alt", period=w.period()),
            value_title=w.words("unit.billion_yuan"))
    if not exports and not imports and not a.rows("chapters_export"):
        return _section(w, "products", unavailable=a.why_not("products_export"))
    return _section(w, "products", paragraphs, tables, [chart] if chart else [])


def _fastest_chapter(w: Writer) -> list[Span]:
    rows = _material_growers(w, "chapters_export")
    if len(rows) < 3:
        return []
    best = max(rows, key=lambda r: Decimal(r["value_cny_yoy"]))
    if best is rows[0]:
        return []
    return list(w.say("products.fastest", chapter=w.noun("chapter", best["chapter"]),
                      grew=w.grew("chapters_export", best)))


def _product_table(w: Writer, exports: list[dict[str, Any]],
                   imports: list[dict[str, Any]]) -> Table | None:
    if not exports and not imports:
        return None
    body: list[tuple[Span, ...]] = []
    for key, flow_label, rows in (("products_export", w.words("label.exports"), exports),
                                  ("products_import", w.words("label.imports"), imports)):
        for row in rows:
            rate, _ = w.rate_of(row)
            body.append((f"{flow_label}: {w.caption('product_group', row['product_group'])}",
                         w.amount_figure(key, Decimal(row["value_cny"])),
                         w.signed_figure(key, rate) if rate is not None else w.na(),
                         w.share_figure(key, row)))
    return Table(caption=w.words("table.products", period=w.period()),
                 columns=(w.words("col.item"), w.words("col.value"), w.words("col.yoy"),
                          w.words("col.share")),
                 rows=tuple(body), numeric=(False, True, True, True))


# --- enterprises -----------------------------------------------------------------------------

def enterprises(w: Writer) -> Section:
    a = w.answers
    rows = sorted((r for r in a.rows("enterprise_groups") if r.get("value_cny")),
                  key=lambda r: -Decimal(r["value_cny"]))
    paragraphs: list[list[Span]] = []
    for row in rows[:3]:
        spans = list(w.say("enterprises.group",
                           group=w.caption("enterprise_group", row["enterprise_group"]),
                           value=w.amount("enterprise_groups", Decimal(row["value_cny"])),
                           grew=w.grew("enterprise_groups", row),
                           share=w.share_figure("enterprise_groups", row)))
        contribution = number(row, "value_cny_contribution")
        if contribution is not None:
            spans += w.directed("enterprises.contribution", "enterprise_groups", contribution)
        spans.append("." if w.lang == "en" else "。")
        paragraphs.append(spans)
    paragraphs.append(_enterprise_count(w))
    tables = [t for t in (_breakdown_table(w, "enterprise_groups", "enterprise_group",
                                           contribution=True),) if t]
    chart_list: list[Chart] = []
    shares = [{"label": w.caption("enterprise_group", r["enterprise_group"]),
               "share": number(r, "value_cny_share"),
               "share_text": fmt.decimal_text(number(r, "value_cny_share"), w.lang) + "%"}
              for r in rows if number(r, "value_cny_share") is not None]
    if shares:
        chart_list.append(charts.shares_bar(shares, chart_id="enterprises", lang=w.lang,
                                            title=w.words("chart.enterprises", period=w.period()),
                                            alt=w.words("chart.enterprises_alt",
                                                        period=w.period())))
    if not rows and not a.rows("enterprises_count"):
        return _section(w, "enterprises", unavailable=a.why_not("enterprise_groups"))
    return _section(w, "enterprises", paragraphs, tables, chart_list)


def _enterprise_count(w: Writer) -> list[Span]:
    row = w.answers.row("enterprises_count")
    n = number(row, "enterprises")
    if not n:
        return []
    rate, note = w.rate_of(row, "enterprises")
    change = (w.directed("enterprises.count_change", "enterprises_count", rate)
              if rate is not None else w.say("change.none", why=w.why(note)))
    return list(w.say("enterprises.count", n=w.count_figure("enterprises_count", int(n)),
                      count_change=change))


# --- modes -----------------------------------------------------------------------------------

MODE_BREAKDOWNS = (("trade_modes", "trade_mode_group"), ("districts", "customs_district"),
                   ("transport", "transport_mode"))


def modes(w: Writer) -> Section:
    paragraphs: list[list[Span]] = []
    tables: list[Table] = []
    for key, level in MODE_BREAKDOWNS:
        rows = [r for r in w.answers.rows(key) if r.get("value_cny")]
        if not rows:
            continue
        top = max(rows, key=lambda r: Decimal(r["value_cny"]))
        paragraphs.append(list(w.say("modes.top", dimension=w.level_caption(level).lower()
                                     if w.lang == "en" else w.level_caption(level),
                                     member=w.noun(level, top[level]),
                                     value=w.amount(key, Decimal(top["value_cny"])),
                                     grew=w.grew(key, top), share=w.share_figure(key, top))))
        table = _breakdown_table(w, key, level, sort=True)
        if table:
            tables.append(table)
    if not tables:
        return _section(w, "modes", unavailable=w.answers.why_not("trade_modes"))
    return _section(w, "modes", paragraphs, tables)


# --- tables ----------------------------------------------------------------------------------

def _breakdown_table(w: Writer, key: str, level: str, *, sort: bool = False,
                     contribution: bool = False) -> Table | None:
    rows = [r for r in w.answers.rows(key) if r.get(level) is not None]
    if not rows:
        return None
    if sort:
        rows.sort(key=lambda r: -Decimal(r.get("value_cny") or 0))
    body: list[tuple[Span, ...]] = []
    for row in rows:
        rate, _ = w.rate_of(row)
        cells: list[Span] = [w.caption(level, row[level]),
                             w.amount_figure(key, Decimal(row["value_cny"] or 0)),
                             w.signed_figure(key, rate) if rate is not None else w.na(),
                             w.share_figure(key, row)]
        if contribution:
            c = number(row, "value_cny_contribution")
            cells.append(w.signed_figure(key, c) if c is not None else w.na())
        body.append(tuple(cells))
    columns = [w.level_caption(level), w.words("col.value"), w.words("col.yoy"),
               w.words("col.share")]
    if contribution:
        columns.append(w.words("col.contribution"))
    what = w.answers.asks[key].label[w.lang].split(": " if w.lang == "en" else "：")[-1]
    what = what[:1].upper() + what[1:]
    return Table(caption=w.words("table.breakdown", what=what, period=w.period()),
                 columns=tuple(columns), rows=tuple(body),
                 numeric=(False, *([True] * (len(columns) - 1))))


SECTIONS: tuple[Callable[[Writer], Section], ...] = (headline, time, partners, products,
                                                     enterprises, modes)
