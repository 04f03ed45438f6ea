"""The follow-up calendar as an iCalendar file (.ics): one all-day event per target and follow-up
date, made with the `icalendar` library (RFC 5545 folding, escaping and date values handled by a
kept library rather than by hand).

UIDs are stable — `{target_id}-{YYYYMMDD}@maalbord.kk.example` — so importing the file again (or a
calendar subscribed to it refreshing) updates the events instead of duplicating them. The dates
come from queries/followups.py `due_dates`: from the target's first follow-up every
`frequency_months` up to one year ahead of `today` — the dates the Opfølgning page and
`maalbord remind` count as due (they, too, go on after an initiative's period end).
"""

from __future__ import annotations

import datetime as dt

import duckdb
from icalendar import Calendar, Event

from queries import followups, formats, reminders, store
from queries.texts import t

UID_DOMAIN = "maalbord.kk.example"
AHEAD_DAYS = 365


def uid(target_id: str, due: dt.date) -> str:
    return f"{target_id}-{due:%Y%m%d}@{UID_DOMAIN}"


def followup_dates(con: duckdb.DuckDBPyConnection, today: dt.date, committee: str | None = None) -> list[dict]:
    """Every follow-up date of every target (of `committee`), with the target's texts."""
    rows = store.frame(con, """
        select t.target_id, t.initiative_id, t.initiative, t.text, coalesce(t.short_text, t.text) as short_text,
               t.committee, t.first_followup, t.frequency_months
        from v_targets t
        where t.first_followup is not null and ($committee is null or t.committee = $committee)
        order by t.document_file, t.sort_order""", {"committee": committee})
    out, until = [], today + dt.timedelta(days=AHEAD_DAYS)
    for r in rows.iter_rows(named=True):
        for due in followups.due_dates(r["first_followup"], r["frequency_months"], until):
            out.append({**r, "due": due})
    return out


def ics(con: duckdb.DuckDBPyConnection, today: dt.date, committee: str | None = None, lang: str = "da",
        base: str | None = None) -> tuple[bytes, int]:
    """The .ics file's bytes and its number of events."""
    base = base or reminders.base_url()
    cal = Calendar()
    cal.add("prodid", "-//Målbord//Opfølgning//DA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Målbord — {t('fu.title', lang)}" + (f" ({committee})" if committee else ""))
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    dates = followup_dates(con, today, committee)
    for d in dates:
        url = reminders.initiative_url(d["initiative_id"], base)
        ev = Event()
        ev.add("uid", uid(d["target_id"], d["due"]))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", d["due"])
        ev.add("dtend", d["due"] + dt.timedelta(days=1))
        ev.add("summary", t("cal.summary", lang, target=d["short_text"]))
        ev.add("description", t("cal.description", lang, text=d["text"], initiative=d["initiative"],
                                committee=d["committee"] or "–", due=formats.date(d["due"]), url=url))
        ev.add("url", url)
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical(), len(dates)
