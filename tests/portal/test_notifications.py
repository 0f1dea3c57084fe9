import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_new_assignment_notifies_the_liaisons_of_lead_and_co_departments(world):
    kinds = Notification.Kind.ASSIGNMENT
    assert Notification.objects.filter(
        recipient=world.police_user, kind=kinds, url__contains=f"/tasks/{world.task.pk}/"
    )
    assert Notification.objects.filter(recipient=world.bank_user, kind=kinds).exists()
    assert not Notification.objects.filter(recipient=world.other_user).exists()


def test_header_shows_the_unread_count(client, world):
    client.force_login(world.police_user)
    unread = Notification.objects.filter(recipient=world.police_user, read_at__isnull=True).count()
    assert unread > 0
    page = client.get(reverse("portal:home")).content.decode()
    assert (
        f'<span class="count-badge" aria-label="unread">{unread}</span>' in page
        or f">{unread}</span>" in page
    )


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, world):
    note = Notification.objects.filter(recipient=world.police_user).first()
    client.force_login(world.police_user)
    response = client.post(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == note.url
    note.refresh_from_db()
    assert note.read_at is not None


def test_mark_all_read(client, world):
    client.force_login(world.police_user)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=world.police_user, read_at__isnull=True).exists()


def test_someone_elses_notification_is_404(client, world):
    note = Notification.objects.filter(recipient=world.police_user).first()
    client.force_login(world.bank_user)
    assert client.post(reverse("notifications:open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_an_offsite_link_is_not_followed(client, db):
    user = UserFactory()
    [note] = notify(recipients=[user], kind=Notification.Kind.OTHER, title="x", url="https://evil.example/")
    client.force_login(user)
    assert client.post(reverse("notifications:open", args=[note.pk]))["Location"] == reverse(
        "notifications:list"
    )


def test_list_shows_only_own_notifications_with_constant_queries(client, db, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user, stranger = UserFactory(), UserFactory()
    notify(recipients=[stranger], kind=Notification.Kind.OTHER, title="别人的通知")
    client.force_login(user)
    counts = []
    for n in (2, 20):
        for i in range(n):
            notify(recipients=[user], kind=Notification.Kind.OTHER, title=f"通知{i}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("notifications:list"))
        counts.append(len(queries))
    assert "别人的通知" not in response.content.decode()
    assert counts[0] == counts[1]
