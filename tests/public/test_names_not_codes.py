"""Departments and topics picked by name, codes accepted in any case, and an unknown one named
in a clear message that lists nothing: the public list, its feed, the API, the dashboard, the
record pages and the suggestions behind the name boxes."""

import pytest
from django.urls import reverse

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def listed(response):
    assert response.status_code == 200
    return sorted(r.code for r in response.context["page"].object_list)


@pytest.mark.parametrize("value", ["education", "EDUCATION", "Education", "市教育局"])
def test_the_list_takes_a_department_by_name_or_by_code_in_any_case(client, world, value):
    assert listed(client.get(reverse("public_recommendation_list"), {"department": value})) == [
        "2022-FRAUD-01",
        "2022-FRAUD-02",
    ]
    assert listed(
        client.get(reverse("public_recommendation_list"), {"department": value, "status": "closed"})
    ) == ["2022-FRAUD-01"]


@pytest.mark.parametrize("value", ["2022-fraud", "2022-FRAUD", "打击治理电信网络新型违法犯罪工作"])
def test_the_list_takes_a_topic_by_title_or_by_code_in_any_case(client, world, value):
    assert listed(client.get(reverse("public_recommendation_list"), {"topic": value})) == [
        "2022-FRAUD-01",
        "2022-FRAUD-02",
    ]


def test_an_unknown_department_lists_nothing_and_says_why(client, world):
    response = client.get(reverse("public_recommendation_list"), {"department": "nowhere"})
    assert listed(response) == []
    text = response.text
    assert "没有名称或代码为“nowhere”的单位" in text
    # An unpublished topic is unknown to the public, whatever the case of its code.
    response = client.get(reverse("public_recommendation_list"), {"topic": "2022-HIDDEN"})
    assert listed(response) == [] and "2022-HIDDEN" in response.text


def test_the_filter_boxes_suggest_names_instead_of_listing_every_department(client, world):
    text = client.get(reverse("public_recommendation_list")).text
    assert 'data-suggest="/suggest/department/"' in text and 'list="id_department-options"' in text
    assert 'data-suggest="/suggest/topic/"' in text
    assert "<option" not in text.split('id="id_department"')[1].split("</datalist>")[0]


def test_suggestions_by_part_of_a_name(client, world):
    data = client.get(reverse("suggest", args=["department"]), {"q": "教育"}).json()
    assert data["results"] == [{"value": "市教育局", "label": "education"}]
    data = client.get(reverse("suggest", args=["topic"]), {"q": "电信"}).json()
    assert data["results"] == [{"value": "2022-fraud", "label": "2022 · 打击治理电信网络新型违法犯罪工作"}]
    # Unpublished topics are never suggested.
    assert client.get(reverse("suggest", args=["topic"]), {"q": "未公开"}).json()["results"] == []
    assert client.get(reverse("suggest", args=["department"]), {"q": ""}).json()["results"] == []
    assert client.get(reverse("suggest", args=["finding"]), {"q": "x"}).status_code == 404


def test_the_api_takes_names_and_codes_in_any_case_and_refuses_the_unknown(client, world):
    base = "/api/v1/recommendations/"
    for value in ("EDUCATION", "education", "市教育局"):
        codes = sorted(r["code"] for r in client.get(base, {"department": value}).json()["results"])
        assert codes == ["2022-FRAUD-01", "2022-FRAUD-02"]
    response = client.get(base, {"department": "nowhere"})
    assert response.status_code == 400
    assert "nowhere" in response.json()["department"][0]
    tasks = client.get("/api/v1/tasks/", {"department": "POLICE"}).json()["results"]
    assert [t["code"] for t in tasks] == ["2022-FRAUD-01-T1"]
    assert client.get("/api/v1/tasks/", {"department": "nowhere"}).status_code == 400
    assert client.get("/api/v1/recommendations/2022-fraud-01/").json()["code"] == "2022-FRAUD-01"
    assert client.get("/api/v1/recommendations/2022-fraud-03/").status_code == 404  # unpublished


def test_record_pages_answer_a_code_in_any_case_at_their_own_address(client, world):
    for lower, canonical in (
        ("/recommendations/2022-fraud-01/", "/recommendations/2022-FRAUD-01/"),
        ("/topics/2022-FRAUD/", "/topics/2022-fraud/"),
        ("/departments/POLICE/", "/departments/police/"),
    ):
        response = client.get(lower)
        assert response.status_code == 301 and response["Location"] == canonical
    # An unpublished code is not found, in any case: a redirect would tell that it exists.
    assert client.get("/recommendations/2022-fraud-03/").status_code == 404
    assert client.get("/topics/2022-HIDDEN/").status_code == 404


def test_the_dashboard_takes_a_department_by_name_or_by_code_in_any_case(client, world):
    client.force_login(MemberFactory(username="member-names"))
    for value in ("EDUCATION", "市教育局"):
        response = client.get(reverse("dashboard:index"), {"department": value})
        assert response.status_code == 200
        assert response.context["filters"].department == world.education
        assert 'value="市教育局"' in response.text
    response = client.get(reverse("dashboard:index"), {"department": "nowhere"})
    assert "没有名称或代码为“nowhere”的单位" in response.text
