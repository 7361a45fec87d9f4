from django import forms

from .choices import Complexity, Level, Motivation


def _with_any(choices: list[tuple[str, str]], label: str) -> list[tuple[str, str]]:
    return [("", label), *choices]


class MethodFilterForm(forms.Form):
    """Narrow the approaches and methods shown. Submitted by GET, so results can be shared."""

    level = forms.ChoiceField(
        label="System level",
        required=False,
        choices=_with_any(Level.choices, "Any level"),
    )
    motivation = forms.ChoiceField(
        label="Motivation",
        required=False,
        choices=_with_any(
            [(Motivation.EXTRINSIC, "Extrinsic"), (Motivation.INTRINSIC, "Intrinsic")],
            "Any motivation",
        ),
        help_text="Methods relying on both kinds appear under either.",
    )
    complexity = forms.ChoiceField(
        label="Intervention",
        required=False,
        choices=_with_any(Complexity.choices, "Any kind of intervention"),
    )
