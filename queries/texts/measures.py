"""Texts for computed measures: refresh, kpi, demo, import microdata."""

DA: dict[str, str] = {
    "measures.refresh_done": "Beregnet til og med {as_of}: {computed} tal, {added} nye rækker ({superseded} erstatter ældre).",
    "measures.demo_done": "Syntetiske data (seed {seed}): {citizens} borgere, {enrolments} forløb, {spells} tilstandsforløb, "
                          "{events} hændelser, {progression} progressionsscorer på {seconds} s. Lageret er markeret som syntetisk.",
    "measures.import_done": "Mikrodata indlæst for {initiatives} indsats(er): {detail}.",
    "err.microdata_failed": "Mikrodata har {n} fejl; lageret er ikke ændret.",
    "err.microdata_dir": "mappen findes ikke eller mangler filen",
    "err.bool": "ikke en sandhedsværdi (brug true/false)",
    "err.score": "en score skal være et helt tal fra 1 til 5",
    "err.to_before_from": "slutdatoen ligger før startdatoen",
    "err.unknown_citizen": "borgeren findes ikke i citizens.csv",
}

EN: dict[str, str] = {
    "measures.refresh_done": "Computed up to {as_of}: {computed} figures, {added} new rows ({superseded} replace older ones).",
    "measures.demo_done": "Synthetic data (seed {seed}): {citizens} citizens, {enrolments} enrolments, {spells} spells, "
                          "{events} events, {progression} progression scores in {seconds} s. The store is marked synthetic.",
    "measures.import_done": "Microdata loaded for {initiatives} initiative(s): {detail}.",
    "err.microdata_failed": "The microdata has {n} problems; the store is unchanged.",
    "err.microdata_dir": "the folder does not exist or lacks the file",
    "err.bool": "not a boolean (use true/false)",
    "err.score": "a score must be a whole number from 1 to 5",
    "err.to_before_from": "the end date is before the start date",
    "err.unknown_citizen": "the citizen is not in citizens.csv",
}
