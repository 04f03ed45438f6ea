"""Texts of the Administration page (admin role): access file, backup, restore."""

DA: dict[str, str] = {
    "admin.page": "Administration",
    "admin.title": "Administration",
    "admin.access": "Adgangsfil",
    "admin.access_local": "Lokal tilstand: adgangsfilen bruges først, når login er sat op (docs/access.md). "
                          "Her kan den kontrolleres på forhånd.",
    "admin.access_file": "Fil: {file} · senest ændret {changed}",
    "admin.access_claim": "Roller læses fra ID-tokenets claim '{claim}'; et login gælder i {hours} timer. "
                          "En bruger, hvis grupper ikke står her, har ingen adgang.",
    "admin.col.group": "Gruppe",
    "admin.col.roles": "Roller",
    "admin.col.committees": "Udvalg",
    "admin.reload": "Genindlæs adgangsfilen",
    "admin.reloaded": "Adgangsfilen er læst igen; den gælder fra brugernes næste klik.",
    "admin.backup": "Backup",
    "admin.backup_help": "Hele lageret som én zip-fil: hver tabel som Parquet og et manifest med rækketal, "
                         "skemaversion og SHA-256 pr. fil (samme format som 'maalbord export').",
    "admin.backup_make": "Lav backup nu",
    "admin.backup_download": "Hent {file}",
    "admin.restore": "Gendan fra backup",
    "admin.restore_help": "Erstatter hele lageret med en backup. Lageret, som det er nu, gemmes først som "
                          "backup i mappen backups/ ved siden af lageret, så intet går tabt.",
    "admin.restore_file": "Backup-fil (.zip)",
    "admin.restore_summary": "{file}: lavet {at} af {by} · {tables} tabeller, {rows} rækker, skemaversion "
                             "{version}. Alle filers SHA-256 stemmer.",
    "admin.restore_word": "GENDAN",
    "admin.restore_confirm": "Skriv {word} for at erstatte lageret",
    "admin.restore_go": "Erstat lageret med backuppen",
    "admin.restored": "Lageret er gendannet: {tables} tabeller, {rows} rækker.",
    "admin.restore_kept": "Lageret, som det var før, er gemt i {path}.",
    "err.restore_not_zip": "Filen {file} er ikke en zip-fil fra Målbords backup.",
}

EN: dict[str, str] = {
    "admin.page": "Administration",
    "admin.title": "Administration",
    "admin.access": "Access file",
    "admin.access_local": "Local mode: the access file applies once sign-in is set up (docs/access.md). "
                          "It can be checked here beforehand.",
    "admin.access_file": "File: {file} · last changed {changed}",
    "admin.access_claim": "Roles are read from the ID token's claim '{claim}'; a sign-in lasts {hours} hours. "
                          "A user none of whose groups is listed here has no access.",
    "admin.col.group": "Group",
    "admin.col.roles": "Roles",
    "admin.col.committees": "Committees",
    "admin.reload": "Reload the access file",
    "admin.reloaded": "The access file was read again; it applies from the users' next click.",
    "admin.backup": "Backup",
    "admin.backup_help": "The whole store as one zip file: every table as Parquet and a manifest with row "
                         "counts, schema version and SHA-256 per file (the format of 'maalbord export').",
    "admin.backup_make": "Make a backup now",
    "admin.backup_download": "Download {file}",
    "admin.restore": "Restore from a backup",
    "admin.restore_help": "Replaces the whole store by a backup. The store as it is now is first saved as a "
                          "backup in the folder backups/ next to the store, so nothing is lost.",
    "admin.restore_file": "Backup file (.zip)",
    "admin.restore_summary": "{file}: made {at} by {by} · {tables} tables, {rows} rows, schema version "
                             "{version}. Every file's SHA-256 matches.",
    "admin.restore_word": "RESTORE",
    "admin.restore_confirm": "Type {word} to replace the store",
    "admin.restore_go": "Replace the store by the backup",
    "admin.restored": "The store was restored: {tables} tables, {rows} rows.",
    "admin.restore_kept": "The store as it was before is kept in {path}.",
    "err.restore_not_zip": "The file {file} is not a zip file from Målbord's backup.",
}
