import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import LiaisonFactory

pytestmark = pytest.mark.django_db


def test_sign_in_lands_on_the_portal_and_sign_out_ends_the_session(client):
    LiaisonFactory(username="police")
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "police", "password": "pw"})
    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200
    client.post(reverse("logout"))
    assert client.get("/portal/").status_code == 302


def test_wrong_password_gets_a_message(client):
    LiaisonFactory(username="police")
    response = client.post(reverse("login"), {"username": "police", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_anonymous_portal_visit_is_sent_to_sign_in_and_back(client):
    response = client.get("/portal/")
    assert response["Location"] == "/accounts/login/?next=/portal/"


def test_password_reset_by_email(client):
    user = LiaisonFactory(username="police", email="police@example.org")
    client.post(reverse("password_reset"), {"email": "police@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": "Xq7!long-pass-2022", "new_password2": "Xq7!long-pass-2022"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Xq7!long-pass-2022")


def test_password_change(client):
    user = LiaisonFactory(username="police")
    client.force_login(user)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw", "new_password1": "Xq7!long-pass-2022", "new_password2": "Xq7!long-pass-2022"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Xq7!long-pass-2022")
