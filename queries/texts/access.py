"""Texts of sign-in, roles and the access file (queries/access.py, dashboard/auth.py, maalbord serve)."""

DA: dict[str, str] = {
    # the access file
    "access.err.missing_file": "Adgangsfilen {file} findes ikke (indstillingen MAALBORD_ACCESS peger på den).",
    "access.err.yaml": "Adgangsfilen {file}, linje {line}: ikke gyldig YAML ({detail}).",
    "access.err.shape": "Adgangsfilen {file}, linje {line}, indstillingen {setting}: forventede {expected}.",
    "access.err.unknown_key": "Adgangsfilen {file}, linje {line}: ukendt indstilling {setting} (kendte: {known}).",
    "access.err.version": "Adgangsfilen {file}, linje {line}: version {version} kendes ikke (kun 1).",
    "access.err.session_hours": "Adgangsfilen {file}, linje {line}, indstillingen session_hours: "
                                "'{value}' er ikke et positivt antal timer.",
    "access.err.required": "Adgangsfilen {file}, linje {line}: indstillingen {setting} mangler.",
    "access.err.unknown_role": "Adgangsfilen {file}, linje {line}, indstillingen {setting}: ukendt rolle "
                               "'{role}' (kendte roller: {known}).",
    "access.err.committees": "Adgangsfilen {file}, linje {line}: gruppen {group} har rollen udvalg, men "
                             "indstillingen {setting} mangler (hvilke udvalgs runder må den læse?).",
    # configuration ([auth] in secrets.toml)
    "auth.err.missing": "Login er slået til ([auth] i secrets.toml), men indstillingen [auth] {setting} mangler.",
    "auth.err.secret_short": "Indstillingen [auth] cookie_secret er for kort: brug mindst 32 tilfældige tegn.",
    "auth.err.unreachable": "Login-tjenesten svarer ikke: indstillingen [auth] server_metadata_url ({url}) "
                            "kunne ikke hentes ({detail}).",
    "auth.err.not_loopback": "Målbord er startet uden login på adressen '{address}'. Uden [auth] i "
                             "secrets.toml må Målbord kun køre på din egen maskine (127.0.0.1 / localhost). "
                             "Sæt login op (docs/access.md) eller start på 127.0.0.1.",
    # pages
    "auth.local_marker": "Lokal tilstand — ingen login",
    "auth.local_help": "Kun på denne maskine (127.0.0.1). Sæt login op før Målbord kommer på netværket: docs/access.md.",
    "auth.signin.title": "Log ind på Målbord",
    "auth.signin.text": "Målbord viser mål, status og rapporter for kommunens indsatser. Log ind med din "
                        "bruger fra kommunen.",
    "auth.signin.refused": "Kom du tilbage hertil lige efter at have logget ind, blev login afvist eller "
                           "afbrudt hos login-tjenesten (fx annulleret, forkert bruger eller ingen tilladelse "
                           "til Målbord). Prøv igen, eller kontakt kommunens IT-support.",
    "auth.signin.button": "Log ind",
    "auth.signed_in_as": "Logget ind som **{name}**",
    "auth.roles": "Roller: {roles}",
    "auth.signout": "Log ud",
    "auth.no_roles.title": "Ingen adgang til Målbord",
    "auth.no_roles.text": "Du er logget ind som {name}, men din bruger har ingen rolle i Målbord. Bed din "
                          "leder eller Målbords administrator om adgang (gruppen skal stå i adgangsfilen).",
    "auth.denied.title": "Ingen adgang",
    "auth.denied.text": "Din rolle giver ikke adgang til denne side. Vælg en af siderne i menuen.",
    "auth.down.title": "Login er ikke muligt lige nu",
    "auth.down.text": "Kommunens login-tjeneste svarer ikke. Prøv igen om lidt; vedvarer det, så kontakt IT.",
    "auth.retry": "Prøv igen",
    "auth.config.title": "Målbord er ikke sat rigtigt op",
    "auth.expired.title": "Din session er udløbet",
    "auth.expired.text": "Du loggede ind for mere end {hours} timer siden. Log ind igen.",
    "auth.expired.button": "Log ind igen",
    "auth.user_field_locked": "Logges som den indloggede bruger.",
    "auth.committees": "Udvalg: {committees}",
    "sql.err.microdata": "Tabellen {table} findes ikke i dit arbejdsbord: borgerdata (mikrodata) kræver "
                         "rollen analytiker-mikrodata. Du arbejder på den publicerede kopi med de samlede tal.",
    "sql.published_note": "Du arbejder på den publicerede kopi af lageret: alle samlede tabeller og views, ingen borgerdata (rollen analytiker-mikrodata giver dem).",
}

