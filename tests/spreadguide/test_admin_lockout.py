"""Admin sign-in is locked after five failures (django-axes), even for the right password."""

import pytest

from tests.factories import UserFactory

PASSWORD = "a-long-test-password-42"


def _login(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_user(db):
    return UserFactory(username="editor-in-chief", is_staff=True, is_superuser=True)


def test_correct_password_signs_in(client, admin_user):
    response = _login(client, admin_user.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_five_failures_lock_the_account_out(client, admin_user):
    for _ in range(4):
        response = _login(client, admin_user.username, "wrong")
        assert response.status_code == 200  # the form again, with an error
    response = _login(client, admin_user.username, "wrong")  # the fifth failure
    assert response.status_code == 429
    # Now even the right password is refused, and no session is created.
    response = _login(client, admin_user.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the sign-in page


def test_four_failures_do_not_lock(client, admin_user):
    for _ in range(4):
        _login(client, admin_user.username, "wrong")
    assert _login(client, admin_user.username, PASSWORD).status_code == 302


def test_lockout_is_per_user_and_address(client, admin_user):
    for _ in range(5):
        _login(client, admin_user.username, "wrong")
    other = UserFactory(username="another-editor", is_staff=True)
    assert _login(client, other.username, PASSWORD).status_code == 302
