"""Owners (Data page), reminders by e-mail (maalbord remind) and the calendar (.ics) — issue 20."""

DA = {
    "err.mailbox": "ikke en e-mailadresse (form: navn@domæne.dk); brug en funktionspostkasse, ikke en persons adresse",
    "audit.action.owner_changed": "Ejer ændret",
    "audit.action.owner_override_removed": "Eget ejerskab fjernet",
    "err.no_override": "har intet eget ejerskab at fjerne (ejeren er allerede den nedarvede)",
    "data.owner_remove.target": "Fjern målets egen ejer (målet får indsatsens ejer)",
    "data.owner_remove.initiative": "Fjern indsatsens egen ejer (indsatsen får den ledende forvaltnings postkasse)",
    "data.owner_remove_button": "Fjern eget ejerskab",
    "audit.action.reminder_sent": "Påmindelse sendt",
    "data.form_owner": "Ejer af indsats eller mål",
    "data.owner_kind": "Hvad",
    "data.owner_kind.initiative": "Indsats",
    "data.owner_kind.target": "Mål",
    "data.owner_object": "Indsats eller mål",
    "data.administration": "Forvaltning",
    "data.mailbox": "Funktionspostkasse (e-mail)",
    "data.owner_current": "Nuværende ejer: {administration}, {mailbox} ({source}).",
    "data.owner_none": "Ingen ejer endnu.",
    "data.owner_source.target": "målets egen",
    "data.owner_source.initiative": "indsatsens ejer",
    "fu.calendar": "Hent kalender (.ics)",
    "fu.calendar_help": "Alle opfølgningsdatoer som heldagsbegivenheder; en ny import opdaterer i stedet for at "
                        "lave dubletter. Et abonnement, der holder sig opdateret: se nedenfor.",
    "fu.subscribe": "Abonnér i Outlook eller Google Calendar",
    "fu.subscribe_help": "Kopiér adressen. Outlook: Tilføj kalender → Abonnér fra internettet. Google Calendar: "
                         "Andre kalendere → + → Fra webadresse. Adressen er hemmelig: den, der har den, kan læse "
                         "kalenderen (måltekster og datoer, ingen borgerdata); del den ikke bredere end kalenderen. "
                         "Kalenderprogrammet henter ændringer selv (Google ofte først efter flere timer).",
    "fu.subscribe_none": "Der er endnu ingen abonnementsadresse for dette valg; en dataansvarlig kan oprette den.",
    "fu.subscribe_none_steward": "Ingen abonnementsadresse for dette valg endnu.",
    "fu.subscribe_create": "Opret abonnementsadresse",
    "fu.subscribe_replace": "Ny adresse (den gamle holder op med at virke)",
    "fu.subscribe_revoke": "Luk adressen",
    "audit.action.calendar_feed_created": "Kalenderadresse oprettet",
    "audit.action.calendar_feed_replaced": "Kalenderadresse udskiftet",
    "audit.action.calendar_feed_revoked": "Kalenderadresse lukket",
    "fu.calendar_committee": "Udvalg i kalenderen",
    "fu.all_committees": "Alle udvalg",
    "cal.summary": "Opfølgning: {target}",
    "cal.description": "Mål: {text}\nIndsats: {initiative}\nUdvalg: {committee}\nOpfølgning pr. {due}.\n{url}",
    "remind.subject": "Målbord: {n} opfølgning(er) mangler tal ({mailbox})",
    "remind.steward_subject": "Målbord: {n} måleperiode(r) uden tal — oversigt til datapleje",
    "remind.greeting": "Til {mailbox} ({administration})",
    "remind.intro": "Følgende mål, som I ejer, skal følges op, og der er endnu ikke indberettet tal for perioden:",
    "remind.steward_intro": "Måleperioder uden tal pr. {today} (alle ejere):",
    "remind.overdue": "Overskredne opfølgninger",
    "remind.due_soon": "Opfølgninger de næste {days} dage",
    "remind.item": "{due}: {target} (indsats: {initiative}; periode {start} – {due}) — {url}",
    "remind.item_owner": "{due}: {target} (ejer: {mailbox}; indsats: {initiative}) — {url}",
    "remind.footer": "Indberet tallet på siden Datapleje i Målbord eller med maalbord import. Denne e-mail er sendt "
                     "automatisk af maalbord remind; hver opfølgning nævnes kun én gang.",
    "remind.would_send": "Ville sende til {to}: {subject}",
    "remind.sent": "Sendt til {to}: {subject}",
    "remind.nothing": "Intet at sende pr. {today}.",
    "remind.summary": "{n} e-mail(s) sendt.",
    "remind.err.config": "Indstillingen {setting} mangler eller er ugyldig ({value}); se docs/followup.md.",
    "remind.err.unreachable": "SMTP-serveren {host}:{port} kan ikke nås ({reason}). Tjek indstillingerne "
                              "MAALBORD_SMTP_HOST og MAALBORD_SMTP_PORT. Intet er markeret som sendt.",
    "remind.err.refused": "SMTP-serveren {host}:{port} afviste e-mailen til {to} ({reason}). Tjek "
                          "MAALBORD_SMTP_FROM, MAALBORD_SMTP_USER/MAALBORD_SMTP_PASSWORD og modtageren. "
                          "Denne e-mail er ikke markeret som sendt.",
    "remind.err.auth": "SMTP-serveren {host}:{port} afviste login ({reason}). Tjek MAALBORD_SMTP_USER og "
                       "MAALBORD_SMTP_PASSWORD. Intet er markeret som sendt.",
    "remind.err.tls": "STARTTLS mod {host}:{port} mislykkedes ({reason}). Tjek MAALBORD_SMTP_STARTTLS og "
                      "(et certifikat fra kommunens egen CA) MAALBORD_SMTP_CAFILE. "
                      "Intet er markeret som sendt.",
    "calendar.written": "{n} opfølgningsdatoer skrevet til {out}.",
    "calendar.no_address": "Der er ingen abonnementsadresse for dette valg.",
    "calendar.revoked": "Adressen er lukket; den svarer nu 404.",
}

