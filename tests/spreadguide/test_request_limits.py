"""Oversized query strings and bodies are refused cleanly, before any view parses them."""

import json

import pytest

LONG = "a=" + "x" * 5000


@pytest.mark.django_db
def test_oversized_query_gets_a_styled_414_page(client):
    response = client.get(f"/plan/result?{LONG}")
    assert response.status_code == 414
    html = response.content.decode()
    assert "<h1>Web address too long</h1>" in html
    assert "nhsuk-header" in html  # the ordinary page layout
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_oversized_query_with_thousands_of_fields_is_still_a_clean_414(client):
    response = client.get("/approaches/?" + "&".join(f"f{i}=1" for i in range(1500)))
    assert response.status_code == 414


@pytest.mark.django_db
def test_oversized_api_query_gets_json(client):
    response = client.get(f"/api/recommendation?{LONG}")
    assert response.status_code == 414
    assert response["Content-Type"] == "application/json"
    assert "errors" in json.loads(response.content)


@pytest.mark.django_db
def test_a_query_at_the_limit_is_served(client, settings):
    query = "q=" + "x" * (settings.MAX_QUERY_STRING_LENGTH - 2)
    assert client.get(f"/approaches/?{query}").status_code == 200


@pytest.mark.django_db
def test_oversized_body_gets_413(client, settings):
    settings.MAX_REQUEST_BODY_SIZE = 1000  # read when the middleware starts
    response = client.post("/plans/", data="x" * 2000, content_type="text/plain")
    assert response.status_code == 413
    response = client.post("/api/recommendation", data="x" * 2000, content_type="application/json")
    assert response.status_code == 413
    assert "errors" in json.loads(response.content)


@pytest.mark.django_db
def test_too_many_form_fields_is_a_client_error(client):
    body = "&".join(f"f{i}=1" for i in range(1000))
    response = client.post(
        "/admin/login/", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert 400 <= response.status_code < 500


def test_gunicorn_accepts_request_lines_longer_than_the_app_limit(settings):
    """So an oversized query reaches Django's clean 414 rather than gunicorn's bare 400."""
    import runpy
    from pathlib import Path

    config = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    assert config["limit_request_line"] > settings.MAX_QUERY_STRING_LENGTH + 100
