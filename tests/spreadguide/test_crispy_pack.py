"""The NHS.UK crispy-forms template pack (templates/nhsuk/, spreadguide/crispy_nhsuk.py)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.template import engines
from django.test import RequestFactory

from spreadguide import crispy_nhsuk as nhsuk

SIZE_CHOICES = [("small", "Small"), ("large", "Large")]


class Element:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Element | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element] = []
        self.parts: list[str | Element] = []

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def all_text(self) -> str:
        return "".join(p if isinstance(p, str) else p.all_text() for p in self.parts).strip()


class Tree(HTMLParser):
    """A tiny DOM: enough to ask for elements by tag, class and id."""

    VOID = {"input", "br", "hr", "img", "meta", "link"}

    def __init__(self, html: str) -> None:
        super().__init__()
        self.root = Element("root", {}, None)
        self.current = self.root
        self.elements: list[Element] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        self.current.parts.append(element)
        self.elements.append(element)
        if tag not in self.VOID:
            self.current = element

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.parts.append(data)

    def find(self, tag: str | None = None, cls: str | None = None, **attrs) -> list[Element]:
        return [
            e
            for e in self.elements
            if (tag is None or e.tag == tag)
            and (cls is None or cls in e.classes)
            and all(e.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())
        ]

    def one(self, tag: str | None = None, cls: str | None = None, **attrs) -> Element:
        found = self.find(tag, cls, **attrs)
        assert len(found) == 1, f"expected one {tag}.{cls} {attrs}, found {len(found)}"
        return found[0]

    def ids(self) -> list[str]:
        return [e.attrs["id"] for e in self.elements if "id" in e.attrs]


def render(template: str, **context) -> Tree:
    html = engines["django"].from_string("{% load crispy_forms_tags %}" + template).render(context)
    return Tree(html)


class RadiosForm(forms.Form):
    size = forms.ChoiceField(
        label="How big is the audience?",
        help_text="Count the organisations that must change.",
        choices=SIZE_CHOICES,
        widget=nhsuk.RadioSelect(hints={"large": "Many organisations"}),
    )


class HeadingForm(RadiosForm):
    legend_as_heading = True
    legend_caption = "Question 4 of 10"


class EveryWidgetForm(forms.Form):
    name = forms.CharField(label="Plan title", help_text="Shown on exports.")
    count = forms.IntegerField(label="Sites")
    email = forms.EmailField(label="Email", required=False)
    url = forms.URLField(label="Web address", required=False, assume_scheme="https")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    level = forms.ChoiceField(label="Level", choices=[("", "Choose"), ("local", "Local")])
    who = forms.MultipleChoiceField(
        label="Who must change?",
        choices=[("clinicians", "Clinicians"), ("none", "None of these")],
        widget=nhsuk.CheckboxSelectMultiple(dividers={"none": "or"}, exclusive=["none"]),
    )
    agree = forms.BooleanField(label="I have read the guidance", help_text="Required to save.")
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("These answers cannot be saved together.")


def test_radios_render_nhsuk_radios_in_a_fieldset_with_legend_and_hint():
    tree = render("{{ form|crispy }}", form=RadiosForm())
    group = tree.one("div", "nhsuk-form-group")
    assert "nhsuk-form-group--error" not in group.classes
    fieldset = tree.one("fieldset", "nhsuk-fieldset")
    assert fieldset.attrs["aria-describedby"] == "id_size-hint"
    legend = tree.one("legend", "nhsuk-fieldset__legend")
    assert legend.all_text() == "How big is the audience?"
    assert tree.one(cls="nhsuk-hint", id="id_size-hint").all_text().startswith("Count")
    radios = tree.one("div", "nhsuk-radios")
    assert radios.attrs["data-module"] == "nhsuk-radios"
    inputs = tree.find("input", "nhsuk-radios__input")
    assert [i.attrs["value"] for i in inputs] == ["small", "large"]
    assert all(i.attrs["name"] == "size" and i.attrs["type"] == "radio" for i in inputs)
    for i in inputs:
        assert tree.one("label", "nhsuk-radios__label", for_=i.attrs["id"])
    # The option hint belongs to its option, with an id no other element has.
    hint_id = inputs[1].attrs["aria-describedby"]
    assert tree.one(cls="nhsuk-radios__hint", id=hint_id).all_text() == "Many organisations"
    assert "aria-describedby" not in inputs[0].attrs
    assert len(tree.ids()) == len(set(tree.ids()))


def test_selected_radio_is_checked_after_a_post():
    tree = render("{{ form|crispy }}", form=RadiosForm({"size": "large"}))
    checked = [
        i.attrs["value"] for i in tree.find("input", "nhsuk-radios__input") if "checked" in i.attrs
    ]
    assert checked == ["large"]


@pytest.mark.parametrize("how", ["form attribute", "helper attribute", "layout field"])
def test_legend_can_be_the_page_heading(how):
    if how == "form attribute":
        form = HeadingForm()
        template = "{{ form|crispy }}"
    else:
        form = RadiosForm()
        if how == "helper attribute":
            form.helper = nhsuk.FormHelper(
                legend_as_heading=True, legend_caption="Question 4 of 10"
            )
        else:
            form.helper = nhsuk.FormHelper()
            form.helper.layout = Layout(
                nhsuk.Field("size", legend_as_heading=True, legend_caption="Question 4 of 10")
            )
        template = "{% crispy form %}"
    tree = render(template, form=form)
    legend = tree.one("legend")
    assert legend.classes == ["nhsuk-fieldset__legend", "nhsuk-fieldset__legend--l"]
    heading = tree.one("h1", "nhsuk-fieldset__heading")
    assert heading.parent is legend
    assert heading.all_text().startswith("Question 4 of 10")
    assert heading.all_text().endswith("How big is the audience?")
    assert tree.one("span", "nhsuk-caption-l").parent is heading


def test_errors_mark_the_group_describe_the_field_and_prefix_error():
    tree = render("{{ form|crispy }}", form=RadiosForm({}))
    group = tree.one("div", "nhsuk-form-group")
    assert "nhsuk-form-group--error" in group.classes
    message = tree.one("span", "nhsuk-error-message")
    assert message.attrs["id"] == "id_size-error"
    hidden = message.children[0]
    assert "nhsuk-u-visually-hidden" in hidden.classes and hidden.all_text() == "Error:"
    assert "required" in message.all_text()
    fieldset = tree.one("fieldset")
    described = fieldset.attrs["aria-describedby"].split()
    assert described == ["id_size-hint", "id_size-error"]
    for element_id in described:
        assert tree.one(id=element_id)


def test_every_widget_gets_its_nhsuk_markup_and_error_wiring():
    form = EveryWidgetForm({"count": "many", "email": "not-an-email"})
    tree = render("{{ form|crispy }}", form=form)
    expectations = {
        "id_name": ("input", "nhsuk-input", "nhsuk-input--error"),
        "id_count": ("input", "nhsuk-input", "nhsuk-input--error"),
        "id_email": ("input", "nhsuk-input", "nhsuk-input--error"),
        "id_url": ("input", "nhsuk-input", None),
        "id_notes": ("textarea", "nhsuk-textarea", None),
        "id_level": ("select", "nhsuk-select", "nhsuk-select--error"),
        "id_agree": ("input", "nhsuk-checkboxes__input", None),
    }
    for element_id, (tag, cls, error_cls) in expectations.items():
        element = tree.one(tag, id=element_id)
        assert cls in element.classes, (element_id, element.classes)
        if error_cls:
            assert error_cls in element.classes, (element_id, element.classes)
            assert f"{element_id}-error" in element.attrs["aria-describedby"].split()
            assert tree.one(id=f"{element_id}-error")
        label = tree.one("label", for_=element_id)
        assert label.all_text()
        for described in element.attrs.get("aria-describedby", "").split():
            assert tree.one(id=described), f"{element_id} describedby {described} is missing"
    assert tree.one("input", id="id_count").attrs["type"] == "number"
    assert tree.one("input", id="id_email").attrs["type"] == "email"
    assert tree.one("input", id="id_url").attrs["type"] == "url"
    assert tree.one("input", id="id_name").attrs["aria-describedby"] == "id_name-hint id_name-error"
    # The single checkbox: its hint sits inside the item, its label after the input.
    assert tree.one(cls="nhsuk-checkboxes__hint", id="id_agree-hint")
    # Checkbox group: fieldset, divider, exclusive "none".
    boxes = tree.find("input", "nhsuk-checkboxes__input", name="who")
    assert [b.attrs["value"] for b in boxes] == ["clinicians", "none"]
    assert boxes[1].attrs.get("data-behaviour") == "exclusive"
    assert tree.one(cls="nhsuk-checkboxes__divider").all_text() == "or"
    who_group = boxes[0].parent.parent
    assert who_group.attrs["data-module"] == "nhsuk-checkboxes"
    assert tree.one("legend").all_text() == "Who must change?"
    # Hidden fields stay hidden; non-field errors are shown once, as an NHS error message.
    assert tree.one("input", type="hidden", name="secret")
    assert "cannot be saved together" in tree.one(id="form-non-field-errors").all_text()
    assert len(tree.ids()) == len(set(tree.ids())), "duplicate ids"


def test_error_summary_links_to_each_fields_first_input():
    form = EveryWidgetForm({"count": "many"})
    tree = render('{% include "nhsuk/error_summary.html" with form=form %}', form=form)
    summary = tree.one("div", "nhsuk-error-summary")
    assert summary.attrs["data-module"] == "nhsuk-error-summary"
    alert = tree.one(role="alert")
    assert tree.one("h2", "nhsuk-error-summary__heading").parent is alert
    links = {a.attrs["href"]: a.all_text() for a in tree.find("a")}
    assert links["#id_count"] == "Enter a whole number."
    assert "#id_name" in links  # the non-field error and the name's own error link to it
    assert "#id_level" in links
    assert "#id_agree" in links
    assert "#id_who_0" in links, "a checkbox group links to its first checkbox"
    assert "cannot be saved together" in summary.all_text()
    # Each link target exists when the form is rendered on the same page.
    page = render(
        '{% include "nhsuk/error_summary.html" with form=form %}{{ form|crispy }}', form=form
    )
    ids = set(page.ids())
    assert {href[1:] for href in links} <= ids


def test_no_error_summary_without_errors():
    tree = render('{% include "nhsuk/error_summary.html" with form=form %}', form=RadiosForm())
    assert not tree.find(cls="nhsuk-error-summary")


def test_error_summary_links_to_a_radio_group_by_its_first_option():
    tree = render('{% include "nhsuk/error_summary.html" with form=form %}', form=RadiosForm({}))
    assert tree.one("a").attrs["href"] == "#id_size_0"


def test_whole_form_tag_with_helper_buttons_fieldset_and_summary(rf: RequestFactory):
    form = EveryWidgetForm({})
    form.helper = nhsuk.FormHelper(error_summary=True, form_action="/save/", hx_post="/save/")
    form.helper.layout = Layout(Fieldset("About the plan", "name", "notes"))
    form.helper.add_input(nhsuk.Submit("continue", "Continue"))
    form.helper.add_input(
        nhsuk.Submit("draft", "Save as draft", css_class="nhsuk-button--secondary")
    )
    request = rf.post("/save/")
    tree = render("{% crispy form %}", form=form, request=request, csrf_token="token")
    form_tag = tree.one("form")
    assert form_tag.attrs["method"] == "post"
    assert "novalidate" in form_tag.attrs
    assert form_tag.attrs["action"] == "/save/"
    assert form_tag.attrs["hx-post"] == "/save/"
    assert tree.one("div", "nhsuk-error-summary")
    fieldset = tree.one("fieldset", "nhsuk-fieldset")
    assert tree.one("legend").parent is fieldset
    assert tree.one("legend").all_text() == "About the plan"
    buttons = tree.find("button")
    assert [b.all_text() for b in buttons] == ["Continue", "Save as draft"]
    assert buttons[0].classes == ["nhsuk-button"]
    assert buttons[1].classes == ["nhsuk-button", "nhsuk-button--secondary"]
    assert all(b.attrs["data-module"] == "nhsuk-button" for b in buttons)
    assert all(b.attrs["type"] == "submit" for b in buttons)
    assert tree.one(cls="nhsuk-button-group")


def test_crispys_own_submit_still_gets_an_nhsuk_button():
    from crispy_forms.layout import Submit

    form = RadiosForm()
    form.helper = nhsuk.FormHelper()
    form.helper.form_tag = False
    form.helper.add_input(Submit("go", "Go"))
    tree = render("{% crispy form %}", form=form)
    button = tree.one("button")
    assert button.classes == ["nhsuk-button"]
    assert not tree.find("form")


def test_hidden_labels_stay_available_to_screen_readers():
    form = RadiosForm()
    form.helper = nhsuk.FormHelper()
    form.helper.form_show_labels = False
    tree = render("{% crispy form %}", form=form)
    assert "nhsuk-u-visually-hidden" in tree.one("legend").classes


def test_widgets_survive_deepcopy_per_form_instance():
    first, second = RadiosForm(), RadiosForm()
    first.fields["size"].widget.hints["small"] = "changed"
    assert second.fields["size"].widget.hints == {"large": "Many organisations"}
