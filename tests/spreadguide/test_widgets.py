"""QuickSelect renders exactly what Django's Select template renders, without the template."""

from django import forms

from selector.forms import what_if_choices
from selector.scenarios import TYPICAL_ANSWERS
from spreadguide.widgets import QuickSelect

CHOICES = [("", "Choose an answer"), *what_if_choices(TYPICAL_ANSWERS), ("x", 'A "quoted" <b>')]
ATTRS = {"id": "id_what_if", "class": "nhsuk-select", "aria-describedby": "id_what_if-hint"}


def test_the_markup_is_djangos():
    for value in ("", "funding:none", None):
        expected = forms.Select(choices=CHOICES).render("what_if", value, dict(ATTRS))
        assert QuickSelect(choices=CHOICES).render("what_if", value, dict(ATTRS)) == expected


def test_labels_and_values_are_escaped():
    html = QuickSelect(choices=CHOICES).render("what_if", "", {})
    assert "&lt;b&gt;" in html
    assert "<b>" not in html


def test_the_chosen_option_is_selected():
    html = QuickSelect(choices=CHOICES).render("what_if", "funding:none", {})
    assert '<option value="funding:none" selected>' in html
