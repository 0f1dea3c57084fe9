import pytest

from public import selectors
from tests.public.conftest import PUBLIC_FILE, SECRETS

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/topics/2022-fraud/",
    "/recommendations/",
    "/recommendations/?q=技术",
    "/recommendations/?status=in_progress",
    "/recommendations/?department=education",
    "/recommendations/2022-FRAUD-01/",
    "/recommendations/2022-FRAUD-02/",
    "/departments/",
    "/departments/police/",
    "/departments/education/",
]


def test_no_public_page_shows_an_unpublished_record_unaccepted_report_or_internal_file(client, world):
    leaks = {}
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        secrets = [secret for secret in SECRETS.values() if secret in html]
        codes = [code for code in ("2022-FRAUD-03", "2022-FRAUD-04", "2022-HIDDEN-01") if code in html]
        if secrets or codes:
            leaks[url] = secrets + codes
    assert leaks == {}


def test_unpublished_record_has_no_public_page(client, world):
    for url in [
        "/recommendations/2022-FRAUD-03/",  # not marked published
        "/recommendations/2022-FRAUD-04/",  # a draft
        "/recommendations/2022-HIDDEN-01/",  # its topic is not published
        "/topics/2022-hidden/",
        "/departments/no-such-department/",
    ]:
        assert client.get(url).status_code == 404, url


def test_detail_shows_accepted_report_with_figures_and_only_public_files(client, world):
    html = client.get("/recommendations/2022-FRAUD-01/").content.decode()
    assert "已建成预警平台" in html
    assert "警情数" in html and "-29.8" in html
    if not world.has_evidence:
        pytest.skip("portal.Evidence has no table yet")
    assert PUBLIC_FILE in html
    assert SECRETS["internal_file"] not in html


def test_unaccepted_report_is_not_shown_even_on_its_own_recommendation(client, world):
    html = client.get("/recommendations/2022-FRAUD-02/").content.decode()
    assert "强化基层基础" in html
    assert SECRETS["unaccepted_report"] not in html
    assert SECRETS["unaccepted_indicator"] not in html


def test_selectors_hold_only_published_records(world):
    assert {r.code for r in selectors.published_recommendations()} == {"2022-FRAUD-01", "2022-FRAUD-02"}
    assert list(selectors.published_reports()) == [world.report]
    assert {m.indicator.name for m in selectors.published_measurements()} == {"警情数", "破案率"}
    assert {t.code for t in selectors.published_topics()} == {"2022-fraud"}
    events = selectors.published_events()
    assert {e.recommendation.code for e in events} == {"2022-FRAUD-01", "2022-FRAUD-02"}
    assert not events.filter(subject="report", to_status="submitted").exists()
    if world.has_evidence:
        assert [e.original_name for e in selectors.published_evidence()] == [PUBLIC_FILE]
