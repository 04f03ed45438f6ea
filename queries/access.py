"""Who may see and do what: Målbord's roles, the pages and grants each gives, and the access file
(data/access.yaml) that maps the groups of a signed-in user's ID token to roles.

Pure Python (no streamlit): the dashboard's glue is dashboard/auth.py. The default is *no access*:
a signed-in user none of whose groups is in the access file gets no role and sees no page.

The access file (version 1):

    version: 1
    claim: groups            # the ID-token claim that holds the user's groups (a list or one string)
    session_hours: 10        # a sign-in older than this (the ID token's iat) must sign in again
    groups:
      - group: maalbord-ledelse
        roles: [ledelse]
      - group: maalbord-udvalg-biu
        roles: [udvalg]
        committees: [BIU]    # an udvalg role reads only the frozen rounds of these committees

Bad files raise AccessFileError naming the file, line and setting (an unknown role, a missing key).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "data" / "access.yaml"

# The pages (their url_path in dashboard/app.py) by audience.
MANAGEMENT_PAGES = ("overblik", "indsats", "opfoelgning", "oekonomi", "forside")
REPORT_PAGE = "udvalgsrapport"
SQL_PAGE = "sql"
DATA_PAGE = "datapleje"
ADMIN_PAGE = "administration"
ALL_PAGES = (*MANAGEMENT_PAGES, REPORT_PAGE, SQL_PAGE, DATA_PAGE, ADMIN_PAGE)

# role → (pages, grants). Grants: microdata (SQL over the citizen-level tables), write (import,
# forms, assessments, create/freeze rounds), all_rounds (every committee's rounds, drafts too),
# admin (access file reload, backup/restore).
ROLES: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {
    "ledelse": (MANAGEMENT_PAGES, frozenset()),
    "udvalg": ((REPORT_PAGE,), frozenset()),
    "analytiker": ((*MANAGEMENT_PAGES, SQL_PAGE), frozenset()),
    "analytiker-mikrodata": ((*MANAGEMENT_PAGES, SQL_PAGE), frozenset({"microdata"})),
    "dataansvarlig": ((*MANAGEMENT_PAGES, REPORT_PAGE, SQL_PAGE, DATA_PAGE), frozenset({"write", "all_rounds"})),
    "admin": (ALL_PAGES, frozenset({"microdata", "write", "all_rounds", "admin"})),
}


class AccessFileError(ValueError):
    """A bad access file: `code` is a text key (queries/texts/access.py), `params` fill it in."""

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(f"{code} {params}")

    def message(self, lang: str = "da") -> str:
        from queries.texts import t
        return t(self.code, lang, **self.params)


@dataclass(frozen=True)
class Rule:
    group: str
    roles: tuple[str, ...]
    committees: tuple[str, ...] = ()


@dataclass(frozen=True)
class Access:
    """A parsed access file."""
    claim: str = "groups"
    session_hours: float = 10.0
    rules: tuple[Rule, ...] = ()
    source: str = ""

    def grant(self, claims: dict) -> "Grant":
        """What a user with these ID-token claims may see and do (no role matched: nothing)."""
        value = claims.get(self.claim)
        groups = {value} if isinstance(value, str) else set(value or [])
        roles: set[str] = set()
        committees: set[str] = set()
        for rule in self.rules:
            if rule.group in groups:
                roles.update(rule.roles)
                committees.update(rule.committees)
        return Grant.of(roles, committees)


@dataclass(frozen=True)
class Grant:
    """The roles of one user and what follows from them."""
    roles: frozenset[str] = frozenset()
    committees: frozenset[str] = frozenset()   # the udvalg role's committees
    pages: frozenset[str] = frozenset()
    grants: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, roles, committees=()) -> "Grant":
        roles = frozenset(roles)
        pages, grants = set(), set()
        for role in roles:
            role_pages, role_grants = ROLES[role]
            pages.update(role_pages)
            grants.update(role_grants)
        return cls(roles, frozenset(committees), frozenset(pages), frozenset(grants))

    @classmethod
    def local(cls) -> "Grant":
        """Local mode (no sign-in, loopback only): one person on their own machine may do all."""
        return cls.of({"admin"})

    @property
    def any(self) -> bool:
        return bool(self.pages)

    def page(self, url_path: str) -> bool:
        return url_path in self.pages

    def may(self, grant: str) -> bool:
        return grant in self.grants

    def sees_round(self, committee_id: str, frozen: bool) -> bool:
        """A round of `committee_id` is shown: every round to all_rounds, else frozen rounds of
        the user's own committees only (no drafts)."""
        if self.may("all_rounds"):
            return True
        return frozen and committee_id in self.committees

    def visible_committees(self, committee_ids) -> list[str]:
        ids = list(committee_ids)
        return ids if self.may("all_rounds") else [c for c in ids if c in self.committees]


def access_path() -> Path:
    """$MAALBORD_ACCESS, else data/access.yaml."""
    return Path(os.environ.get("MAALBORD_ACCESS") or DEFAULT_FILE)


def load(path: Path | str | None = None) -> Access:
    path = Path(path or access_path())
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise AccessFileError("access.err.missing_file", file=str(path)) from None
    return parse(text, str(path))


