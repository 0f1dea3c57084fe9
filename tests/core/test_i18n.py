"""The interface speaks Simplified Chinese and English: every message catalogue is complete
and compiled, and pages switch language."""

import pathlib

import polib
import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

CATALOGUES = sorted(
    p
    for p in pathlib.Path(settings.BASE_DIR).glob("**/locale/zh_Hans/LC_MESSAGES/django.po")
    if ".venv" not in p.parts
)


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 3


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_catalogue_is_fully_translated_and_compiled(path):
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    compiled = path.with_suffix(".mo")
    assert compiled.exists()
    # Keyed by context too: one msgid may stand for several things ("Open" the count, "Open"
    # the button).
    assert {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(compiled))} == {
        (e.msgctxt, e.msgid): e.msgstr for e in catalogue.translated_entries()
    }


def test_admin_speaks_chinese_by_default_and_english_on_request(client, staff_user):
    client.force_login(staff_user)
    url = reverse("admin:recommendations_recommendation_changelist")
    assert "审议意见" in client.get(url).content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "recommendation" in english
    assert "审议意见" not in english
