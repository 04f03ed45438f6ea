"""Initiatives and their targets, as the pages list them. Plain functions over an open connection."""

from __future__ import annotations

import duckdb
import polars as pl

from queries.store import frame


def initiatives(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return frame(con, 
        """select initiative_id, name, theme, document, document_file, lead_administration,
                  implementation_state, reported_smiley, committee, section, document_id
           from v_initiatives order by document_file, sort_order""")


def targets(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return frame(con, 
        """select target_id, initiative_id, initiative, coalesce(short_text, text) as short_text, text, kind,
                  target_value, unit, direction, first_followup, document, document_file, theme, committee,
                  lead_administration
           from v_targets order by document_file, sort_order""")


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    row = con.execute(
        """select (select count(*) from initiatives), (select count(*) from v_targets),
                  (select count(*) from documents)""").fetchone()
    return {"initiatives": row[0], "targets": row[1], "documents": row[2]}
