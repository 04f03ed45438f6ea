"""The words of the domain the code names things by, each defined once: the states of a smiley and
the arms of a measurement. (The schema's CHECK constraints spell them too; Python code reads them
here.) Labels in words: texts `state.*` and `arm.*`."""

from __future__ import annotations

# a target's or an initiative's state, in the legend's order: 😊 😐 😞 ⚪ ❔
STATES = ("green", "yellow", "red", "none", "unsure")

# the group a measurement is of: everyone, a study's two groups, or the difference between them
ARMS = ("all", "treatment", "control", "effect")

# the two groups a study compares (microdata, progression scores)
STUDY_ARMS = ("treatment", "control")
