"""Owners of initiatives and targets: an administration and a functional mailbox (no personal names).

The catalogue gives each administration a mailbox (data/catalogue/reference.yaml); an initiative is
owned by its lead administration's mailbox (no lead: the document's administration) unless it
names an `owner:` of its own, and a target by
its initiative's owner unless it names one (docs/catalogue.md). `load(con, cat)` stores them at
`maalbord init`; `change_owner` is the Data page's edit: validated first (all problems at once,
nothing written), then the current version is closed and the next added, with an audit row.
A user's change stands against later catalogue loads (as for target values).
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import polars as pl

from queries import imports, store
from queries.problems import InputError, Problem

FORM = "skema"
KINDS = ("initiative", "target")
CATALOGUE_AUTHOR = "katalog"
# a plain address form (local@domain.tld); deliverability is the SMTP server's judgement
MAILBOX = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def valid_mailbox(value: str | None) -> bool:
    return bool(value) and MAILBOX.fullmatch(value.strip()) is not None


def catalogue_owners(cat) -> list[dict]:
    """Owner rows from the catalogue: every initiative (its own, else its lead administration's
    mailbox) and every target that names its own. Rows carry _file/_line for problems."""
    mailboxes = {a["administration_id"]: a.get("_mailbox") for a in cat.administrations}
    doc_admin = {d["document_id"]: d.get("administration_id") for d in cat.documents}
    rows = []
    for ini in cat.initiatives:
        own = ini.get("_owner") or {}
        lead = ini.get("lead_administration") or doc_admin.get(ini["document_id"])
        admin = own.get("administration") or lead
        mailbox = own.get("mailbox") or mailboxes.get(admin)
        rows.append({"object_kind": "initiative", "object_id": ini["initiative_id"], "administration_id": admin,
                     "mailbox": mailbox, "default": (lead, mailboxes.get(lead)), "inherits": not own,
                     "_file": ini["_file"], "_line": ini["_line"]})
    for tgt in cat.targets:
        own = tgt.get("_owner")
        if own:
            admin = own.get("administration")
            rows.append({"object_kind": "target", "object_id": tgt["target_id"], "administration_id": admin,
                         "mailbox": own.get("mailbox") or mailboxes.get(admin), "default": None, "inherits": False,
                         "_file": tgt["_file"], "_line": tgt["_line"]})
    return rows


def check_catalogue(cat) -> list[Problem]:
    """Each owner names a known administration and a mailbox in e-mail form."""
    admins = {a["administration_id"] for a in cat.administrations}
    problems = []
    for a in cat.administrations:
        if a.get("_mailbox") is not None and not valid_mailbox(a["_mailbox"]):
            problems.append(Problem(a["_file"], a["_line"], "mailbox", "err.mailbox", a["_mailbox"]))
    for row in catalogue_owners(cat):
        if row["administration_id"] not in admins:
            problems.append(Problem(row["_file"], row["_line"], "owner.administration", "err.unknown_ref",
                                    row["administration_id"]))
        if not valid_mailbox(row["mailbox"]):
            problems.append(Problem(row["_file"], row["_line"], "owner.mailbox",
                                    "err.mailbox" if row["mailbox"] else "err.required", row["mailbox"]))
    return problems


def _current(con, kind: str, object_id: str) -> dict | None:
    row = store.frame(con, "select * from owners where object_kind = $k and object_id = $id and valid_to is null",
                      {"k": kind, "id": object_id})
    return row.row(0, named=True) if row.height else None


def _add_version(con, kind, object_id, admin, mailbox, actor, reason, current, stamp, inherits: bool = False) -> int:
    if current is not None:
        con.execute("update owners set valid_to = ? where object_kind = ? and object_id = ? and version = ?",
                    [stamp, kind, object_id, current["version"]])
    version = current["version"] + 1 if current else 1
    con.execute("insert into owners (object_kind, object_id, version, administration_id, mailbox, valid_from, "
                "changed_by, change_reason, inherits) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [kind, object_id, version, admin, mailbox, stamp, actor, reason, inherits])
    return version


def load(con: duckdb.DuckDBPyConnection, cat) -> int:
    """Store the catalogue's owners (a new version when the catalogue changes one), unless a user has
    changed that owner since: theirs stands. Returns the number of versions added."""
    if "owners" not in {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}:
        return 0  # a store migrated only up to an older schema (store.migrate(upto=…))
    changed, stamp = 0, store.now()
    for row in catalogue_owners(cat):
        current = _current(con, row["object_kind"], row["object_id"])
        if current is not None and current.get("inherits"):
            # an override a user removed: a target keeps inheriting; an initiative follows its default
            if row["object_kind"] == "target" or (current["administration_id"], current["mailbox"]) == row["default"]:
                continue
            _add_version(con, "initiative", row["object_id"], *row["default"], CATALOGUE_AUTHOR, "katalog", current,
                         stamp, inherits=True)
            changed += 1
            continue
        if current is not None and (current["changed_by"] != CATALOGUE_AUTHOR or
                                    (current["administration_id"], current["mailbox"]) ==
                                    (row["administration_id"], row["mailbox"])):
            continue
        _add_version(con, row["object_kind"], row["object_id"], row["administration_id"], row["mailbox"],
                     CATALOGUE_AUTHOR, "katalog", current, stamp)
        changed += 1
    return changed


def change_owner(path: Path | str | None, kind: str, object_id: str, administration: str, mailbox: str,
                 reason: str, actor: str | None = None) -> dict:
    """Give an initiative or a target a new owner (a new version; the old one is kept, closed).
    Problems (all at once, nothing written): unknown object or administration, a mailbox not in
    e-mail form, no reason, nothing changed."""
    actor = actor or store.current_user()
    administration, mailbox, reason = (administration or "").strip(), (mailbox or "").strip(), (reason or "").strip()
    problems: list[Problem] = []
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    if not mailbox:
        problems.append(Problem(FORM, None, "mailbox", "err.required"))
    elif not valid_mailbox(mailbox):
        problems.append(Problem(FORM, None, "mailbox", "err.mailbox", mailbox))
    if not reason:
        problems.append(Problem(FORM, None, "change_reason", "err.reason_required"))
    with store.writing(path) as con:
        table, key = ("initiatives", "initiative_id") if kind == "initiative" else ("targets", "target_id")
        if not con.execute(f"select count(*) from {table} where {key} = ?", [object_id]).fetchall()[0][0]:
            problems.append(Problem(FORM, None, "owner_object", "err.unknown_ref", object_id))
        if not con.execute("select count(*) from administrations where administration_id = ?",
                           [administration]).fetchall()[0][0]:
            problems.append(Problem(FORM, None, "administration", "err.unknown_ref", administration or None))
        current = _current(con, kind, object_id)
        if not problems and current and not current.get("inherits") and \
                (current["administration_id"], current["mailbox"]) == (administration, mailbox):
            problems.append(Problem(FORM, None, "mailbox", "err.no_change"))
        if problems:
            raise InputError(problems, "err.form_failed")
        version = _add_version(con, kind, object_id, administration, mailbox, actor, reason, current, store.now())
        before = {"administration": current["administration_id"], "mailbox": current["mailbox"],
                  "version": current["version"]} if current else None
        after = {"administration": administration, "mailbox": mailbox, "version": version}
        imports.audit(con, actor, "owner_changed", f"{kind}:{object_id}", {"before": before, "after": after,
                                                                          "reason": reason})
    return {"kind": kind, "object_id": object_id, "version": version, "before": before, "after": after}


def remove_override(path: Path | str | None, kind: str, object_id: str, reason: str, actor: str | None = None,
                    catalogue_dir: Path | None = None) -> dict:
    """Remove an initiative's or a target's own owner: a new version that has none (inherits), so a
    target falls back to its initiative's owner and an initiative to its lead administration's
    mailbox (the catalogue's default); the old version is kept, closed, and the audit log gets an
    `owner_override_removed` row. Problems (all at once, nothing written): unknown object, no
    override to remove, no reason."""
    from queries.catalogue import CATALOGUE_DIR, SEEDS_DIR, read_catalogue
    actor, reason = actor or store.current_user(), (reason or "").strip()
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    problems: list[Problem] = [] if reason else [Problem(FORM, None, "change_reason", "err.reason_required")]
    default = None
    if kind == "initiative":
        rows = [r for r in catalogue_owners(read_catalogue(catalogue_dir or CATALOGUE_DIR, SEEDS_DIR))
                if r["object_kind"] == "initiative" and r["object_id"] == object_id]
        default = rows[0]["default"] if rows else None
    with store.writing(path) as con:
        table, key = ("initiatives", "initiative_id") if kind == "initiative" else ("targets", "target_id")
        current = _current(con, kind, object_id)
        if not con.execute(f"select count(*) from {table} where {key} = ?", [object_id]).fetchall()[0][0]:
            problems.append(Problem(FORM, None, "owner_object", "err.unknown_ref", object_id))
        elif (current is None or current.get("inherits") or (kind == "initiative" and (
                default is None or (current["changed_by"] == CATALOGUE_AUTHOR and
                                    (current["administration_id"], current["mailbox"]) == default)))):
            problems.append(Problem(FORM, None, "owner_object", "err.no_override", object_id))
        if problems:
            raise InputError(problems, "err.form_failed")
        if kind == "target":  # what it falls back to now (v_owners reads the initiative's live)
            default = tuple(con.execute(
                "select initiative_administration_id, initiative_mailbox from v_owners where target_id = ?",
                [object_id]).fetchall()[0])
        version = _add_version(con, kind, object_id, *default, actor, reason, current, store.now(), inherits=True)
        before = {"administration": current["administration_id"], "mailbox": current["mailbox"],
                  "version": current["version"]}
        after = {"administration": default[0], "mailbox": default[1], "version": version, "inherited": True}
        imports.audit(con, actor, "owner_override_removed", f"{kind}:{object_id}",
                      {"before": before, "after": after, "reason": reason})
    return {"kind": kind, "object_id": object_id, "version": version, "before": before, "after": after}


def current(con) -> pl.DataFrame:
    """Every current target with its owner (v_owners)."""
    return store.frame(con, "select * from v_owners order by target_id")


def initiative_owners(con) -> pl.DataFrame:
    return store.frame(con, "select object_id as initiative_id, administration_id, mailbox, version "
                            "from owners where object_kind = 'initiative' and valid_to is null order by 1")


def choices(con) -> dict[str, pl.DataFrame]:
    """For the Data page's owner form: initiatives and current targets with their current owner
    (owner_source: 'initiative' / 'target'; a target without its own row shows its initiative's;
    own: it has an owner of its own that remove_override can remove), and the administrations."""
    return {
        "initiative": store.query_file(con, "owners_initiative_choices"),
        "target": store.query_file(con, "owners_target_choices"),
        "administrations": store.frame(con, "select administration_id, name from administrations order by 1"),
    }
