import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_portal_speaks_chinese_by_default_and_english_on_request(client, world):
    client.force_login(world.police_user)
    chinese = client.get(reverse("portal:task", args=[world.task.pk])).content.decode()
    assert "审议意见办理时间线" in chinese and "新建办理情况报告" in chinese
    english = client.get(
        reverse("portal:task", args=[world.task.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Timeline of the recommendation" in english and "New progress report" in english


def test_upload_errors_are_translated(client, world):
    from .conftest import upload

    client.force_login(world.police_user)
    data = {
        "narrative": "说明",
        "m-TOTAL_FORMS": "0",
        "m-INITIAL_FORMS": "0",
        "files": [upload("假.pdf", b"plain")],
    }
    response = client.post(reverse("portal:report_new", args=[world.task.pk]), data)
    assert "不是允许的文件类型" in response.content.decode()
