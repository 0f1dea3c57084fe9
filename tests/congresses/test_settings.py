"""Each congress's committee staff keep its settings on the office settings page, with history
naming them; bad input changes nothing; no one reaches another congress's settings. Platform
administrators add a congress in the admin with its first committee-staff account, who signs in
to the new, empty congress."""

import html
import re
from urllib.parse import urlparse

import pghistory.models
import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from congresses.models import Congress, default_congress
from congresses.services import EDITABLE_FIELDS
from tests.factories import CongressFactory, StaffFactory, SuperuserFactory, TopicFactory

pytestmark = pytest.mark.django_db

URL = "/office/settings/"


def form_data(congress, **changes):
    """What the settings form holds for `congress`, with `changes`."""
    congress = Congress.objects.get(pk=congress.pk)
    return {name: getattr(congress, name) for name in EDITABLE_FIELDS} | changes


def stored(congress):
    return {name: getattr(Congress.objects.get(pk=congress.pk), name) for name in EDITABLE_FIELDS}


@pytest.fixture
def county():
    return CongressFactory()


@pytest.fixture
def county_client(county):
    client = Client()
    client.force_login(StaffFactory(congress=county))
    return client


def test_county_staff_edit_their_settings_on_the_page_and_history_names_them(county, county_client):
    staff = User.objects.get(congress=county, is_committee_staff=True)
    page = county_client.get(URL)
    assert page.status_code == 200 and county.name in page.content.decode()
    other_before = stored(default_congress())
    changes = {
        "government_name": f"{county.government_name}（更名后）",
        "voting_members": county.voting_members + 6,
        "quorum": "2/3",
        "satisfied_share": "3/5",
        "unsatisfied_share": "1/3",
        "calendar": Congress.Calendar.WEEKENDS,
        "time_zone": "Europe/London",
        "public_title": f"{county.short_name}审议意见公开",
    }
    response = county_client.post(URL, form_data(county, **changes))
    assert response.status_code == 302
    assert {name: stored(county)[name] for name in changes} == changes
    assert stored(default_congress()) == other_before
    (event,) = pghistory.models.Events.objects.tracks(county).filter(pgh_label="update")
    assert event.pgh_context["user"] == staff.pk
    # The new title heads the congress's pages at once.
    assert changes["public_title"] in county_client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_zone", "Asia/Atlantis"),
        ("time_zone", "../../etc/passwd"),
        ("quorum", "abc"),
        ("satisfied_share", "3/2"),
        ("unsatisfied_share", "-1/3"),
        ("quorum", "1"),
        ("voting_members", "abc"),
        ("calendar", "lunar"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(county, county_client, field, value):
    before = stored(county)
    data = form_data(county, **{field: value, "government_name": "不应保存的政府名称"})
    response = county_client.post(URL, data)
    assert response.status_code == 400
    (message, *_rest) = response.context["form"].errors[field]
    assert html.escape(message) in response.content.decode()
    assert stored(county) == before


def test_an_unknown_time_zone_is_named_in_the_message(county, county_client):
    data = form_data(county, time_zone="Asia/Atlantis")
    response = county_client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en")
    assert "“Asia/Atlantis” is not a time zone name" in response.content.decode()


def test_staff_never_see_or_change_another_congresss_settings(county, county_client):
    sibling = CongressFactory()
    sibling_staff = StaffFactory(congress=sibling)
    client = Client()
    client.force_login(sibling_staff)
    before = stored(county)
    # Their own page is their own congress's; there is no address for another's.
    page = client.get(URL).content.decode()
    assert sibling.name in page and county.name not in page
    assert client.get(f"{URL}{county.pk}/").status_code == 404
    assert client.post(f"{URL}{county.pk}/", form_data(county, government_name="改")).status_code == 404
    # In the admin they see only their own congress, and another's is not there for them.
    changelist = client.get(reverse("admin:congresses_congress_changelist")).content.decode()
    assert sibling.name in changelist and county.name not in changelist
    change_url = reverse("admin:congresses_congress_change", args=[county.pk])
    answer = client.get(change_url)
    assert answer.status_code == 302 and county.name not in answer.content.decode()
    client.post(change_url, form_data(county, government_name="改"))
    assert stored(county) == before
    # Nor do staff add or delete congresses.
    assert client.get(reverse("admin:congresses_congress_add")).status_code == 403
    own_delete = reverse("admin:congresses_congress_delete", args=[sibling.pk])
    assert client.post(own_delete, {"post": "yes"}).status_code == 403
    assert Congress.objects.filter(pk=sibling.pk).exists()


def add_form(parent, **changes):
    return {
        "code": "xianyou-new",
        "level": Congress.Level.COUNTY,
        "parent": parent.pk,
        "name": "仙游县人民代表大会常务委员会",
        "short_name": "仙游县人大常委会",
        "public_title": "",
        "government_name": "仙游县人民政府",
        "document_prefix": "",
        "voting_members": 27,
        "quorum": "1/2",
        "satisfied_share": "1/2",
        "unsatisfied_share": "1/2",
        "calendar": Congress.Calendar.MAINLAND,
        "time_zone": settings.TIME_ZONE,
        "staff_username": "xianyou-staff",
        "staff_first_name": "晓",
        "staff_last_name": "林",
        "staff_email": "lin@xianyou.example",
    } | changes


def test_a_platform_administrator_adds_a_congress_whose_first_staff_sign_in_to_it_alone(
    client, django_capture_on_commit_callbacks
):
    platform_admin = SuperuserFactory()
    city = default_congress()
    elsewhere = TopicFactory(congress=city, title="莆田市已有的监督议题")
    client.force_login(platform_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:congresses_congress_add"), add_form(city))
    assert response.status_code == 302, response.context["adminform"].form.errors
    congress = Congress.objects.get(code="xianyou-new")
    assert (congress.parent, congress.voting_members) == (city, 27)
    staff = User.objects.get(username="xianyou-staff")
    assert (staff.congress, staff.is_committee_staff, staff.is_staff, staff.is_superuser) == (
        congress,
        True,
        True,
        False,
    )
    assert not staff.has_usable_password()  # no one knows a password for it
    (insert,) = pghistory.models.Events.objects.tracks(congress).filter(pgh_label="insert")
    assert insert.pgh_context["user"] == platform_admin.pk

    # The staff member sets a password from the emailed link, then signs in.
    (message,) = mail.outbox
    assert message.to == ["lin@xianyou.example"]
    link = urlparse(re.search(r"https?://\S+", message.body).group()).path
    newcomer = Client()
    form_page = newcomer.get(link, follow=True)
    password = "Xianyou-first-2026!"
    newcomer.post(form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    newcomer = Client()
    signed_in = newcomer.post(reverse("login"), {"username": "xianyou-staff", "password": password})
    assert signed_in.status_code == 302
    settings_page = newcomer.get(URL).content.decode()
    assert congress.name in settings_page and city.name not in settings_page
    topics = newcomer.get(reverse("office:topics"))
    assert topics.status_code == 200 and list(topics.context["topics"]) == []
    assert elsewhere.title not in topics.content.decode()


def test_the_new_congress_and_its_account_are_refused_together(client, django_capture_on_commit_callbacks):
    """An account name already taken: no congress, no account, no email."""
    StaffFactory(username="taken")
    client.force_login(SuperuserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:congresses_congress_add"), add_form(default_congress(), staff_username="taken")
        )
    assert response.status_code == 200
    assert "staff_username" in response.context["adminform"].form.errors
    assert not Congress.objects.filter(code="xianyou-new").exists() and mail.outbox == []


def test_the_public_site_is_titled_as_its_staff_set_it_and_by_its_short_name_when_blank(
    client, django_capture_on_commit_callbacks
):
    city = default_congress()
    staff = Client()
    staff.force_login(StaffFactory(congress=city))
    # Committed, as on the site: the cached public pages are retired then.
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(URL, form_data(city, public_title="莆田人大监督公开")).status_code == 302
    home = client.get("/").content.decode()
    assert "<title>" in home and home.count("莆田人大监督公开") >= 2  # the page title and the header
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(URL, form_data(city, public_title="")).status_code == 302
    home = client.get("/").content.decode()
    assert "莆田人大监督公开" not in home and city.short_name in home
