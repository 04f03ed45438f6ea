"""The committee report of a round, in the shape of the 2013 status report: the model.

`build(con, round_id, lang, limit)` reads the frozen snapshot (queries/rounds.py) and returns a
`Report`: heading, date, committee, a short introduction, the smiley legend in the 2013 document's
words (plus ⚪/❔ for Målbord's extra states), theme → initiative → smiley + label + text + key
figures, "Andre nye indsatser" for initiatives without a theme, and "Siden sidste møde".
Disclosure control (queries/disclosure.py) is applied here, so every renderer — HTML (print
view), Word, PDF, Excel, one module each beside this one — only ever sees what may leave the
analyst role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from queries import accounts, disclosure, formats, rounds, rule_texts, status
from queries.presentation import emoji, label, origin_label
from queries.texts import t, t_or
from queries.vocabulary import STATES

# --- the model -------------------------------------------------------------------------------------

@dataclass
class Figure:
    target_id: str
    text: str
    short_text: str
    kind: str | None
    unit: str | None
    state: str
    emoji: str
    label: str
    target: str            # target value as text
    actual: str            # actual as shown ('' none, '<5' hidden count, '–' hidden share)
    n: str
    interval: str
    measured: str
    followup: str
    rule_text: str
    source: str
    suppressed: bool
    # disclosed numbers for the spreadsheet (None where hidden or missing)
    target_value: float | None = None
    value: float | None = None
    n_value: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    proposed: str = "none"


@dataclass
class AccountView:
    """A target's account (queries/accounts.py) as the round's report shows it: the version current
    when the round was frozen; `parts` are (title, Markdown text) for the parts written."""
    target_id: str
    target: str            # the target's short text
    heading: str           # 'Redegørelse: <target>'
    state: str
    emoji: str
    label: str
    parts: list[tuple[str, str]]
    next_step_date: str    # '' when none
    next_by: str           # 'Næste skridt senest DD-MM-YYYY' or ''
    meta: str              # version · author · when
    version: int = 1
    author: str = ""
    written: str = ""
    texts: dict[str, str] = field(default_factory=dict)  # part key (accounts.PARTS) → Markdown, for a sheet


@dataclass
class Item:
    initiative_id: str
    name: str
    state: str
    emoji: str
    label: str
    text: str
    implementation_state: str | None
    figures: list[Figure] = field(default_factory=list)
    accounts: list[AccountView] = field(default_factory=list)


@dataclass
class Section:
    title: str
    theme_id: str | None
    items: list[Item] = field(default_factory=list)


@dataclass
class ChangeLine:
    initiative_id: str
    name: str
    change: str            # new, ended, state, figures, same, first
    change_label: str
    before: str            # emoji or ''
    after: str
    details: list[str] = field(default_factory=list)


@dataclass
class AccountChange:
    initiative: str
    target: str
    change: str            # new, changed
    change_label: str


@dataclass
class Report:
    round_id: str
    committee_id: str
    committee_name: str
    title: str
    meeting_date: dt.date
    date_text: str
    heading: str
    intro: str
    legend_intro: str
    legend: list[tuple[str, str, str, str]]   # (state, emoji, label, text)
    sections: list[Section]
    since_title: str
    since_intro: str
    changes: list[ChangeLine]
    unchanged: int
    previous_round_id: str | None
    disclosure_note: str
    lang: str
    limit: int
    synthetic: bool = False        # figures from synthetic demo data (rounds.is_synthetic)
    synthetic_note: str = ""       # said first in every export, and on every page/sheet, when synthetic
    account_changes: list[AccountChange] = field(default_factory=list)  # 'Siden sidste møde': accounts
    since_accounts: str = ""       # the heading of that list

    def all_accounts(self):
        for s in self.sections:
            for i in s.items:
                for a in i.accounts:
                    yield s, i, a

    def all_figures(self):
        for s in self.sections:
            for i in s.items:
                for f in i.figures:
                    yield s, i, f


def _figure(r: dict, lang: str, limit: int) -> Figure:
    # an effect is a difference, not a count or a share of n: only its n is checked (as on the
    # overview and the initiative page), so "1,4 personer" more than control is not shown as "<5"
    unit = None if r["kind"] == "effect" and r["arm"] == "effect" else r["unit"]
    d = disclosure.disclose_share(r["value"], r["numerator"], r["n"], r["ci_low"], r["ci_high"], unit, limit, lang)
    actual = disclosure.value_text(d, r["value"], r["unit"], limit, lambda v: formats.value(v, r["unit"], lang))
    interval = ""
    if d.ci_low is not None and d.ci_high is not None:
        interval = formats.interval(d.ci_low, d.ci_high, r["unit"], lang)
    state = r["final"] or "none"
    shown = label(state, lang, r.get("rule"))
    if r["kind"] == "implementation":  # judged on the initiative's implementation state: that is its actual
        impl = r.get("implementation_state")
        actual = t_or(f"impl.{impl}", lang, impl or "") if impl else ""
    return Figure(
        target_id=r["target_id"], text=r["target_text"], short_text=r["short_text"] or r["target_text"],
        kind=r["kind"], unit=r["unit"], state=state, emoji=emoji(state), label=shown,
        target=formats.value(r["target_value"], r["unit"], lang), actual=actual, n=d.n_text, interval=interval,
        measured=formats.date(r["measured_as_of"], with_time=True), followup=formats.date(r["next_followup"], with_time=True),
        # the rule text quotes the actual, n and interval: not shown when disclosure hides them
        rule_text=(t("report.rule_hidden", lang, label=shown, limit=limit) if d.suppressed
                   else rule_texts.text(r, lang)),
        source=origin_label(r["source"], lang), suppressed=d.suppressed,
        target_value=r["target_value"], value=d.value, n_value=d.n, ci_low=d.ci_low, ci_high=d.ci_high,
        proposed=r["proposed"] or "none",
    )


def _account(a: accounts.Account, f: Figure, lang: str) -> AccountView:
    parts = [(t(f"account.part.{p}", lang), text) for p, text in a.parts().items() if text]
    when = formats.date(a.entered_at, with_time=True)
    day = formats.date(a.next_step_date, with_time=True) if a.next_step_date else ""
    return AccountView(
        target_id=a.target_id, target=f.short_text, heading=t("account.heading", lang, target=f.short_text), state=f.state,
        emoji=f.emoji, label=f.label, parts=parts, next_step_date=day,
        next_by=t("account.next_by", lang, date=day) if day else "",
        meta=t("account.meta", lang, version=a.version, author=a.author, when=when),
        version=a.version, author=a.author, written=when, texts={p: x for p, x in a.parts().items() if x})


def _state_text(state: str | None, lang: str, rule: str | None) -> str:
    """A state as 'Siden sidste møde' names it: smiley and label, for ⚪ the reason ('⚪ Ikke startet')."""
    return f"{emoji(state)} {label(state, lang, rule)}"


def _shown_value(r: dict | None, col: str, lang: str, limit: int) -> str:
    """A before/after figure in 'Siden sidste møde', disclosed like the report."""
    if r is None:
        return ""
    # an effect is a difference, not a count or a share of n: only its n is checked (as on the
    # overview and the initiative page), so "1,4 personer" more than control is not shown as "<5"
    unit = None if r["kind"] == "effect" and r["arm"] == "effect" else r["unit"]
    d = disclosure.disclose_share(r["value"], r["numerator"], r["n"], r["ci_low"], r["ci_high"], unit, limit, lang)
    if col == "value":
        return disclosure.value_text(d, r["value"], r["unit"], limit, lambda v: formats.value(v, r["unit"], lang)) or "–"
    if col == "n":
        return d.n_text or "–"
    if col == "numerator":
        return d.numerator_text or "–"
    if col in ("ci_low", "ci_high"):
        v = getattr(d, col)
        return formats.number(v, lang=lang) or "–"
    if col == "measured_as_of":
        return formats.date(r["measured_as_of"], with_time=True) or "–"
    if col == "final":
        return _state_text(r["final"], lang, r.get("rule"))
    return str(r.get(col))


def build(con: duckdb.DuckDBPyConnection, round_id: str, lang: str = "da", limit: int | None = None) -> Report:
    limit = disclosure.threshold(limit, con)
    info = rounds.round_info(con, round_id)
    if info is None:
        raise KeyError(round_id)
    snap = rounds.snapshot(con, round_id)
    rows = snap.to_dicts()
    committee_name = (info.get("committee_name_en") if lang == "en" else None) or info.get("committee_name") \
        or info["committee_id"]
    sections: dict[str | None, Section] = {}
    items: dict[str, Item] = {}
    written = accounts.at_freeze(con, round_id)  # the versions current when the round was frozen
    for r in rows:
        key = r["theme_id"]
        if key not in sections:
            title = t("report.theme", lang, number=r["theme_number"], title=r["theme_title"]) if key \
                else t("report.section.other", lang)
            sections[key] = Section(title, key)
        iid = r["initiative_id"]
        if iid not in items:
            st = r["initiative_state"] or "none"
            why = status.initiative_rule(st, r["implementation_state"])
            items[iid] = Item(iid, r["initiative_name"], st, emoji(st), label(st, lang, why), r["initiative_text"] or "",
                              r["implementation_state"])
            sections[key].items.append(items[iid])
        # every target the intro counts, implementation targets too (as Overblik lists them)
        items[iid].figures.append(_figure(r, lang, limit))
        if r["target_id"] in written:  # the account under its initiative, in the targets' report order
            items[iid].accounts.append(_account(written[r["target_id"]], items[iid].figures[-1], lang))
    ordered = [s for k, s in sections.items() if k is not None] + ([sections[None]] if None in sections else [])

    ch = rounds.changes_since_previous(con, round_id)
    prev_rows = {r["target_id"]: r for r in rounds.snapshot(con, ch.previous_round_id).to_dicts()} \
        if ch.previous_round_id else {}
    cur_rows = {r["target_id"]: r for r in rows}
    lines, unchanged = [], 0
    for c in ch.initiatives.to_dicts():
        if c["change"] in ("same", "first"):
            unchanged += c["change"] == "same"
            continue
        details = []
        if ch.figures.height:
            for f in ch.figures.filter(ch.figures["initiative_id"] == c["initiative_id"]).to_dicts():
                old, new = prev_rows.get(f["target_id"]), cur_rows.get(f["target_id"])
                for col in f["changed"].split(","):
                    if col in ("ci_low", "ci_high", "numerator"):
                        continue
                    before, after = _shown_value(old, col, lang, limit), _shown_value(new, col, lang, limit)
                    if before != after:
                        name = f["short_text"] if col == "value" else f"{f['short_text']} ({t('report.col.' + {'n': 'n', 'measured_as_of': 'measured', 'final': 'state'}.get(col, 'actual'), lang)})"
                        details.append(t("report.change.figure_line", lang, target=name, before=before, after=after))
        if c["change"] == "state":  # the state in words, so that ⚪ → ⚪ with a new reason reads as news
            details.insert(0, t("report.change.figure_line", lang, target=t("report.col.initiative_state", lang),
                                before=_state_text(c["state_before"], lang, c["rule_before"]),
                                after=_state_text(c["state_after"], lang, c["rule_after"])))
        if c["change"] == "figures" and not details:
            unchanged += 1  # only hidden figures moved: nothing that may be shown changed
            continue
        lines.append(ChangeLine(c["initiative_id"], c["initiative_name"], c["change"],
                                t(f"report.change.{c['change']}", lang),
                                emoji(c["state_before"]) if c["state_before"] else "",
                                emoji(c["state_after"]) if c["state_after"] else "", details))
    account_changes = []
    if ch.previous_round_id:
        names = {r["target_id"]: (r["initiative_name"], r["short_text"] or r["target_text"]) for r in rows}
        for c in ch.accounts.to_dicts():
            if c["target_id"] in names:
                initiative, target = names[c["target_id"]]
                account_changes.append(AccountChange(initiative, target, c["change"],
                                                     t(f"account.change.{c['change']}", lang)))
    if ch.previous_round_id:
        prev_info = rounds.round_info(con, ch.previous_round_id)
        since_intro = t("report.since_intro", lang, previous=ch.previous_round_id,
                        date=formats.date(prev_info["meeting_date"], with_time=True))
    else:
        since_intro = t("report.since_first", lang)

    date_text = formats.date(info["meeting_date"], with_time=True)
    n_init = len(items)
    synthetic = rounds.is_synthetic(con, round_id)
    return Report(
        round_id=round_id, committee_id=info["committee_id"], committee_name=committee_name,
        title=info["title"] or t("report.title_fallback", lang), meeting_date=info["meeting_date"],
        date_text=date_text, heading=t("report.heading", lang, committee=committee_name),
        intro=t("report.intro", lang, date=date_text, n_init=n_init, n_targets=len(rows),
                frozen=formats.date(info.get("frozen_at"), with_time=True)),
        legend_intro=t("report.legend_intro", lang),
        legend=[(s, emoji(s), label(s, lang), t(f"report.legend.{s}", lang)) for s in STATES],
        sections=ordered, since_title=t("report.since", lang), since_intro=since_intro, changes=lines,
        unchanged=unchanged, previous_round_id=ch.previous_round_id,
        disclosure_note=t("report.disclosure", lang, limit=limit), lang=lang, limit=limit,
        synthetic=synthetic, synthetic_note=t("report.synthetic", lang) if synthetic else "",
        account_changes=account_changes, since_accounts=t("report.since_accounts", lang),
    )


def doc_title(rep: Report) -> str:
    """The file's title (document properties, HTML <title>) — marked when the figures are synthetic."""
    head = f"{rep.title} – {rep.committee_id} {rep.date_text}"
    return f"{head} ({t('report.synthetic_short', rep.lang)})" if rep.synthetic else head
