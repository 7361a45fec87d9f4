from django import template
from django.utils.safestring import SafeString

from content import choices
from content.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> SafeString:
    return render_markdown(text)


@register.filter
def choice_label(value: str, choice_set: str) -> str:
    """The label of one value: {{ method.cost|choice_label:"Amount" }}."""
    return dict(getattr(choices, choice_set).choices).get(value, value)


@register.filter
def choice_labels(values: list[str], choice_set: str) -> str:
    """Labels of a list of values, joined: {{ method.levels|choice_labels:"Level" }}."""
    labels = dict(getattr(choices, choice_set).choices)
    return ", ".join(labels.get(v, v) for v in values)


@register.inclusion_tag("content/_our_assessment.html")
def our_assessment(item: object, field: str) -> dict[str, str]:
    """The "our assessment" label and its reason, when the item marks this field as ours:
    {% our_assessment method "cost" %}. Renders nothing otherwise."""
    assessed = getattr(item, "assessed", None) or {}
    return {"reason": assessed.get(field, "") if isinstance(assessed, dict) else ""}