EN = {
    "err.mailbox": "not an e-mail address (form: name@domain.dk); use a functional mailbox, not a person's address",
    "audit.action.owner_changed": "Owner changed",
    "audit.action.owner_override_removed": "Own owner removed",
    "err.no_override": "has no owner of its own to remove (the owner is already the inherited one)",
    "data.owner_remove.target": "Remove the target's own owner (the target gets its initiative's owner)",
    "data.owner_remove.initiative": "Remove the initiative's own owner (it gets its lead administration's mailbox)",
    "data.owner_remove_button": "Remove own owner",
    "audit.action.reminder_sent": "Reminder sent",
    "data.form_owner": "Owner of an initiative or target",
    "data.owner_kind": "What",
    "data.owner_kind.initiative": "Initiative",
    "data.owner_kind.target": "Target",
    "data.owner_object": "Initiative or target",
    "data.administration": "Administration",
    "data.mailbox": "Functional mailbox (e-mail)",
    "data.owner_current": "Current owner: {administration}, {mailbox} ({source}).",
    "data.owner_none": "No owner yet.",
    "data.owner_source.target": "the target's own",
    "data.owner_source.initiative": "the initiative's owner",
    "fu.calendar": "Download calendar (.ics)",
    "fu.calendar_help": "Every follow-up date as an all-day event; importing again updates instead of duplicating. "
                        "A subscription that keeps itself current: see below.",
    "fu.subscribe": "Subscribe in Outlook or Google Calendar",
    "fu.subscribe_help": "Copy the address. Outlook: Add calendar → Subscribe from web. Google Calendar: Other "
                         "calendars → + → From URL. The address is secret: whoever has it can read the calendar "
                         "(target texts and dates, no citizen data); share it no wider than the calendar. The "
                         "calendar program fetches changes itself (Google often only after several hours).",
    "fu.subscribe_none": "There is no subscription address for this choice yet; a data steward can make one.",
    "fu.subscribe_none_steward": "No subscription address for this choice yet.",
    "fu.subscribe_create": "Make a subscription address",
    "fu.subscribe_replace": "New address (the old one stops working)",
    "fu.subscribe_revoke": "Close the address",
    "audit.action.calendar_feed_created": "Calendar address made",
    "audit.action.calendar_feed_replaced": "Calendar address replaced",
    "audit.action.calendar_feed_revoked": "Calendar address closed",
    "fu.calendar_committee": "Committee in the calendar",
    "fu.all_committees": "All committees",
    "cal.summary": "Follow-up: {target}",
    "cal.description": "Target: {text}\nInitiative: {initiative}\nCommittee: {committee}\nFollow-up as of {due}.\n{url}",
    "remind.subject": "Målbord: {n} follow-up(s) lack figures ({mailbox})",
    "remind.steward_subject": "Målbord: {n} measurement period(s) with no figure — data steward digest",
    "remind.greeting": "To {mailbox} ({administration})",
    "remind.intro": "These targets you own are due for follow-up and no figure has been reported for the period yet:",
    "remind.steward_intro": "Measurement periods with no figure as of {today} (all owners):",
    "remind.overdue": "Overdue follow-ups",
    "remind.due_soon": "Follow-ups in the next {days} days",
    "remind.item": "{due}: {target} (initiative: {initiative}; period {start} – {due}) — {url}",
    "remind.item_owner": "{due}: {target} (owner: {mailbox}; initiative: {initiative}) — {url}",
    "remind.footer": "Report the figure on Målbord's Data page or with maalbord import. This e-mail was sent "
                     "automatically by maalbord remind; each follow-up is mentioned once.",
    "remind.would_send": "Would send to {to}: {subject}",
    "remind.sent": "Sent to {to}: {subject}",
    "remind.nothing": "Nothing to send as of {today}.",
    "remind.summary": "{n} e-mail(s) sent.",
    "remind.err.config": "The setting {setting} is missing or invalid ({value}); see docs/followup.md.",
    "remind.err.unreachable": "The SMTP server {host}:{port} cannot be reached ({reason}). Check the settings "
                              "MAALBORD_SMTP_HOST and MAALBORD_SMTP_PORT. Nothing was marked as sent.",
    "remind.err.refused": "The SMTP server {host}:{port} refused the e-mail to {to} ({reason}). Check "
                          "MAALBORD_SMTP_FROM, MAALBORD_SMTP_USER/MAALBORD_SMTP_PASSWORD and the recipient. "
                          "That e-mail was not marked as sent.",
    "remind.err.auth": "The SMTP server {host}:{port} refused the login ({reason}). Check MAALBORD_SMTP_USER and "
                       "MAALBORD_SMTP_PASSWORD. Nothing was marked as sent.",
    "remind.err.tls": "STARTTLS with {host}:{port} failed ({reason}). Check MAALBORD_SMTP_STARTTLS and "
                      "(a certificate from the municipality's own CA) MAALBORD_SMTP_CAFILE. "
                      "Nothing was marked as sent.",
    "calendar.written": "{n} follow-up dates written to {out}.",
    "calendar.no_address": "There is no subscription address for this choice.",
    "calendar.revoked": "The address is closed; it now answers 404.",
}
