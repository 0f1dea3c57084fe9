"""Nothing unpublished leaves the building: every public page, every API resource and every
open-data file is read in full, and none contains a record the public must not see."""

import json

import pytest
from django.urls import reverse

from api.opendata import DATASETS

from .conftest import (
    DRAFT_NARRATIVE,
    HIDDEN_TOPIC_TITLE,
    INTERNAL_ATTACHMENT,
    INTERNAL_FILE,
    INTERNAL_INDICATOR,
    SUBMITTED_NARRATIVE,
    UNPUBLISHED_TITLE,
)

pytestmark = pytest.mark.django_db

SECRETS = [
    UNPUBLISHED_TITLE,
    HIDDEN_TOPIC_TITLE,
    DRAFT_NARRATIVE,
    SUBMITTED_NARRATIVE,
    INTERNAL_FILE,
    INTERNAL_INDICATOR,
    INTERNAL_ATTACHMENT,
    "inspection-secret.pdf",
    "2022-FRAUD-02",
    "2022-HIDDEN-01",
    "2022-hidden",
]
API_RESOURCES = ["recommendations", "topics", "departments", "tasks", "reports", "indicators"]


def public_urls(world):
    urls = [
        reverse("home"),
        reverse("public_topic_detail", kwargs={"code": world.topic.code}),
        reverse("public_recommendation_list"),
        reverse("public_recommendation_detail", kwargs={"code": world.recommendation.code}),
        reverse("public_department_list"),
        reverse("open-data"),
        reverse("open-data-schema"),
    ]
    urls += [
        reverse("public_department_detail", kwargs={"code": d.department.code}) for d in (world.a, world.b)
    ]
    return urls


def api_urls(world):
    urls = [reverse(f"api-{name[:-1]}-list") + "?page_size=500" for name in API_RESOURCES]
    urls += [
        reverse("api-recommendation-detail", kwargs={"code": world.recommendation.code}),
        reverse("api-topic-detail", kwargs={"code": world.topic.code}),
        reverse("api-indicator-detail", kwargs={"pk": world.indicator.pk}),
    ]
    for d in (world.a, world.b):
        urls += [
            reverse("api-task-detail", kwargs={"pk": d.task.pk}),
            reverse("api-report-detail", kwargs={"pk": d.accepted.pk}),
            reverse("api-department-detail", kwargs={"code": d.department.code}),
        ]
    return urls


def open_data_urls():
    return [
        reverse("open-data-download", kwargs={"slug": dataset.slug, "fmt": fmt})
        for dataset in DATASETS
        for fmt in ("csv", "json")
    ]


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_unpublished_records_appear_on_no_public_page_api_resource_or_open_data_file(client, world, who):
    # Signed-in staff see the same public pages: the public site never widens for them.
    if who == "staff":
        client.force_login(world.staff)
    leaks = []
    texts = {}
    for url in public_urls(world) + api_urls(world) + open_data_urls():
        text = read(client, url).decode("utf-8")
        texts[url] = text
        leaks += [f"{url}: {secret}" for secret in SECRETS if secret in text]
    assert leaks == []
    # The same pages do carry what is published, so the scan reads real content.
    everything = "\n".join(texts.values())
    published_texts = (
        world.recommendation.title,
        "市公安局已完成部署",
        "police-public.pdf",
        "警情数",
        "市人民政府研究处理情况报告",
        "莆田人大视点",
    )
    for published in published_texts:
        assert published in everything


def test_the_api_counts_only_published_records(client, world):
    counts = {
        name: json.loads(read(client, reverse(f"api-{name[:-1]}-list")))["count"]
        for name in ("recommendations", "topics", "reports", "indicators")
    }
    # Two published recommendations of the published topic (the third is unpublished, the
    # fourth belongs to an unpublished topic); one accepted report per department; one
    # indicator with accepted figures.
    assert counts == {"recommendations": 2, "topics": 1, "reports": 2, "indicators": 1}
