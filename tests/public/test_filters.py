import pytest

from public.filters import RecommendationFilter
from public.selectors import public_recommendation_list

pytestmark = pytest.mark.django_db


def codes(params):
    filterset = RecommendationFilter(params, queryset=public_recommendation_list())
    return {r.code for r in filterset.qs}


BOTH = {"2022-FRAUD-01", "2022-FRAUD-02"}


CASES = [
    ({"q": "技术反制"}, {"2022-FRAUD-01"}),  # title
    ({"q": "手段滞后"}, {"2022-FRAUD-01"}),  # a source finding's title
    ({"q": "宣传"}, {"2022-FRAUD-02"}),  # a source finding's title
    ({"q": "织密"}, {"2022-FRAUD-02"}),  # body
    ({"q": "fraud-02"}, {"2022-FRAUD-02"}),  # code, case-insensitive
    ({"q": "技术"}, {"2022-FRAUD-01"}),  # unpublished ones also say 技术 and stay out
    ({"q": "没有这样的词"}, set()),
    ({"q": "   "}, BOTH),  # blank search passes through
    ({"year": "2022"}, BOTH),
    ({"year": "2021"}, set()),
    ({"topic": "2022-fraud"}, BOTH),
    ({"department": "police"}, {"2022-FRAUD-01"}),  # lead only
    ({"department": "education"}, BOTH),  # co-department of 01, lead of 02
    ({"status": "closed"}, {"2022-FRAUD-01"}),
    ({"status": "in_progress"}, {"2022-FRAUD-02"}),
    ({"verdict": "implemented"}, {"2022-FRAUD-01"}),
    ({"priority": "true"}, {"2022-FRAUD-02"}),
    ({"priority": "false"}, {"2022-FRAUD-01"}),
    ({"overdue": "true"}, {"2022-FRAUD-02"}),
    ({"overdue": "false"}, {"2022-FRAUD-01"}),
    ({"department": "education", "status": "closed", "q": "预警"}, {"2022-FRAUD-01"}),
]


def test_filters_and_chinese_search_return_exactly_the_matching_published_records(world):
    wrong = {str(params): codes(params) for params, expected in CASES if codes(params) != expected}
    assert wrong == {}


def test_department_filter_lists_a_recommendation_once_however_many_tasks_match(world):
    from recommendations import services

    services.task_create(
        actor=world.staff,
        recommendation=world.overdue,
        number=2,
        title="第二项任务",
        lead_department=world.police,
        co_departments=[world.education],
        assigned_on=world.overdue.tasks.first().assigned_on,
        due_date=world.overdue.tasks.first().due_date,
    )
    qs = RecommendationFilter({"department": "education"}, queryset=public_recommendation_list()).qs
    assert sorted(r.code for r in qs) == ["2022-FRAUD-01", "2022-FRAUD-02"]


def test_ordering_by_code_descending(world):
    qs = RecommendationFilter({"ordering": "-code"}, queryset=public_recommendation_list()).qs
    assert [r.code for r in qs] == ["2022-FRAUD-02", "2022-FRAUD-01"]


def test_filter_by_unpublished_topic_or_draft_status_is_refused_not_obeyed(world):
    for params in ({"topic": "2022-hidden"}, {"status": "draft"}):
        filterset = RecommendationFilter(params, queryset=public_recommendation_list())
        assert not filterset.is_valid()
        # Refused: nothing is listed, neither what it named nor everything else.
        assert list(filterset.qs) == []


def test_list_page_keeps_the_query_string_as_its_state(client, world):
    response = client.get("/recommendations/", {"q": "宣传", "status": "in_progress"})
    html = response.content.decode()
    assert "2022-FRAUD-02" in html and "2022-FRAUD-01" not in html
    assert 'value="宣传"' in html
    assert '<option value="in_progress" selected>' in html


def test_list_page_answers_bad_input_with_a_message(client, world):
    response = client.get("/recommendations/", {"year": "abc", "page": "x"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors
    assert list(response.context["page"].object_list) == []


def test_topic_and_department_are_typed_not_lists_of_every_record(client, world):
    html = client.get("/recommendations/").content.decode()
    assert '<input type="text" name="topic"' in html
    assert '<input type="text" name="department"' in html
    assert 'value="2022-fraud"' not in html and 'value="education"' not in html


def test_unknown_topic_or_department_code_gets_a_message_naming_it_and_lists_nothing(client, world):
    response = client.get("/recommendations/", {"topic": "1999-nothing", "department": "nowhere"})
    assert response.status_code == 200
    errors = response.context["filter"].form.errors
    assert "1999-nothing" in str(errors["topic"]) and "nowhere" in str(errors["department"])
    assert list(response.context["page"].object_list) == []