def parse(text: str, source: str = "access.yaml") -> Access:
    """Parse an access file; AccessFileError names file, line and setting of the first problem."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise AccessFileError("access.err.yaml", file=source, line=(mark.line + 1) if mark else 1,
                              detail=str(getattr(exc, "problem", exc))) from None
    if not isinstance(root, yaml.MappingNode):
        raise AccessFileError("access.err.shape", file=source, line=1, setting="(top)", expected="mapping")
    top = _mapping(root)
    known = {"version", "claim", "session_hours", "groups"}
    for key, (key_node, _) in top.items():
        if key not in known:
            raise AccessFileError("access.err.unknown_key", file=source, line=key_node.start_mark.line + 1,
                                  setting=key, known=", ".join(sorted(known)))
    version = _scalar(top, "version", source, default="1")
    if version != "1":
        raise AccessFileError("access.err.version", file=source, line=_line(top, "version"), version=version)
    claim = _scalar(top, "claim", source, default="groups")
    hours_text = _scalar(top, "session_hours", source, default="10")
    try:
        hours = float(hours_text)
        if hours <= 0:
            raise ValueError
    except ValueError:
        raise AccessFileError("access.err.session_hours", file=source, line=_line(top, "session_hours"),
                              value=hours_text) from None
    rules: list[Rule] = []
    if "groups" in top:
        node = top["groups"][1]
        if not isinstance(node, yaml.SequenceNode):
            raise AccessFileError("access.err.shape", file=source, line=node.start_mark.line + 1,
                                  setting="groups", expected="list")
        for i, item in enumerate(node.value):
            rules.append(_rule(item, i, source))
    return Access(claim=claim, session_hours=hours, rules=tuple(rules), source=source)


def _rule(node, i: int, source: str) -> Rule:
    where = f"groups[{i + 1}]"
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise AccessFileError("access.err.shape", file=source, line=line, setting=where, expected="mapping")
    entry = _mapping(node)
    for key, (key_node, _) in entry.items():
        if key not in ("group", "roles", "committees"):
            raise AccessFileError("access.err.unknown_key", file=source, line=key_node.start_mark.line + 1,
                                  setting=f"{where}.{key}", known="group, roles, committees")
    group = _scalar(entry, "group", source, default="")
    if not group:
        raise AccessFileError("access.err.required", file=source, line=line, setting=f"{where}.group")
    roles = _strings(entry, "roles", source, where)
    if not roles:
        raise AccessFileError("access.err.required", file=source, line=line, setting=f"{where}.roles")
    for role, role_line in roles:
        if role not in ROLES:
            raise AccessFileError("access.err.unknown_role", file=source, line=role_line,
                                  setting=f"{where}.roles", role=role, known=", ".join(ROLES))
    committees = tuple(c for c, _ in _strings(entry, "committees", source, where))
    names = {r for r, _ in roles}
    if "udvalg" in names and not committees:
        raise AccessFileError("access.err.committees", file=source, line=line, setting=f"{where}.committees",
                              group=group)
    return Rule(group=group, roles=tuple(r for r, _ in roles), committees=committees)


def _mapping(node) -> dict:
    return {k.value: (k, v) for k, v in node.value}


def _line(entries: dict, key: str) -> int:
    return entries[key][0].start_mark.line + 1 if key in entries else 1


def _scalar(entries: dict, key: str, source: str, default: str) -> str:
    if key not in entries:
        return default
    node = entries[key][1]
    if not isinstance(node, yaml.ScalarNode):
        raise AccessFileError("access.err.shape", file=source, line=node.start_mark.line + 1, setting=key,
                              expected="text")
    return str(node.value).strip()


def _strings(entries: dict, key: str, source: str, where: str) -> list[tuple[str, int]]:
    """A list of texts (or one text) with the line of each."""
    if key not in entries:
        return []
    node = entries[key][1]
    if isinstance(node, yaml.ScalarNode):
        items = [node] if node.value else []
    elif isinstance(node, yaml.SequenceNode):
        items = node.value
    else:
        items = [node]
    out = []
    for item in items:
        if not isinstance(item, yaml.ScalarNode):
            raise AccessFileError("access.err.shape", file=source, line=item.start_mark.line + 1,
                                  setting=f"{where}.{key}", expected="text")
        out.append((str(item.value).strip(), item.start_mark.line + 1))
    return out


# --- the [auth] settings and the address (checked by `maalbord serve` and by the app) --------------

REQUIRED_AUTH = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")


def provider_settings(section: dict) -> dict:
    """The provider's settings of an [auth] section: the section itself (one unnamed provider, as
    docs/access.md sets it up) or its only named sub-section ([auth.entra])."""
    named = [v for v in section.values() if isinstance(v, dict)]
    if len(named) == 1 and "client_id" not in section:
        return {**{k: v for k, v in section.items() if not isinstance(v, dict)}, **named[0]}
    return dict(section)


def auth_problems(section: dict) -> list[tuple[str, dict]]:
    """What is wrong with an [auth] section, as (text key, params): each names the setting."""
    settings = provider_settings(section)
    problems = [("auth.err.missing", {"setting": key}) for key in REQUIRED_AUTH
                if not str(settings.get(key) or "").strip()]
    secret = str(settings.get("cookie_secret") or "")
    if secret and len(secret) < 32:
        problems.append(("auth.err.secret_short", {}))
    return problems


def provider_unreachable(url: str, timeout: float = 3.0) -> str | None:
    """None when the provider's discovery document (server_metadata_url) answers with JSON naming
    an issuer, else a short reason."""
    import json
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 — the configured URL
            body = json.loads(response.read(1_000_000).decode("utf-8"))
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return type(exc).__name__ + (f": {exc.reason}" if getattr(exc, "reason", None) else "")
    if not isinstance(body, dict) or "issuer" not in body:
        return "no issuer in the answer"
    return None


def is_loopback(address: str | None) -> bool:
    """127.0.0.1, ::1, localhost — an address only this machine can reach. An empty address means
    every interface, so it is not."""
    import ipaddress

    address = (address or "").strip().strip("[]")
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False
