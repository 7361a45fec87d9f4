"""Exports cannot take the service down: a per-client limit, cached renders, bounded slots."""

import dataclasses
from unittest import mock

import pytest
from django.test import RequestFactory

from selector import export_guard
from selector.exports import EXPORTERS, get_exporter
from selector.scenarios import TYPICAL_QUERY

pytestmark = pytest.mark.django_db
PDF = "/plan/export/pdf?" + TYPICAL_QUERY
MARKDOWN = "/plan/export/md?" + TYPICAL_QUERY


@pytest.fixture
def cheap_pdfs():
    """Rendering a real PDF takes a while; what is guarded is whether it is called."""
    render = mock.Mock(return_value=b"%PDF-1.7 test")
    cheap = dataclasses.replace(get_exporter("pdf"), render=render)
    with mock.patch.dict(EXPORTERS, {"pdf": cheap}):
        yield render


def test_a_client_over_the_render_limit_gets_a_clear_429(client, settings, cheap_pdfs):
    settings.RENDER_RATE = "2/m"
    assert [client.get(PDF).status_code for _ in range(2)] == [200, 200]
    refused = client.get(PDF)
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(export_guard.RETRY_AFTER_SECONDS)
    assert "Too many requests" in refused.content.decode()
    assert client.get(MARKDOWN).status_code == 200  # cheap formats have their own, wider limit


def test_every_format_counts_towards_the_export_limit(client, settings):
    settings.EXPORT_RATE = "1/m"
    assert client.get(MARKDOWN).status_code == 200
    assert client.get(MARKDOWN).status_code == 429


def test_the_limit_is_per_client(client, settings, cheap_pdfs):
    settings.RENDER_RATE = "1/m"
    assert client.get(PDF, REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get(PDF, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get(PDF, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_the_same_pdf_is_rendered_once(client, cheap_pdfs):
    first, second = client.get(PDF), client.get(PDF)
    assert first.content == second.content == b"%PDF-1.7 test"
    assert cheap_pdfs.call_count == 1


def test_a_different_answer_set_is_a_different_pdf(client, cheap_pdfs):
    client.get(PDF)
    client.get(PDF.replace("funding=limited", "funding=none"))
    assert cheap_pdfs.call_count == 2


def test_a_render_stopped_for_taking_too_long_is_a_clear_503(client, monkeypatch):
    from selector.exports import pdf
    from selector.pdf_process import RenderFailed

    def too_slow(*args):
        raise RenderFailed("too slow")

    monkeypatch.setattr(pdf.render_process, "run", too_slow)
    response = client.get(PDF)
    assert response.status_code == 503
    assert response["Retry-After"] == str(export_guard.RETRY_AFTER_SECONDS)
    assert "could not be made just now" in response.content.decode()


def test_a_stopped_render_is_not_cached(client, monkeypatch):
    from selector.exports import pdf
    from selector.pdf_process import RenderFailed

    outcomes = iter([RenderFailed("too slow"), b"%PDF-1.7 later"])

    def flaky(*args):
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr(pdf.render_process, "run", flaky)
    assert client.get(PDF).status_code == 503
    assert client.get(PDF).content == b"%PDF-1.7 later"


def test_with_every_slot_and_waiting_place_taken_the_answer_is_429_at_once(client, cheap_pdfs):
    with (
        mock.patch.object(export_guard, "_slots") as slots,
        mock.patch.object(export_guard, "_waiting") as waiting,
    ):
        slots.acquire.return_value = False
        waiting.acquire.return_value = False
        response = client.get(PDF)
    assert response.status_code == 429
    slots.acquire.assert_called_once_with(blocking=False)  # no waiting
    cheap_pdfs.assert_not_called()


def test_a_second_render_waits_for_the_slot(client, cheap_pdfs):
    with mock.patch.object(export_guard, "_slots") as slots:
        slots.acquire.side_effect = [False, True]  # busy at first, free within the wait
        response = client.get(PDF)
    assert response.status_code == 200
    assert slots.acquire.call_args_list[-1] == mock.call(timeout=export_guard.QUEUE_SECONDS)
    cheap_pdfs.assert_called_once()


def test_a_wait_that_runs_out_is_a_429(client, cheap_pdfs):
    with mock.patch.object(export_guard, "_slots") as slots:
        slots.acquire.return_value = False
        response = client.get(PDF)
    assert response.status_code == 429
    cheap_pdfs.assert_not_called()


def test_behind_proxies_the_client_is_the_address_the_nearest_proxy_saw(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0  # one load balancer (PROXY_COUNT=1): no hops beyond it
    settings.FORWARDED_ALLOW_IPS = "10.0.0.9"
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert export_guard.client_address("exports", request) == "203.0.113.5"
    settings.AXES_IPWARE_PROXY_COUNT = None
    assert export_guard.client_address("exports", request) == "10.0.0.9"


def test_a_client_cannot_dodge_the_limit_with_its_own_forwarded_header(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.FORWARDED_ALLOW_IPS = "10.0.0.9"
    direct = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert export_guard.client_address("exports", direct) == "198.51.100.7"
