"""Progression texts: the Indsats page's section on the sub-goals' progression scores (1–5)."""

DA: dict[str, str] = {
    "prog.title": "Progression (delmål)",
    "prog.caption": "Progressionsscorer 1–5 (1 lavest, 5 højest) for delmålene, målt med progressionsværktøjet: "
                    "gennemsnit pr. kvartal regnet fra borgerens forløbsstart (0 = de første tre måneder), "
                    "indsatsgruppe og kontrolgruppe hver for sig. Delmålene har ingen måltal.",
    "prog.synthetic": "Scorerne er syntetiske (demodata), ikke virkelige vurderinger.",
    "prog.no_target": "Dimension uden delmål: {dimension}",
    "prog.small": "Punkter med færre end {limit} borgere vises ikke; antal under {limit} vises som <{limit}.",
    "prog.quarter": "Kvartal efter start",
    "prog.score": "Gns. score (1–5)",
    "prog.sub_goal": "Delmål",
    "prog.dimension": "Dimension",
    "prog.n_4_5": "Score 4–5",
}

EN: dict[str, str] = {
    "prog.title": "Progression (sub-goals)",
    "prog.caption": "Progression scores 1–5 (1 lowest, 5 highest) for the sub-goals, measured with the progression "
                    "tool: mean per quarter counted from the citizen's enrolment start (0 = the first three months), "
                    "treatment and control group separately. The sub-goals have no target value.",
    "prog.synthetic": "The scores are synthetic (demo data), not real assessments.",
    "prog.no_target": "Dimension without a sub-goal: {dimension}",
    "prog.small": "Points with fewer than {limit} citizens are not shown; counts below {limit} show as <{limit}.",
    "prog.quarter": "Quarter since start",
    "prog.score": "Mean score (1–5)",
    "prog.sub_goal": "Sub-goal",
    "prog.dimension": "Dimension",
    "prog.n_4_5": "Score 4–5",
}
