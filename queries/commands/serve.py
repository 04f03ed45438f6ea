"""maalbord serve — start the dashboard (`streamlit run dashboard/server.py`: app.py plus the
subscribable calendar's route, see dashboard/server.py) after checking that it
may start: without [auth] in secrets.toml only on a loopback address (local mode); with [auth],
only with every setting present, a readable access file and a provider that answers. A problem
prints a message naming the setting and exits 2 — before anything listens on the network."""

from __future__ import annotations

import importlib.util
import os
import sys
import tomllib
from pathlib import Path

from queries import access
from queries.texts import t



def app_path() -> Path:
    """dashboard/app.py of the installed (or checked-out) package — found without importing it."""
    spec = importlib.util.find_spec("dashboard")
    return Path(next(iter(spec.submodule_search_locations))) / "app.py"


def server_path() -> Path:
    """dashboard/server.py: what `streamlit run` starts (the app and the calendar feed's route)."""
    return app_path().with_name("server.py")


def register(sub) -> None:
    p = sub.add_parser(
        "serve", help="start dashboardet (start the dashboard; see docs/access.md)",
        description="Start Målbord i browseren. Uden [auth] i secrets.toml kun på 127.0.0.1 (lokal tilstand); "
                    "med login tjekkes indstillinger, adgangsfil og login-tjeneste først. "
                    "(Start the dashboard; without [auth] only on 127.0.0.1. See docs/access.md.)")
    p.add_argument("--address", default="127.0.0.1", help="adressen der lyttes på (standard 127.0.0.1)")
    p.add_argument("--port", type=int, default=8501, help="port (standard 8501)")
    p.add_argument("--secrets", help="secrets.toml med [auth] (standard: .streamlit/secrets.toml, "
                                     "~/.streamlit/secrets.toml)")
    p.add_argument("--check", action="store_true", help="tjek kun opsætningen, start ikke (check only)")
    p.set_defaults(func=run)


def secrets_files(explicit: str | None) -> list[Path]:
    if explicit:
        return [Path(explicit)]
    return [p for p in (Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml")
            if p.exists()]


def auth_section(files: list[Path]) -> dict | None:
    section = None
    for path in files:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        if "auth" in data:
            section = data["auth"]
    return section


def problems(address: str, section: dict | None, lang: str) -> list[str]:
    """What keeps Målbord from starting, each message naming its setting."""
    if section is None:
        if not access.is_loopback(address):
            return [t("auth.err.not_loopback", lang, address=address)]
        return []
    found = [t(code, lang, **params) for code, params in access.auth_problems(section)]
    try:
        access.load()
    except access.AccessFileError as exc:
        found.append(exc.message(lang))
    url = access.provider_settings(section).get("server_metadata_url")
    if url and not found:
        reason = access.provider_unreachable(str(url))
        if reason:
            found.append(t("auth.err.unreachable", lang, url=url, detail=reason))
    return found


def run(args) -> int:
    files = secrets_files(args.secrets)
    try:
        section = auth_section(files)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        print(f"secrets.toml: {exc}", file=sys.stderr)
        return 2
    found = problems(args.address, section, args.lang)
    if found:
        for line in found:
            print(line, file=sys.stderr)
        return 2
    sys.stdout.flush()
    mode = t("auth.local_marker", args.lang) if section is None else "OpenID Connect"
    print(f"Målbord: http://{args.address}:{args.port} ({mode})", file=sys.stderr)
    if args.check:
        return 0
    command = [sys.executable, "-m", "streamlit", "run", str(server_path()),
               "--server.address", args.address, "--server.port", str(args.port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    if section is not None:  # production: no Deploy button, no developer menu, no error details
        command += ["--client.toolbarMode", "viewer", "--client.showErrorDetails", "none"]
    if args.secrets:
        command += ["--secrets.files", str(Path(args.secrets).resolve())]
    env = os.environ | ({"MAALBORD_DB": str(Path(args.db).resolve())} if args.db else {})
    os.execve(sys.executable, command, env)
    return 0  # (not reached)