EN: dict[str, str] = {
    "access.err.missing_file": "The access file {file} does not exist (the setting MAALBORD_ACCESS points to it).",
    "access.err.yaml": "The access file {file}, line {line}: not valid YAML ({detail}).",
    "access.err.shape": "The access file {file}, line {line}, setting {setting}: expected {expected}.",
    "access.err.unknown_key": "The access file {file}, line {line}: unknown setting {setting} (known: {known}).",
    "access.err.version": "The access file {file}, line {line}: version {version} is unknown (only 1).",
    "access.err.session_hours": "The access file {file}, line {line}, setting session_hours: "
                                "'{value}' is not a positive number of hours.",
    "access.err.required": "The access file {file}, line {line}: the setting {setting} is missing.",
    "access.err.unknown_role": "The access file {file}, line {line}, setting {setting}: unknown role "
                               "'{role}' (known roles: {known}).",
    "access.err.committees": "The access file {file}, line {line}: the group {group} has the role udvalg, but "
                             "the setting {setting} is missing (whose rounds may it read?).",
    "auth.err.missing": "Sign-in is on ([auth] in secrets.toml), but the setting [auth] {setting} is missing.",
    "auth.err.secret_short": "The setting [auth] cookie_secret is too short: use at least 32 random characters.",
    "auth.err.unreachable": "The sign-in service does not answer: the setting [auth] server_metadata_url ({url}) "
                            "could not be fetched ({detail}).",
    "auth.err.not_loopback": "Målbord was started without sign-in on the address '{address}'. Without [auth] in "
                             "secrets.toml Målbord may only run on your own machine (127.0.0.1 / localhost). "
                             "Set up sign-in (docs/access.md) or start on 127.0.0.1.",
    "auth.local_marker": "Local mode — no sign-in",
    "auth.local_help": "Only on this machine (127.0.0.1). Set up sign-in before Målbord goes on the network: docs/access.md.",
    "auth.signin.title": "Sign in to Målbord",
    "auth.signin.text": "Målbord shows the targets, status and reports of the municipality's initiatives. Sign in "
                        "with your municipal user.",
    "auth.signin.refused": "If you came back here right after signing in, the sign-in was refused or "
                           "cancelled at the identity provider (e.g. cancelled, wrong user or no permission "
                           "for Målbord). Try again, or contact the municipality's IT support.",
    "auth.signin.button": "Sign in",
    "auth.signed_in_as": "Signed in as **{name}**",
    "auth.roles": "Roles: {roles}",
    "auth.signout": "Sign out",
    "auth.no_roles.title": "No access to Målbord",
    "auth.no_roles.text": "You are signed in as {name}, but your user has no role in Målbord. Ask your manager "
                          "or Målbord's administrator for access (the group must be in the access file).",
    "auth.denied.title": "No access",
    "auth.denied.text": "Your role does not give access to this page. Choose one of the pages in the menu.",
    "auth.down.title": "Sign-in is not possible right now",
    "auth.down.text": "The municipality's sign-in service does not answer. Try again shortly; if it persists, "
                      "contact IT.",
    "auth.retry": "Try again",
    "auth.config.title": "Målbord is not set up correctly",
    "auth.expired.title": "Your session has expired",
    "auth.expired.text": "You signed in more than {hours} hours ago. Sign in again.",
    "auth.expired.button": "Sign in again",
    "auth.user_field_locked": "Logged as the signed-in user.",
    "auth.committees": "Committees: {committees}",
    "sql.err.microdata": "The table {table} does not exist in your workbench: citizen-level data (microdata) needs "
                         "the role analytiker-mikrodata. You work on the published copy with the aggregate figures.",
    "sql.published_note": "You work on the published copy of the store: every aggregate table and view, no citizen-level data (the role analytiker-mikrodata gives them).",
}
