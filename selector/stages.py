"""The stage of development an intervention is at: one table, read by the rules that rule a
method out and by the reasons that score it, so the two never disagree."""

from __future__ import annotations

from .answers import Answers

# The stages of development an intervention is at, from its evidence and how far it has spread.
# Not answering how far it has spread ("") keeps the stages evidence alone gave before.
STAGES: dict[tuple[str, str], tuple[str, ...]] = {
    ("limited", ""): ("prototype", "testing"),
    ("limited", "none"): ("prototype", "testing"),
    ("limited", "one-site"): ("prototype", "testing"),
    ("limited", "few-sites"): ("testing",),
    ("limited", "many-sites"): ("testing",),
    ("promising", ""): ("testing", "early-adoption"),
    ("promising", "none"): ("testing", "early-adoption"),
    ("promising", "one-site"): ("testing", "early-adoption"),
    ("promising", "few-sites"): ("early-adoption", "spread"),
    ("promising", "many-sites"): ("spread", "sustain"),
    ("strong", ""): ("early-adoption", "spread", "sustain"),
    # Proven in trials but used in no routine service yet: early adoption, not yet the spread
    # stage where requirements and payment levers belong.
    ("strong", "none"): ("early-adoption",),
    ("strong", "one-site"): ("early-adoption", "spread"),
    ("strong", "few-sites"): ("early-adoption", "spread"),
    ("strong", "many-sites"): ("spread", "sustain"),
}


def stages_for(answers: Answers) -> tuple[str, ...]:
    return STAGES[(answers.evidence, answers.spread_so_far)]
