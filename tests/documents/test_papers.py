"""Documents out: the referral letter (交办函) and the escalation notice (督办通知单), generated
from the office pages as DOCX and PDF, read back with python-docx and pdftotext, numbered per
congress and year without repeats (also when two are generated at once), and versioned."""

import datetime
import io
import os
import subprocess
import threading
from decimal import Decimal

import docx
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from congresses.models import current_congress, in_congress
from documents.choices import AttachmentKind
from documents.models import Attachment
from documents.services import generate_referral_letter
from recommendations import services
from recommendations.choices import IndicatorDirection
from tests.conftest import ARTIFACTS
from tests.factories import LiaisonFactory, StaffFactory, TopicFactory

pytestmark = pytest.mark.django_db


def docx_text(attachment):
    """The DOCX's paragraphs and table cells, whitespace removed."""
    with attachment.file.open("rb") as handle:
        document = docx.Document(io.BytesIO(handle.read()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "".join("".join([p.text for p in document.paragraphs] + cells).split())


def pdf_text(attachment, png_name):
    """The PDF's text (whitespace removed: lines break anywhere in Chinese), and its first page
    as a PNG in the test artifacts."""
    path = attachment.file.path
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], check=True, capture_output=True).stdout
    os.makedirs(ARTIFACTS, exist_ok=True)
    target = os.path.join(ARTIFACTS, png_name)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", path, target], check=True
    )
    assert os.path.getsize(f"{target}.png") > 10_000
    return "".join(text.decode("utf-8").split())


def by_type(files):
    return {f.original_name.rsplit(".", 1)[-1]: f for f in files}


def test_staff_generate_the_referral_letter_from_the_topic_page_as_docx_and_pdf(client, case):
    congress = current_congress()
    client.force_login(case.staff)
    page = client.get(reverse("office:topic", args=[case.topic.code])).content.decode()
    url = reverse("documents:referral_letter", args=[case.topic.code])
    assert url in page
    response = client.post(url)
    assert response.status_code == 302
    files = by_type(Attachment.objects.filter(topic=case.topic, kind=AttachmentKind.REFERRAL_LETTER))
    number = f"{congress.document_prefix}〔2022〕1号"
    assert {f.number for f in files.values()} == {number} and {f.version for f in files.values()} == {1}
    assert all(f.uploaded_by == case.staff and len(f.sha256) == 64 for f in files.values())
    expected = [
        f"{congress.government_name}：",
        number,
        "关于送交打击治理电信网络新型违法犯罪工作审议意见的函",
        "2022年4月28日，市八届人大常委会第二次会议听取和审议",
        "并于2022年8月31日前将研究处理情况书面报告",
        "一、强化技术反制",
        "提升预警拦截能力。",
        "二、强化部门协同",
        "压实行业主管部门责任。",
        f"{congress.name}办公室",
        "2022年5月20日",  # dated the day the recommendations were issued
    ]
    for text in (docx_text(files["docx"]), pdf_text(files["pdf"], "referral-letter")):
        assert [line for line in expected if line not in text] == []
    # Staff download it from the topic page.
    page = client.get(reverse("office:topic", args=[case.topic.code])).content.decode()
    assert reverse("documents:download", args=[files["pdf"].pk]) in page and number in page


def test_regenerating_keeps_the_number_and_the_earlier_version(client, case):
    client.force_login(case.staff)
    url = reverse("documents:referral_letter", args=[case.topic.code])
    client.post(url)
    first = by_type(Attachment.objects.filter(topic=case.topic))
    services.recommendation_revise_deadline(
        actor=case.staff, recommendation=case.second, response_due=datetime.date(2022, 9, 30)
    )
    client.post(url)
    versions = Attachment.objects.filter(topic=case.topic).order_by("version", "content_type")
    number = first["pdf"].number
    assert [(f.version, f.number) for f in versions] == [(1, number), (1, number), (2, number), (2, number)]
    revised = "（研究处理情况报送期限：2022年9月30日）"
    assert revised in docx_text(by_type(versions.filter(version=2))["docx"])
    assert revised not in docx_text(first["docx"])
    assert client.get(reverse("documents:download", args=[first["pdf"].pk])).status_code == 200


def test_no_letter_before_any_recommendation_is_issued(client, case):
    empty = TopicFactory(code="2023-empty", year=2023)
    client.force_login(case.staff)
    response = client.post(reverse("documents:referral_letter", args=[empty.code]), follow=True)
    assert "尚无已交办的审议意见" in response.content.decode()
    assert not Attachment.objects.exists()


