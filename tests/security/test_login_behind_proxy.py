"""Sign-in throttling behind a reverse proxy: the client address comes from the trusted part of
X-Forwarded-For, so an attacker locks out only themselves, not a colleague signing in through
the same proxy; and one address is stopped after too many failures across usernames."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from oversight.client_address import client_address
from tests.factories import LiaisonFactory, StaffFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
PROXY = "10.0.0.2"
ATTACKER = "203.0.113.9"
COLLEAGUE = "198.51.100.7"


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def _sign_in(client, username, password, address, spoofed=""):
    """A POST as the proxy passes it on: it appends the address it saw to the header."""
    forwarded = f"{spoofed}, {address}" if spoofed else address
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "203.0.113.9", "192.0.2.1"),  # no proxy: the header is the client's own
        (1, PROXY, "203.0.113.9", "203.0.113.9"),
        (1, PROXY, "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # what the client wrote is ignored
        (2, PROXY, "1.2.3.4, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (2, PROXY, "203.0.113.9", PROXY),  # a shorter chain than configured: trust none of it
        (1, PROXY, "not-an-address", PROXY),
        (1, PROXY, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_read_from_the_trusted_proxies_only(
    settings, proxies, remote, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_an_attacker_behind_the_proxy_cannot_lock_out_a_colleague(client, settings, behind_one_proxy):
    staff = StaffFactory(username="staff", is_superuser=False, password=PASSWORD)
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # A fresh spoofed address each time does not give the attacker fresh tries.
        _sign_in(client, "staff", "guess", ATTACKER, spoofed=f"192.0.2.{attempt}")
    assert _sign_in(client, "staff", PASSWORD, ATTACKER).status_code == 429

    response = _sign_in(client, "staff", PASSWORD, COLLEAGUE)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == staff.pk


def test_one_address_trying_many_usernames_is_locked_out(client, settings, behind_one_proxy):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 6
    users = [LiaisonFactory(username=f"liaison{n}", password=PASSWORD) for n in range(8)]
    answers = [_sign_in(client, user.username, "123456", ATTACKER).status_code for user in users[:6]]
    # Each username failed once, far from its own limit; the address reached its limit.
    assert answers == [200] * 5 + [429]
    assert _sign_in(client, users[6].username, PASSWORD, ATTACKER).status_code == 429
    assert "_auth_user_id" not in client.session

    assert _sign_in(client, users[7].username, PASSWORD, COLLEAGUE).status_code == 302
