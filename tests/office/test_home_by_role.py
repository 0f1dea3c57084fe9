"""Each role lands on its own home after signing in, and its header shows only its own links,
on one line at 1280 px and behind the menu button below that."""

import pytest
from django.urls import reverse

from tests.factories import DepartmentFactory, LiaisonFactory, MemberFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-password"


def _users():
    return {
        # An office's full title as the account name, and the admin link: the widest staff header.
        "staff": StaffFactory(
            username="s",
            password=PASSWORD,
            is_superuser=False,
            is_staff=True,
            first_name="监察和司法委员会工作人员（演示）",
            last_name="",
        ),
        "member": MemberFactory(username="m", password=PASSWORD),
        "liaison": LiaisonFactory(
            username="l", password=PASSWORD, department=DepartmentFactory(code="police")
        ),
        "nobody": UserFactory(username="n", password=PASSWORD),
    }


HOMES = {"staff": "office:home", "member": "dashboard:index", "liaison": "portal:home", "nobody": "home"}
# The header's links of each role (by URL name); nobody else's appear.
OWN_LINKS = {
    "staff": {"office:home", "review:home", "evaluations:list", "dashboard:index"},
    "member": {"dashboard:index", "evaluations:list"},
    "liaison": {"portal:home"},
    "nobody": {"public_department_list", "open-data"},
}
ROLE_PAGES = {"office:home", "review:home", "evaluations:list", "dashboard:index", "portal:home"}


@pytest.mark.parametrize("role", list(HOMES))
def test_signing_in_lands_each_role_on_its_own_home(client, role):
    users = _users()
    response = client.post(reverse("login"), {"username": users[role].username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse(HOMES[role])


def test_a_next_address_still_wins(client):
    users = _users()
    response = client.post(
        reverse("login") + "?next=/recommendations/",
        {"username": users["staff"].username, "password": PASSWORD},
    )
    assert response["Location"] == "/recommendations/"


@pytest.mark.parametrize("role", list(HOMES))
def test_the_header_shows_only_the_roles_own_links(client, role):
    user = _users()[role]
    client.force_login(user)
    header = client.get(reverse("home")).content.decode().split("</header>")[0]
    shown = {name for name in ROLE_PAGES | OWN_LINKS[role] if f'href="{reverse(name)}"' in header}
    assert shown == OWN_LINKS[role]


@pytest.mark.browser
@pytest.mark.parametrize("role", ["staff", "member", "liaison", "anonymous"])
def test_each_roles_navigation_fits_one_line_at_1280_and_folds_into_a_menu_below(live_server, browser, role):
    users = _users()
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        if role != "anonymous":
            page.goto(f"{live_server.url}{reverse('login')}")
            page.fill("#id_username", users[role].username)
            page.fill("#id_password", PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_url(f"{live_server.url}{reverse(HOMES[role])}")
        page.goto(f"{live_server.url}/")
        for language in ("zh-hans", "en"):
            page.goto(f"{live_server.url}{reverse('language_switch')}?language={language}&next=/")
            assert page.locator(".navbar-toggler").is_hidden()
            # One line: the header is as tall as its tallest single item.
            header = page.locator("header.site").bounding_box()
            boxes = page.locator("#site-nav .role-nav .nav-link").evaluate_all(
                "links => links.map(a => a.getBoundingClientRect())"
            )
            item_tops = {round(box["y"]) for box in boxes}
            assert len(item_tops) == 1, (language, item_tops)
            assert header["height"] < 80, (language, header)
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280, language
        page.set_viewport_size({"width": 1100, "height": 900})
        assert page.locator(".navbar-toggler").is_visible()
        assert page.locator("#site-nav").is_hidden()
    finally:
        context.close()
