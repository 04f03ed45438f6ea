"""Texts for computed measures: refresh, kpi, demo, import microdata."""

DA: dict[str, str] = {
    "measures.refresh_done": "Beregnet til og med {as_of}: {computed} tal, {added} nye rækker ({superseded} erstatter ældre).",
    "measures.demo_done": "Syntetiske data (seed {seed}): {citizens} borgere, {enrolments} forløb, {spells} tilstandsforløb, "
                          "{events} hændelser, {progression} progressionsscorer på {seconds} s. Lageret er markeret som syntetisk.",
    "measures.import_done": "Mikrodata indlæst for {initiatives} indsats(er): {detail}.",
    "err.microdata_failed": "Mikrodata har {n} fejl; lageret er ikke ændret.",
    "err.microdata_dir": "mappen findes ikke eller mangler filen",
    "err.bool": "ikke en sandhedsværdi (brug true/false, ja/nej eller 1/0)",
    "err.score": "en score skal være et helt tal fra 1 til 5",
    "err.to_before_from": "slutdatoen ligger før startdatoen",
    "err.unknown_citizen": "borgeren findes ikke i citizens.csv",
    "err.duplicate_row": "står allerede i række {other}",
    "err.csv_line": "linjen kan ikke læses ({detail})",
    "err.too_few_fields": "rækken har {n} felter, overskriften {expected}",
    "err.not_utf8": "linjen er ikke UTF-8 (gem filen som CSV UTF-8)",
    "err.iso_date": "ikke en gyldig dato (brug ÅÅÅÅ-MM-DD)",
    "err.store_is_demo": ("lageret indeholder syntetiske demodata (maalbord demo), og rigtige mikrodata må ikke "
                          "blandes med dem. Opret et nyt lager til de rigtige data: maalbord --db STI init"),
    "err.store_has_real_microdata": ("lageret indeholder rigtige, importerede mikrodata, som demo ville erstatte. "
                                     "Lav demodata i et andet lager: maalbord --db demo.duckdb demo"),
    "err.demo_refused": "Demodata er ikke lavet; lageret er ikke ændret.",
    "err.semicolon": "filen er adskilt med semikolon; gem den som CSV med komma (CSV UTF-8)",
    "err.initiative_not_named": "indsatsen er ikke nævnt med --initiative",
}

EN: dict[str, str] = {
    "measures.refresh_done": "Computed up to {as_of}: {computed} figures, {added} new rows ({superseded} replace older ones).",
    "measures.demo_done": "Synthetic data (seed {seed}): {citizens} citizens, {enrolments} enrolments, {spells} spells, "
                          "{events} events, {progression} progression scores in {seconds} s. The store is marked synthetic.",
    "measures.import_done": "Microdata loaded for {initiatives} initiative(s): {detail}.",
    "err.microdata_failed": "Problems in the microdata: {n}; the store is unchanged.",
    "err.microdata_dir": "the folder does not exist or lacks the file",
    "err.bool": "not a boolean (use true/false, yes/no or 1/0)",
    "err.score": "a score must be a whole number from 1 to 5",
    "err.to_before_from": "the end date is before the start date",
    "err.unknown_citizen": "the citizen is not in citizens.csv",
    "err.duplicate_row": "already in row {other}",
    "err.csv_line": "the line cannot be read ({detail})",
    "err.too_few_fields": "the row has {n} fields, the header {expected}",
    "err.not_utf8": "the line is not UTF-8 (save the file as CSV UTF-8)",
    "err.iso_date": "not a valid date (use YYYY-MM-DD)",
    "err.store_is_demo": ("the store holds synthetic demo data (maalbord demo), and real microdata must not be "
                          "mixed with it. Create a new store for the real data: maalbord --db PATH init"),
    "err.store_has_real_microdata": ("the store holds real, imported microdata, which demo would replace. "
                                     "Make demo data in another store: maalbord --db demo.duckdb demo"),
    "err.demo_refused": "No demo data was made; the store is unchanged.",
    "err.semicolon": "the file is separated by semicolons; save it as comma-separated CSV (CSV UTF-8)",
    "err.initiative_not_named": "the initiative is not named with --initiative",
}