def test_staff_generate_an_escalation_notice_for_an_overdue_task(client, case):
    congress = current_congress()
    today = timezone.localdate()
    task = case.overdue_task
    client.force_login(case.staff)
    page = client.get(reverse("office:task", args=[task.pk])).content.decode()
    url = reverse("documents:escalation_notice", args=[task.pk])
    assert url in page
    assert client.post(url).status_code == 302
    files = by_type(Attachment.objects.filter(task=task, kind=AttachmentKind.ESCALATION_NOTICE))
    number = f"{congress.document_prefix}〔{today.year}〕1号"
    assert {f.number for f in files.values()} == {number}
    days = (today - datetime.date(2022, 7, 29)).days
    expected = [
        "督办通知单",
        number,
        "市公安局：",
        f"{task.code}升级反诈预警模型",
        "牵头单位市公安局",
        "配合单位人行莆田支行",
        "办理期限2022年7月29日",
        f"已逾期{days}天",
        "回执",
    ]
    for text in (docx_text(files["docx"]), pdf_text(files["pdf"], "escalation-notice")):
        assert [line for line in expected if line not in text] == []
    # The reply slip quotes the notice's number (read from the DOCX table: pdftotext
    # interleaves the columns of a table's wrapped cells).
    assert f"文号{number}" in docx_text(files["docx"])


def test_no_escalation_notice_for_a_task_on_time(client, case):
    task = services.task_create(
        actor=case.staff, recommendation=case.second, number=1, title="健全联席会议机制",
        lead_department=case.police, assigned_on=datetime.date(2022, 6, 1),
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )  # fmt: skip
    client.force_login(case.staff)
    assert (
        reverse("documents:escalation_notice", args=[task.pk])
        not in client.get(reverse("office:task", args=[task.pk])).content.decode()
    )
    response = client.post(reverse("documents:escalation_notice", args=[task.pk]), follow=True)
    assert "只有逾期任务" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_letters_generated_at_once_never_share_a_number(case):
    staff = StaffFactory(username="second-staff")
    topics = [case.topic]
    for n in range(3):
        topic = TopicFactory(code=f"2022-other-{n}", year=2022, title=f"其他议题{n}")
        rec = services.recommendation_create(
            actor=staff, topic=topic, code=f"2022-OTHER-{n}", number=1, title="意见", body="内容。"
        )
        services.recommendation_issue(
            actor=staff, recommendation=rec, response_due=datetime.date(2022, 9, 30),
            occurred_at=timezone.make_aware(datetime.datetime(2022, 6, 1, 10)),
        )  # fmt: skip
        topics.append(topic)
    start = threading.Barrier(2)
    numbers, errors = [], []

    congress = current_congress()

    def generate(batch):
        try:
            start.wait()
            # Each thread is a request of the congress's staff: in its scope.
            with in_congress(congress):
                for topic in batch:
                    numbers.append(generate_referral_letter(actor=staff, topic=topic)[0].number)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=generate, args=(topics[i::2],)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    prefix = current_congress().document_prefix
    assert sorted(numbers) == sorted(f"{prefix}〔2022〕{n}号" for n in range(1, 5))


def test_staff_generate_the_topics_handling_report_in_chinese_and_in_english(client, case):
    indicator = services.indicator_create(
        actor=case.staff, topic=case.topic, name="电信网络诈骗警情数", unit="起",
        direction=IndicatorDirection.LOWER_IS_BETTER,
    )  # fmt: skip
    liaison = LiaisonFactory(department=case.police)
    report = services.report_create(
        actor=liaison, task=case.overdue_task, department=case.police, narrative="预警劝阻6164人次。"
    )
    services.measurement_add(
        actor=liaison, report=report, indicator=indicator, change_percent=Decimal("-29.8")
    )
    services.report_submit(actor=liaison, report=report)
    services.report_accept(actor=case.staff, report=report)
    draft = services.report_create(
        actor=liaison, task=case.overdue_task, department=case.police, narrative="草稿不入报告"
    )
    assert draft.pk
    client.force_login(case.staff)
    url = reverse("documents:handling_report", args=[case.topic.code])
    assert url in client.get(reverse("office:topic", args=[case.topic.code])).content.decode()
    assert client.post(url).status_code == 302
    files = by_type(Attachment.objects.filter(topic=case.topic, kind=AttachmentKind.HANDLING_REPORT))
    assert {f.number for f in files.values()} == {""}
    expected = [
        "关于打击治理电信网络新型违法犯罪工作审议意见办理情况的报告",
        f"{current_congress().short_name}：",
        "一、强化技术反制",
        "二、强化部门协同",
        "2022-FRAUD-01-T1升级反诈预警模型",
        "市公安局",
        "人行莆田支行",
        "预警劝阻6164人次。",
        "电信网络诈骗警情数",
        "-29.8",
        "2022年8月31日",
    ]
    for text in (docx_text(files["docx"]), pdf_text(files["pdf"], "handling-report")):
        assert [line for line in expected if line not in text] == []
        assert "草稿不入报告" not in text

    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "en"})
    assert client.post(url).status_code == 302
    english = by_type(Attachment.objects.filter(topic=case.topic, version=2))
    text = pdf_text(english["pdf"], "handling-report-en")
    assert "Reportonthehandlingoftherecommendationson打击治理电信网络新型违法犯罪工作" in text
    assert "31August2022" in text and "预警劝阻6164人次。" in text
