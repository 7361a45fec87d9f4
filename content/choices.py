"""The guide's vocabulary. The engine, the wizard and the content files all use these values.

Each scale is listed from the least to the most, so a value's place is its order: the engine
compares what a method needs with what a plan has by these places (``positions``).
"""

from __future__ import annotations

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Kind(models.TextChoices):
    METHOD = "method", "Method"
    LEVER = "lever", "Lever"


class Stage(models.TextChoices):
    PROTOTYPE = "prototype", "Prototype"
    TESTING = "testing", "Testing"
    EARLY_ADOPTION = "early-adoption", "Early adoption"
    SPREAD = "spread", "Spread"
    SUSTAIN = "sustain", "Sustain"


class Level(models.TextChoices):
    LOCAL = "local", "Local"
    REGIONAL = "regional", "Regional"
    NATIONAL = "national", "National"


class AudienceSize(models.TextChoices):
    SMALL = "small", "Small (a few teams or sites)"
    MEDIUM = "medium", "Medium (one organisation or system)"
    LARGE = "large", "Large (many organisations)"


class Audience(models.TextChoices):
    CLINICIANS = "clinicians", "Clinicians"
    MANAGERS = "managers", "Managers"
    COMMISSIONERS = "commissioners", "Commissioners"
    PATIENTS_PUBLIC = "patients-public", "Patients and the public"
    VOLUNTARY_SECTOR = "voluntary-sector", "Voluntary sector"
    INDUSTRY = "industry", "Industry"


class Complexity(models.TextChoices):
    SIMPLE = "simple", "Simple"
    COMPLICATED = "complicated", "Complicated"
    COMPLEX = "complex", "Complex"


class Motivation(models.TextChoices):
    EXTRINSIC = "extrinsic", "Extrinsic"
    INTRINSIC = "intrinsic", "Intrinsic"
    MIXED = "mixed", "Mixed"


class Amount(models.TextChoices):
    """How much of something (money, people, energy) a method needs."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Energy(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


class Timescale(models.TextChoices):
    SHORT = "short", "Short (under 6 months)"
    MEDIUM = "medium", "Medium (6 to 18 months)"
    LONG = "long", "Long (over 18 months)"


class Evidence(models.TextChoices):
    """How strong the evidence for an intervention is (a planning answer)."""

    LIMITED = "limited", "Limited"
    PROMISING = "promising", "Promising"
    STRONG = "strong", "Strong"


class Capacity(models.TextChoices):
    """People and skills a plan has (a planning answer); methods need an ``Amount``."""

    LIMITED = "limited", "Limited"
    MODERATE = "moderate", "Moderate"
    SUBSTANTIAL = "substantial", "Substantial"


class Funding(models.TextChoices):
    NONE = "none", "None"
    LIMITED = "limited", "Limited"
    SUBSTANTIAL = "substantial", "Substantial"


class ConsiderationTopic(models.TextChoices):
    STAGE = "stage", "Stage of development"
    AUDIENCE = "audience", "Audience and scale"
    RESOURCES = "resources", "Resources needed"
    TIMEFRAME = "timeframe", "Timeframe"
    OTHER = "other", "Other"


class Sequencing(models.TextChoices):
    CONCURRENT = "concurrent", "Concurrent"
    SEQUENTIAL = "sequential", "Sequential"
    MIXED = "mixed", "Concurrent and sequential"


def positions(*scales: type[models.TextChoices]) -> dict[str, int]:
    """Each value's place on its scale (0 is the least), for several scales at once.

    A value shared by two scales ("medium", "limited") must sit at the same place on both, so
    one lookup serves them all; a scale that breaks this is refused here, not mis-scored later.
    """
    found: dict[str, int] = {}
    for scale in scales:
        for place, value in enumerate(scale.values):
            if found.setdefault(value, place) != place:
                raise ValueError(f"'{value}' sits at different places on two scales.")
    return found


class Function(models.TextChoices):
    """The job a method does in a spread plan: a plan is composed to cover the jobs it needs."""

    SIGNAL = "signal", "Signal the priority"
    PROVE = "prove", "Prove it works"
    CAPABILITY = "capability", "Build capability"
    IMPLEMENTATION = "implementation", "Support implementation"
    CONNECT = "connect", "Connect peers"
    INCENTIVISE = "incentivise", "Fund or incentivise"
    MANDATE = "mandate", "Mandate or assure"
    MEASURE = "measure", "Measure and feed back"


FUNCTION = Function


class Lead(models.TextChoices):
    """Who leads the spread, and so which levers are in their hands."""

    PROVIDER = "provider", "A provider team or organisation"
    COMMISSIONER = "commissioner", "A commissioner or integrated care board"
    NETWORK = "network", "A partnership, Health Innovation Network or region"
    NATIONAL = "national", "A national body"
    SUPPLIER = "supplier", "A supplier or company"
    VOLUNTARY_SECTOR = "voluntary-sector", "A voluntary or community organisation"


class SpreadSoFar(models.TextChoices):
    """How far an intervention is in routine use already (a planning answer), least first."""

    NONE = "none", "Nowhere yet"
    ONE_SITE = "one-site", "One site"
    FEW_SITES = "few-sites", "A few sites"
    MANY_SITES = "many-sites", "Many sites"


class InterventionKind(models.TextChoices):
    """What kind of thing is spreading: some levers only make sense for some kinds."""

    DIGITAL = "digital", "Digital"
    PRODUCT = "product", "Product (medicine, device, diagnostic)"
    CARE_MODEL = "care-model", "Care model (pathway or service model)"
    WORKFORCE = "workforce", "Workforce (a role or way of working)"
    PRACTICE = "practice", "Practice (a clinical or behavioural practice)"
