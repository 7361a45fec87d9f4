"""An editor cannot put script into public pages: hostile Markdown renders inert."""

import pytest

from tests.factories import ApproachFactory, ConsiderationFactory, MethodFactory

HOSTILE = """
Ordinary **text** stays.

<script>alert("script")</script>
<img src="x" onerror="alert('onerror')">
<iframe src="https://evil.example/"></iframe>
<p style="position:fixed;top:0">styled</p>
<a href="javascript:alert('link')">a javascript link</a>
[markdown javascript link](javascript:alert('md'))
<svg onload="alert('svg')"><circle r="1"/></svg>
<object data="x.swf"></object><embed src="x.swf">
<form action="https://evil.example/"><input name="q"></form>
<a href="https://example.org/" onclick="alert('click')" target="_blank">safe link</a>
<div><style>body{display:none}</style></div>
<math><mi xlink:href="javascript:alert('math')">x</mi></math>
"""

FORBIDDEN = [
    "<script>alert",
    "alert(",
    "onerror",
    "onload",
    "onclick",
    "javascript:",
    "<iframe",
    "<object",
    "<embed",
    "<svg onload",
    '<form action="https://evil',
    '<input name="q"',
    'style="',
    "<style",
    "evil.example",
]


@pytest.fixture
def hostile_method(empty_guide):
    approach = ApproachFactory(
        name="Hostile approach",
        slug="hostile-approach",
        description=HOSTILE,
        effectiveness=HOSTILE,
        limitations=HOSTILE,
    )
    method = MethodFactory(
        approach=approach,
        name="Hostile method",
        slug="hostile-method",
        description=HOSTILE,
        examples=HOSTILE,
    )
    ConsiderationFactory(method=method, text=HOSTILE)
    return method


@pytest.mark.parametrize("url", ["/methods/hostile-method/", "/approaches/hostile-approach/"])
def test_hostile_markdown_renders_inert(client, hostile_method, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ordinary <strong>text</strong> stays." in html
    assert 'href="https://example.org/"' in html  # safe links survive
    found = [needle for needle in FORBIDDEN if needle in html]
    assert not found, found


def test_a_real_method_edited_with_hostile_markdown_is_inert(client, db):
    from content.models import Method

    method = Method.objects.published().first()
    method.description = HOSTILE
    method.save()
    html = client.get(method.get_absolute_url()).content.decode()
    assert not [needle for needle in FORBIDDEN if needle in html]
