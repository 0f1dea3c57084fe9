"""From the seed demo, in the browser, as the demo's committee staff (not a superuser): the
referral letter and the handling report from the 2022 topic's page, an escalation notice from
an overdue task's page and the 2022 annual report from the office's annual reports page (made
by the worker), each downloaded as DOCX and PDF and read back; the annual report has the
dashboard's 2022 figures."""

import datetime
import io
import subprocess

import docx
import pytest
from celery.contrib.testing.tasks import ping
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from congresses.models import current_congress
from documents.choices import AttachmentKind
from documents.models import Attachment
from oversight.celery import app as celery_app
from recommendations import services
from recommendations.models import Department, OversightTopic, Recommendation, Task

from .test_annual_report import dashboard_rows

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def worker(broker, django_db_setup, django_db_blocker):
    with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
        celery_app.control.purge()
        ping.apply_async().get(timeout=60)
        yield


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())


def sign_in(page, live_server, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def downloaded_text(page, attachment, tmp_path):
    """The file behind the page's link to `attachment`, downloaded and read back (whitespace
    removed): the DOCX with python-docx, the PDF with pdftotext."""
    with page.expect_download() as info:
        page.locator(f'a[href="{reverse("documents:download", args=[attachment.pk])}"]').first.click()
    path = tmp_path / f"{attachment.pk}-{info.value.suggested_filename}"
    info.value.save_as(path)
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        text = "".join([p.text for p in document.paragraphs] + cells)
    else:
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
    return "".join(text.split())


def papers(kind, **record):
    return list(Attachment.objects.filter(kind=kind, **record).order_by("content_type"))


def test_staff_make_and_download_each_paper_of_the_demo(
    live_server, demo, worker, page, tmp_path, screenshot
):
    congress = current_congress()
    prefix = congress.document_prefix
    topic = OversightTopic.objects.get(year=2022)
    sign_in(page, live_server, "staff")

    # The referral letter and the handling report, from the topic's office page.
    page.goto(f"{live_server.url}{reverse('office:topic', args=[topic.code])}")
    page.get_by_role("button", name="生成交办函").click()
    expect(page.locator(".alert-success")).to_contain_text(f"{prefix}〔2022〕1号")
    page.get_by_role("button", name="生成办理情况报告").click()
    expect(page.locator(".alert-success")).to_contain_text("第1版")
    letters = papers(AttachmentKind.REFERRAL_LETTER, topic=topic)
    reports = papers(AttachmentKind.HANDLING_REPORT, topic=topic)
    assert len(letters) == len(reports) == 2
    for letter in letters:
        text = downloaded_text(page, letter, tmp_path)
        assert f"{prefix}〔2022〕1号" in text and f"{congress.government_name}：" in text
        assert all(r.title.replace(" ", "") in text for r in topic.recommendations.all())
    for report in reports:
        text = downloaded_text(page, report, tmp_path)
        assert topic.title in text and all(r.code in text for r in topic.recommendations.all())

    # An escalation notice, from an overdue task's page. The demo's open tasks are all on time,
    # so staff record one that was assigned in 2022 and missed its deadline.
    task = services.task_create(
        actor=User.objects.get(username="staff"),
        recommendation=Recommendation.objects.get(code="2022-FRAUD-02"),
        number=Task.objects.filter(recommendation__code="2022-FRAUD-02").count() + 1,
        title="建立涉诈线索移交台账",
        lead_department=Department.objects.get(code="police"),
        assigned_on=datetime.date(2022, 8, 1),
        due_date=datetime.date(2022, 9, 30),
    )
    assert task.is_overdue
    page.goto(f"{live_server.url}{reverse('office:task', args=[task.pk])}")
    page.get_by_role("button", name="生成督办通知单").click()
    expect(page.locator(".alert-success")).to_contain_text(prefix)
    for notice in papers(AttachmentKind.ESCALATION_NOTICE, task=task):
        text = downloaded_text(page, notice, tmp_path)
        assert task.code in text and f"{task.lead_department.name}：" in text and notice.number in text

    # The 2022 annual report, made by the worker while the page shows its progress.
    page.goto(f"{live_server.url}{reverse('documents:annual')}")
    page.get_by_label("年度").fill("2022")
    page.get_by_role("button", name="生成年度跟踪报告").click()
    expect(page.locator("progress")).to_be_visible()
    expect(page.get_by_role("link", name=".pdf")).to_be_visible(timeout=300_000)
    screenshot("annual-report-done")
    member = Client()
    member.force_login(User.objects.get(username="member"))
    cohorts = dashboard_rows(member, "cohorts", 2022)
    assert cohorts
    reports = {f.original_name.rsplit(".", 1)[-1]: f for f in papers(AttachmentKind.ANNUAL_REPORT, year=2022)}
    docx_report, pdf_report = reports["docx"], reports["pdf"]
    # Table by table from the DOCX (pdftotext interleaves the columns of wrapped cells).
    text = downloaded_text(page, docx_report, tmp_path)
    for row in cohorts:
        assert "".join("".join((cell or "—").split()) for cell in row) in text, row
    text = downloaded_text(page, pdf_report, tmp_path)
    assert "".join(docx_report.title.split()) in text and "—1—" in text
