"""The process `maalbord serve` starts: the dashboard (app.py) as a Streamlit `st.App` (Streamlit's
ASGI server, Starlette + uvicorn) with one route of its own — the subscribable follow-up calendar,
`/kalender/<token>.ics` (queries/feeds.py).

That route is answered without sign-in (a calendar client cannot sign in; the secret address is
the credential, as with Google Calendar's secret iCal address): `text/calendar`, made from the
store on each request, so always current. An unknown, revoked or malformed token answers 404 — the
same for all, so a probe learns nothing. Streamlit's `server.enableStaticServing` was not used: its
folder lies next to the main script, inside the installed package, and a file there would be stale
between writes and revocable only by deleting it.
"""

from __future__ import annotations

import duckdb
import streamlit as st
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from queries import feeds, reminders, store, upkeep


def calendar(request: Request) -> Response:
    """GET/HEAD /kalender/<token>.ics[?lang=en] (a plain function: Starlette runs it in a thread)."""
    token = request.path_params["token"]
    lang = request.query_params.get("lang", "da")
    try:
        with store.reading() as con:
            body = feeds.calendar(con, token, upkeep.today(), lang, reminders.base_url())
    except (duckdb.Error, store.StoreMissing) as exc:
        if isinstance(exc, duckdb.Error) and not store.is_busy(exc):
            raise
        return Response("Busy, try again\n", status_code=503, media_type="text/plain", headers={"Retry-After": "60"})
    if body is None:
        return Response("Not found\n", status_code=404, media_type="text/plain")
    return Response(body, media_type="text/calendar", headers={
        "Content-Disposition": 'inline; filename="maalbord-opfoelgning.ics"',
        "Cache-Control": "private, max-age=900", "X-Content-Type-Options": "nosniff"})


app = st.App("app.py", routes=[Route(feeds.PATH_PREFIX + "{token}.ics", calendar, methods=["GET"])])
