"""The catalogue in data/catalogue/: read the YAML files, check every field, and turn them into rows.

`read_catalogue(dir)` returns a `Catalogue` (plain rows per table) or raises `InputError` listing
every problem with file, line and field. Nothing here touches the store; `queries.store` loads the
rows in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from queries.problems import InputError, Problem
from queries.vocabulary import ARMS

ROOT = Path(__file__).resolve().parent.parent
# A checkout holds the catalogue in data/ at the top; an installed package carries the same files
# as queries/data/ (pyproject.toml maps data/ there), since site-packages has no checkout root.
CHECKOUT = (ROOT / "pyproject.toml").is_file() and (ROOT / "data" / "catalogue").is_dir()
DATA_DIR = ROOT / "data" if CHECKOUT else Path(__file__).resolve().parent / "data"
CATALOGUE_DIR = DATA_DIR / "catalogue"
SEEDS_DIR = DATA_DIR / "seeds"

KINDS = ("share", "retention", "effect", "level", "implementation")
STATES_IMPL = ("planned", "running", "in_operation", "paused", "stopped", "completed")
SMILEYS = ("green", "yellow", "red")
DIRECTIONS = ("higher", "lower")
MEASURES = ("share", "retention", "effect")
ANCHORS = ("start", "end", "event")
BUDGET_AREAS = ("Service", "EI", "EO")
BUDGET_KINDS = ("budget", "earlier_allocation", "expected_saving", "investment", "actual")
UNITS = ("pct", "pp", "persons", "days", "meetings_per_week", "years", "count", "tdkk")
SPELL_STATES = (
    "job", "education", "flexjob", "cash_benefit", "sickness_benefit", "unemployment_benefit",
    "resource_course", "disability_pension", "leisure_job", "club_activity",
)
CATALOGUE_AUTHOR = "katalog"

FIELDS = {
    "document": "id title date year case_no document_no seed_file kind administration committees price_level",
    "theme": "id number title",
    "initiative": "id name description theme section lead partners committee target_group period_start "
                  "period_end state state_reason reported_smiley smiley_note passage targets owner",
    "target": "id text short kind value unit direction horizon deadline baseline_value baseline_date "
              "baseline_note measure anchor event_kind offset_months states outcome arms tolerance "
              "first_followup frequency_months responsible progression_dimension note measurements owner",
    "measurement": "as_of value numerator denominator arm source note",
    "budget_line": "activity initiative budget_area committee appropriation kind price_level table amounts note",
}


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping key (as `__lines__`)."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        mapping["__lines__"] = {k.value: k.start_mark.line + 1 for k, _ in node.value}
        return mapping


@dataclass
class Catalogue:
    administrations: list[dict] = field(default_factory=list)
    committees: list[dict] = field(default_factory=list)
    rounds: list[dict] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    themes: list[dict] = field(default_factory=list)
    initiatives: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    measurements: list[dict] = field(default_factory=list)
    assessments: list[dict] = field(default_factory=list)
    budget_lines: list[dict] = field(default_factory=list)
    content_hash: str = ""


class _Checker:
    """Collects problems for one file; every `get_*` returns a clean value or None."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, node: dict | None, key: str | None, code: str, value: Any = None, **params):
        line = None
        if isinstance(node, dict):
            line = node.get("__lines__", {}).get(key) or node.get("__line__")
        self.problems.append(Problem(self.file, line, key, code, value, params))

    def get(self, node: dict, key: str, required: bool = False) -> Any:
        value = node.get(key)
        if isinstance(value, str):
            value = value.strip()
        if value in (None, "") and required:
            self.add(node, key, "err.required")
            return None
        return None if value == "" else value

    def text(self, node, key, required=False) -> str | None:
        value = self.get(node, key, required)
        return None if value is None else str(value)

    def enum(self, node, key, allowed, required=False) -> str | None:
        value = self.get(node, key, required)
        if value is not None and value not in allowed:
            self.add(node, key, "err.enum", value, allowed=", ".join(allowed))
            return None
        return value

    def number(self, node, key, required=False) -> float | None:
        value = self.get(node, key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.add(node, key, "err.number", value)
            return None
        return float(value)

    def integer(self, node, key, required=False) -> int | None:
        value = self.get(node, key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(node, key, "err.integer", value)
            return None
        return value

    def date(self, node, key, required=False) -> dt.date | None:
        value = self.get(node, key, required)
        if value is None:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.add(node, key, "err.date", value)
            return None

    def strings(self, node, key, allowed=None) -> str | None:
        """A list of ids, stored comma-separated."""
        value = self.get(node, key)
        if value is None:
            return None
        items = value if isinstance(value, list) else [value]
        items = [str(i).strip() for i in items]
        if allowed:
            for item in items:
                if item not in allowed:
                    self.add(node, key, "err.enum", item, allowed=", ".join(allowed))
        return ",".join(items)

    def known(self, node: dict, fields: str) -> None:
        """Report keys the format does not define (a typo would otherwise be dropped silently)."""
        allowed = set(fields.split())
        for key in node:
            if not str(key).startswith("__") and key not in allowed:
                self.add(node, key, "err.unknown_field", key)

    def mapping_list(self, node, key) -> list[dict]:
        value = node.get(key) or []
        if not isinstance(value, list):
            self.add(node, key, "err.not_list")
            return []
        out = []
        for item in value:
            if isinstance(item, dict):
                out.append(item)
            else:
                self.add(node, key, "err.not_mapping", item)
        return out


def fold(text: str) -> str:
    """Whitespace folded, for the verbatim check."""
    return re.sub(r"\s+", " ", text).strip()


def _read_yaml(path: Path, checker: _Checker) -> dict | None:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        detail = getattr(exc, "problem", None) or str(exc)
        checker.problems.append(Problem(checker.file, line, "-", "err.yaml", None, {"detail": detail}))
        return None
    if not isinstance(data, dict):
        checker.problems.append(Problem(checker.file, 1, "-", "err.not_mapping"))
        return None
    return data


def read_catalogue(directory: Path = CATALOGUE_DIR, seeds: Path = SEEDS_DIR) -> Catalogue:
    """Read and check every file; raise InputError with all problems, or return the rows."""
    directory = Path(directory)
    cat = Catalogue()
    problems: list[Problem] = []
    digest = hashlib.sha256()
    files = sorted(directory.glob("*.yaml"))
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    cat.content_hash = digest.hexdigest()

    ref_path = directory / "reference.yaml"
    checker = _Checker(ref_path.name)
    ref = _read_yaml(ref_path, checker) if ref_path.exists() else None
    if ref is not None:
        _reference(ref, checker, cat)
    problems += checker.problems

    for path in files:
        if path.name == "reference.yaml":
            continue
        checker = _Checker(path.name)
        data = _read_yaml(path, checker)
        if data is not None:
            _document(data, checker, cat, Path(seeds))
        problems += checker.problems

    problems += _check_references(cat)
    from queries import owners  # (owners reads the store module, which reads this one)
    problems += owners.check_catalogue(cat)
    if problems:
        raise InputError(problems)
    return cat


def _reference(ref: dict, c: _Checker, cat: Catalogue) -> None:
    for node in c.mapping_list(ref, "administrations"):
        cat.administrations.append({
            "administration_id": c.text(node, "id", True), "name": c.text(node, "name", True),
            "name_en": c.text(node, "name_en"), "_mailbox": c.text(node, "mailbox"),
            "_file": c.file, "_line": node["__line__"],
        })
    for node in c.mapping_list(ref, "committees"):
        cat.committees.append({
            "committee_id": c.text(node, "id", True), "name": c.text(node, "name", True),
            "name_en": c.text(node, "name_en"), "administration_id": c.text(node, "administration"),
            "_file": c.file, "_line": node["__line__"],
        })
    for node in c.mapping_list(ref, "rounds"):
        cat.rounds.append({
            "round_id": c.text(node, "id", True), "committee_id": c.text(node, "committee", True),
            "meeting_date": c.date(node, "meeting_date", True), "title": c.text(node, "title", True),
            "document_id": c.text(node, "document"), "_file": c.file, "_line": node["__line__"],
        })


def _document(data: dict, c: _Checker, cat: Catalogue, seeds: Path) -> None:
    """One source document's file: the document, its themes, initiatives (with their targets) and
    budget lines. Texts quoted from the document are checked against its seed text."""
    doc = data.get("document")
    if not isinstance(doc, dict):
        c.add(data, "document", "err.required")
        return
    doc_id, verbatim = _document_row(doc, c, cat, seeds)
    _themes(data, c, cat, doc_id, verbatim)
    _initiatives(data, c, cat, doc_id, verbatim)
    _budget_lines(data, c, cat, doc_id)


def _document_row(doc: dict, c: _Checker, cat: Catalogue, seeds: Path) -> tuple[str | None, Callable]:
    """The document's row; returns its id and `verbatim(node, key)`, which reads a text and checks
    that it is quoted word for word from the seed file."""
    c.known(doc, FIELDS["document"])
    doc_id = c.text(doc, "id", True)
    seed_file = c.text(doc, "seed_file", True)
    seed_text = None
    if seed_file:
        seed_path = seeds / seed_file
        if seed_path.exists():
            seed_text = fold(seed_path.read_text(encoding="utf-8"))
        else:
            c.add(doc, "seed_file", "err.seed_missing", seed_file, seed=seed_file)
    committees = doc.get("committees") or []
    cat.documents.append({
        "document_id": doc_id, "title": c.text(doc, "title", True), "doc_date": c.date(doc, "date"),
        "doc_year": c.integer(doc, "year"), "case_no": c.text(doc, "case_no"),
        "document_no": c.text(doc, "document_no"), "seed_file": seed_file, "kind": c.text(doc, "kind"),
        "administration_id": c.text(doc, "administration"),
        "committees": ",".join(committees) if isinstance(committees, list) else str(committees),
        "price_level": c.text(doc, "price_level"), "_file": c.file, "_line": doc["__line__"],
    })

    def verbatim(node: dict, key: str) -> str | None:
        value = c.text(node, key)
        if value and seed_text is not None and fold(value) not in seed_text:
            c.add(node, key, "err.not_verbatim", value, seed=seed_file)
        return value

    return doc_id, verbatim


def _themes(data: dict, c: _Checker, cat: Catalogue, doc_id: str | None, verbatim: Callable) -> None:
    for node in c.mapping_list(data, "themes"):
        c.known(node, FIELDS["theme"])
        cat.themes.append({
            "theme_id": c.text(node, "id", True), "document_id": doc_id,
            "number": c.integer(node, "number"), "title": verbatim(node, "title"),
            "_file": c.file, "_line": node["__line__"],
        })


def _initiatives(data: dict, c: _Checker, cat: Catalogue, doc_id: str | None, verbatim: Callable) -> None:
    """Each initiative, the document's reported smiley as an assessment, and its targets."""
    for i_order, node in enumerate(c.mapping_list(data, "initiatives"), start=1):
        c.known(node, FIELDS["initiative"])
        ini_id = c.text(node, "id", True)
        partners = node.get("partners") or []
        ini = {
            "initiative_id": ini_id, "name": c.text(node, "name", True),
            "description": c.text(node, "description"), "document_id": doc_id,
            "theme_id": c.text(node, "theme"), "section": c.text(node, "section"),
            "lead_administration": c.text(node, "lead"),
            "partner_administrations": ",".join(partners) if isinstance(partners, list) else str(partners),
            "committee_id": c.text(node, "committee"), "target_group": c.text(node, "target_group"),
            "period_start": c.date(node, "period_start"), "period_end": c.date(node, "period_end"),
            "implementation_state": c.enum(node, "state", STATES_IMPL, True),
            "state_reason": c.text(node, "state_reason"),
            "reported_smiley": c.enum(node, "reported_smiley", SMILEYS),
            "smiley_note": c.text(node, "smiley_note"), "passage": verbatim(node, "passage"),
            "sort_order": i_order, "_file": c.file, "_line": node["__line__"],
            "_partners": partners if isinstance(partners, list) else [partners],
            "_owner": _owner(node, c),
        }
        cat.initiatives.append(ini)
        if ini["reported_smiley"]:
            cat.assessments.append({
                "initiative_id": ini_id, "target_id": None, "document_id": doc_id,
                "committee_id": ini["committee_id"], "state": ini["reported_smiley"],
                "text": ini["passage"] or ini["name"],
            })
        for t_order, tnode in enumerate(c.mapping_list(node, "targets"), start=1):
            _target(tnode, c, cat, ini_id, doc_id, i_order * 100 + t_order, verbatim)


def _budget_lines(data: dict, c: _Checker, cat: Catalogue, doc_id: str | None) -> None:
    """Each budget line: one row per year of its amounts."""
    for b_order, node in enumerate(c.mapping_list(data, "budget_lines"), start=1):
        c.known(node, FIELDS["budget_line"])
        amounts = node.get("amounts")
        if not isinstance(amounts, dict):
            c.add(node, "amounts", "err.required")
            continue
        base = {
            "document_id": doc_id, "initiative_id": c.text(node, "initiative"),
            "activity": c.text(node, "activity", True),
            "budget_area": c.enum(node, "budget_area", BUDGET_AREAS),
            "committee_id": c.text(node, "committee"), "appropriation": c.text(node, "appropriation"),
            "price_level": c.text(node, "price_level"), "kind": c.enum(node, "kind", BUDGET_KINDS, True),
            "source_table": c.text(node, "table"), "note": c.text(node, "note"),
            "sort_order": b_order, "_file": c.file, "_line": node["__line__"],
        }
        _amounts(amounts, base, c, cat)


def _amounts(amounts: dict, base: dict, c: _Checker, cat: Catalogue) -> None:
    """A budget line's amounts per year ('2022', '2016/17'); an empty amount is no row."""
    for label, amount in amounts.items():
        if str(label).startswith("__"):
            continue
        year = _year(label)
        if year is None:
            c.add(amounts, label, "err.integer", label)
            continue
        if amount is None:
            continue
        if isinstance(amount, bool) or not isinstance(amount, (int, float)):
            c.add(amounts, label, "err.number", amount)
            continue
        cat.budget_lines.append({**base, "year": year, "period_label": str(label), "amount_tdkk": float(amount)})


def _year(label: Any) -> int | None:
    """2022 → 2022; '2016/17' → 2017."""
    text = str(label).strip()
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    m = re.fullmatch(r"(\d{4})/(\d{2})", text)
    return int(m.group(1)[:2] + m.group(2)) if m else None


def _target(node, c: _Checker, cat: Catalogue, ini_id, doc_id, order, verbatim) -> None:
    c.known(node, FIELDS["target"])
    target_id = c.text(node, "id", True)
    kind = c.enum(node, "kind", KINDS, True)
    measure = c.enum(node, "measure", MEASURES)
    if kind in MEASURES and measure is None and node.get("measure") is None and kind != "effect":
        measure = kind
    row = {
        "target_id": target_id, "initiative_id": ini_id, "text": verbatim(node, "text"),
        "short_text": c.text(node, "short"), "kind": kind, "target_value": c.number(node, "value"),
        "unit": c.enum(node, "unit", UNITS), "direction": c.enum(node, "direction", DIRECTIONS) or "higher",
        "horizon": c.text(node, "horizon"), "deadline": c.date(node, "deadline"),
        "baseline_value": c.number(node, "baseline_value"), "baseline_date": c.date(node, "baseline_date"),
        "baseline_note": c.text(node, "baseline_note"), "measure": measure,
        "anchor": c.enum(node, "anchor", ANCHORS), "event_kind": c.text(node, "event_kind"),
        "offset_months": c.integer(node, "offset_months"),
        "states": c.strings(node, "states", SPELL_STATES), "outcome": c.text(node, "outcome"),
        "arms": c.strings(node, "arms", ARMS), "tolerance": c.number(node, "tolerance"),
        "first_followup": c.date(node, "first_followup"),
        "frequency_months": c.integer(node, "frequency_months"),
        "responsible": c.text(node, "responsible"),
        "progression_dimension": c.text(node, "progression_dimension"),
        "note": c.text(node, "note"), "sort_order": order, "_file": c.file, "_line": node["__line__"],
        "_owner": _owner(node, c),
    }
    if row["text"] is None:
        c.add(node, "text", "err.required")
    cat.targets.append(row)
    for mnode in c.mapping_list(node, "measurements"):
        c.known(mnode, FIELDS["measurement"])
        cat.measurements.append({
            "target_id": target_id, "as_of": c.date(mnode, "as_of", True),
            "arm": c.enum(mnode, "arm", ARMS) or "all", "value": c.number(mnode, "value"),
            "numerator": c.number(mnode, "numerator"), "denominator": c.number(mnode, "denominator"),
            "source": c.text(mnode, "source") or doc_id, "document_id": doc_id,
            "note": c.text(mnode, "note"), "_file": c.file, "_line": mnode["__line__"],
        })


def _owner(node: dict, c: _Checker) -> dict | None:
    """An initiative's or target's own `owner: {administration, mailbox}` (queries/owners.py)."""
    own = node.get("owner")
    if own is None:
        return None
    if not isinstance(own, dict):
        c.add(node, "owner", "err.enum", own, allowed="administration, mailbox")
        return None
    c.known(own, "administration mailbox")
    return {"administration": c.text(own, "administration", True), "mailbox": c.text(own, "mailbox")}


def _check_references(cat: Catalogue) -> list[Problem]:
    """Ids unique; every reference points at something that exists."""
    problems: list[Problem] = []

    def unique(rows, key):
        seen: dict[str, dict] = {}
        for row in rows:
            value = row.get(key)
            if value is None:
                continue
            if value in seen:
                other = seen[value]
                problems.append(Problem(row["_file"], row["_line"], "id", "err.duplicate_id", value,
                                        {"other": f"{other['_file']}:{other['_line']}"}))
            else:
                seen[value] = row
        return set(seen)

    admins = unique(cat.administrations, "administration_id")
    committees = unique(cat.committees, "committee_id")
    docs = unique(cat.documents, "document_id")
    themes = unique(cat.themes, "theme_id")
    initiatives = unique(cat.initiatives, "initiative_id")
    unique(cat.targets, "target_id")
    unique(cat.rounds, "round_id")

    def ref(row, key, known, column=None):
        value = row.get(key)
        if value is not None and value not in known:
            problems.append(Problem(row["_file"], row["_line"], column or key, "err.unknown_ref", value))

    for row in cat.initiatives:
        ref(row, "theme_id", themes, "theme")
        ref(row, "lead_administration", admins, "lead")
        ref(row, "committee_id", committees, "committee")
        for partner in row["_partners"]:
            ref({**row, "p": partner}, "p", admins, "partners")
    for row in cat.documents:
        ref(row, "administration_id", admins, "administration")
    for row in cat.budget_lines:
        ref(row, "initiative_id", initiatives, "initiative")
        ref(row, "committee_id", committees, "committee")
    for row in cat.rounds:
        ref(row, "committee_id", committees, "committee")
        ref(row, "document_id", docs, "document")
    return problems


def public(row: dict) -> dict:
    """A row without the bookkeeping keys (file, line)."""
    return {k: v for k, v in row.items() if not k.startswith("_")}
