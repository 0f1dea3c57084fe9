"""Public Atom feeds: a list filter's and a recommendation's timeline. Valid Atom (read with the
standard library), only published data, entries dated by their steps with stable ids, titles in
the request's language, linked from the pages."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations import services

from .conftest import SECRETS, at

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    # What RFC 4287 requires of a feed and of each entry.
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}") is not None and feed.find(f"{ATOM}{name}").text, name
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}").text, name
        assert entry.find(f"{ATOM}link").get("href")
    return feed, entries


def updated(element):
    return datetime.datetime.fromisoformat(element.find(f"{ATOM}updated").text)


def test_the_recommendation_timeline_feed_has_its_public_steps_dated_when_they_happened(client, world):
    feed, entries = parse(client.get(reverse("public_recommendation_feed", args=["2022-fraud-01"])))
    assert feed.find(f"{ATOM}title").text == "2022-FRAUD-01 强化技术反制"
    titles = [e.find(f"{ATOM}title").text for e in entries]
    # Newest first: the closure with its verdict, the accepted report (its submission is not
    # public), handling started, the issue.
    assert titles[0] == "2022-FRAUD-01 强化技术反制：作出结论并办结：已落实"
    # The report's acceptance only: its submission stays internal.
    assert sum("· 2022-FRAUD-01-T1 · 市公安局" in t for t in titles) == 1
    days = [updated(e).date() for e in entries]
    assert days == sorted(days, reverse=True)
    assert days[0] == datetime.date(2022, 9, 30) and days[-1] == datetime.date(2022, 5, 10)
    assert updated(feed).date() == datetime.date(2022, 9, 30)  # the latest step, not today
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids)
    # Stable: asked again, the same ids.
    _feed, again = parse(client.get(reverse("public_recommendation_feed", args=["2022-FRAUD-01"])))
    assert [e.find(f"{ATOM}id").text for e in again] == ids


def test_titles_follow_the_requests_language(client, world):
    response = client.get(
        reverse("public_recommendation_feed", args=["2022-FRAUD-01"]), headers={"accept-language": "en"}
    )
    _feed, entries = parse(response)
    assert (
        entries[0].find(f"{ATOM}title").text
        == "2022-FRAUD-01 强化技术反制: Closed with a verdict: Implemented"
    )
    # A note the system wrote (when the tasks were assigned) is read in the request's language.
    summaries = [e.find(f"{ATOM}summary").text for e in entries]
    assert "Tasks assigned" in summaries and "已分解交办任务" not in summaries


def test_unpublished_recommendations_have_no_feed(client, world):
    for code in ("2022-FRAUD-03", "2022-FRAUD-04", "2022-HIDDEN-01", "NO-SUCH"):
        assert client.get(reverse("public_recommendation_feed", args=[code])).status_code == 404


def test_the_list_feed_takes_the_lists_filters_and_shows_only_published_steps(client, world):
    url = reverse("public_recommendation_list_feed")
    _feed, everything = parse(client.get(url))
    text = client.get(url).content.decode()
    for secret in SECRETS.values():
        assert secret not in text
    codes = {e.find(f"{ATOM}title").text.split()[0] for e in everything}
    assert codes == {"2022-FRAUD-01", "2022-FRAUD-02"}
    feed, entries = parse(client.get(url, {"department": "EDUCATION", "status": "in_progress"}))
    assert {e.find(f"{ATOM}title").text.split()[0] for e in entries} == {"2022-FRAUD-02"}
    # The filters named, the department by its name, not its code.
    assert (
        feed.find(f"{ATOM}title").text == "审议意见最新动态（承办单位（牵头或配合）：市教育局；状态：办理中）"
    )
    priority, entries = parse(client.get(url, {"priority": "true"}))
    assert priority.find(f"{ATOM}title").text == "审议意见最新动态（挂牌督办：是）"
    assert {e.find(f"{ATOM}title").text.split()[0] for e in entries} == {"2022-FRAUD-02"}
    link = feed.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert link.endswith("/recommendations/?department=EDUCATION&status=in_progress")


def test_a_filter_not_understood_is_a_clear_400(client, world):
    response = client.get(reverse("public_recommendation_list_feed"), {"department": "nowhere"})
    assert response.status_code == 400
    assert "nowhere" in response.content.decode()


def test_the_pages_link_their_feeds(client, world):
    page = client.get(reverse("public_recommendation_list"), {"department": "police", "page": "1"}).text
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert 'href="/feeds/recommendations/?department=police"' in page
    detail = client.get(reverse("public_recommendation_detail", args=["2022-FRAUD-01"])).text
    assert 'href="/feeds/recommendations/2022-FRAUD-01/"' in detail


def test_the_list_feed_reads_the_same_queries_with_more_steps(client, world, settings):
    settings.PUBLIC_PAGE_CACHE = False
    url = reverse("public_recommendation_list_feed")

    def count():
        with CaptureQueriesContext(connection) as captured:
            parse(client.get(url))
        return len(captured)

    few = count()
    for n in range(5):
        rec = services.recommendation_create(
            actor=world.staff, topic=world.topic, code=f"2023-MORE-{n}", number=10 + n, title=f"第{n}条",
            body="……", is_published=True,
        )  # fmt: skip
        services.recommendation_issue(
            actor=world.staff, recommendation=rec, response_due=None, occurred_at=at(2023, 3, 1 + n)
        )
    assert count() == few
