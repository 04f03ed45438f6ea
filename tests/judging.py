"""The status rules' input as the store gives it, for tests that judge an entered measurement.

`judged(target, m, control=None)` writes the target and its measurement (and, for an effect target
judged on its two arms, the control arm) into a small in-memory store built from the schema, and
returns what status_table._judged hands the rules: the measurement judged_at picks, with the interval
it is judged with — v_judged_measurement's judged_ci_low/high, from the SQL interval macros
(queries/views/00_intervals.sql). So the cases of tests/cases/status_rules.csv run through the one
definition of the interval, not a copy of it."""

from __future__ import annotations

import datetime as dt
from functools import cache

import duckdb

from queries import status as S
from queries import status_table, store

AS_OF = dt.date(2026, 1, 1)


@cache
def _store() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    store.migrate(con)
    return con


def judged(target: S.Target, m: S.Measurement | None, control: S.Measurement | None = None,
           as_of: dt.date = AS_OF) -> S.Measurement | None:
    if m is None:
        return None
    con = _store()
    con.execute("delete from measurements")
    con.execute("delete from targets")
    con.execute("insert into targets (target_id, valid_from, initiative_id, text, kind, target_value, unit, direction) "
                "values ('t', timestamp '2000-01-01', 'i', 'test', ?, ?, ?, ?)",
                [target.kind, target.value, target.unit, target.direction])
    for row in [m] + ([control] if control is not None else []):
        con.execute("insert into measurements (target_id, as_of, arm, value, numerator, denominator, ci_low, ci_high, "
                    "source, origin, entered_by, entered_at) "
                    "values ('t', ?, ?, ?, ?, ?, ?, ?, 'test', 'indtastet', 'test', timestamp '2000-01-01')",
                    [row.as_of or as_of, row.arm, row.value, row.numerator, row.n, row.ci_low, row.ci_high])
    return status_table._judged(con, as_of).get("t")
