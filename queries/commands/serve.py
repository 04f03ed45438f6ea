"""maalbord serve — start the app (the installed dashboard/app.py) with streamlit, on this store."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path


def app_path() -> Path:
    """dashboard/app.py of the installed (or checked-out) package — found without importing it."""
    spec = importlib.util.find_spec("dashboard")
    return Path(next(iter(spec.submodule_search_locations))) / "app.py"


def register(sub) -> None:
    p = sub.add_parser("serve", help="start appen på http://localhost:8501 (start the app)",
                       description="Start Målbord-appen med streamlit på lageret ($MAALBORD_DB eller --db). "
                                   "(Starts the app on the store.)")
    p.add_argument("--port", type=int, default=8501, help="port (standard 8501)")
    p.add_argument("--address", default=None, help="adresse at lytte på, fx 0.0.0.0 (address to listen on)")
    p.set_defaults(func=run)


def run(args) -> int:
    env = dict(os.environ)
    if args.db:
        env["MAALBORD_DB"] = str(Path(args.db).resolve())
    cmd = [sys.executable, "-m", "streamlit", "run", str(app_path()), "--server.port", str(args.port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    if args.address:
        cmd += ["--server.address", args.address]
    sys.stdout.flush()
    os.execve(sys.executable, cmd, env)  # the server replaces this process (Ctrl+C stops it)
    return 0  # not reached
