"""Terms the guide uses without defining them: glossary links, terms of art, abbreviations."""

from __future__ import annotations

import re

from .. import models
from .links import Published, internal_links, markdown_texts, owner_of, published_slugs
from .problems import Problem, problem_for

# Terms of art the guide relies on, with the glossary slugs that define them.
GLOSSARY_LIKE_PHRASES: dict[str, tuple[str, ...]] = {
    "adoption": ("adoption",),
    "spread": ("spread",),
    "scale": ("scale", "scaling"),
    "diffusion": ("diffusion",),
    "implementation": ("implementation",),
    "absorptive capacity": ("absorptive-capacity",),
    "adaptive space": ("adaptive-space",),
    "systems convening": ("systems-convening",),
    "extrinsic motivation": ("extrinsic-motivation",),
    "intrinsic motivation": ("intrinsic-motivation",),
    "complex adaptive system": ("complex-adaptive-system",),
    "fidelity": ("fidelity",),
    "sustainability": ("sustainability",),
    "early adopter": ("early-adopter", "adopter"),
    "tipping point": ("tipping-point",),
}
# Abbreviations every reader of NHS material knows; others must be spelled out or defined.
WELL_KNOWN_ABBREVIATIONS = frozenset({"NHS", "GP", "IT", "UK", "ECG", "GBP", "NICE"})
_ABBREVIATION = re.compile(r"\b([A-Z]{2,6})s?\b")


def _glossary_link_problems(published: Published) -> list[Problem]:
    out = []
    for obj, name, text in markdown_texts():
        for link in internal_links(text):
            path, _, anchor = link.partition("#")
            if path.rstrip("/") == "/glossary" and anchor and anchor not in published.glossary:
                where = obj._meta.get_field(name).verbose_name
                out.append(
                    problem_for(
                        owner_of(obj),
                        f"In its {where}: links to the glossary term '{anchor}', which is not "
                        "defined (or not published). Add the term or fix the link.",
                    )
                )
    return out


def _titles() -> str:
    names: list[str] = []
    for model, attr in (
        (models.Approach, "name"),
        (models.Method, "name"),
        (models.CaseExample, "title"),
        (models.Topic, "title"),
        (models.Principle, "name"),
        (models.Source, "title"),
    ):
        names += model.objects.values_list(attr, flat=True)
    return "\n".join(names)


def undefined_glossary_terms() -> list[Problem]:
    """Glossary links to missing terms, terms of art used but not in the glossary, and
    abbreviations never spelled out."""
    published = published_slugs()
    out = _glossary_link_problems(published)
    text = "\n".join(text for _, _, text in markdown_texts())
    lowered = text.lower()
    for phrase, slugs in GLOSSARY_LIKE_PHRASES.items():
        if any(slug in published.glossary for slug in slugs):
            continue
        if re.search(rf"\b{re.escape(phrase)}\b", lowered):
            out.append(
                Problem(
                    item=f"Term: {phrase}",
                    detail=f"'{phrase}' is used in the guide but has no glossary entry. "
                    "Define it in the glossary.",
                )
            )
    terms = {
        t.upper() for t in models.GlossaryTerm.objects.published().values_list("term", flat=True)
    }
    everything = text + "\n" + _titles()
    for abbreviation in sorted(set(_ABBREVIATION.findall(text))):
        if abbreviation in WELL_KNOWN_ABBREVIATIONS or abbreviation in terms:
            continue
        spelled_out = re.search(rf"\(\s*{abbreviation}s?\s*\)|\b{abbreviation}s?\s+\(", everything)
        if not spelled_out:
            out.append(
                Problem(
                    item=f"Abbreviation: {abbreviation}",
                    detail=f"'{abbreviation}' is used but never spelled out, e.g. "
                    f"'Full name ({abbreviation})', and is not in the glossary.",
                )
            )
    return out
