"""Every page of the site, for every role, in both languages, is written in that language.

The pages are the routes of the permission matrix (every route of the URLconf and every admin
page, filled from its world of records), fetched with GET as the anonymous public, a committee
member, committee staff (not a superuser) and a department's liaison. What users typed (every
text stored in the database: names, titles, bodies, codes, file names) is taken out first; what
is left is the site's own text. An English page must then hold no Chinese character, and a
Chinese page no English word but the codes, units and names in ALLOWED_IN_CHINESE."""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models, transaction

from tests.security.conftest import media_root, world  # noqa: F401, F811  (fixtures)
from tests.security.test_permission_matrix import _users, all_cases

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "staff", "owner")
LANGUAGES = ("zh-hans", "en")

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
# Codes, units, formats and names that a Chinese page writes in Latin letters.
ALLOWED_IN_CHINESE = {
    "API", "ID", "CSV", "JSON", "XLSX", "xlsx", "csv", "json", "pdf", "PDF", "Excel", "OpenAPI",
    "UTC", "YYYY", "MM", "DD", "GB", "T", "x", "e", "g", "ISO", "REST", "URL", "Swagger", "UI",
    "Redoc", "CC", "BY", "YYYY-MM-DD", "UTF", "JPEG", "PNG", "ODF", "Word", "doc", "docx", "xls",
    "ods", "odt", "LDAP", "MIME", "Atom", "RSS",
}  # fmt: skip
# Pages that are not the site's prose: a third-party API viewer, and the raw change log of
# records (pghistory's event tables: model names, field names and JSON differences).
NOT_PROSE = {"api-docs"}
NOT_PROSE_PREFIXES = ("pghistory_",)
TEXT_ATTRIBUTES = {"title", "placeholder", "alt", "aria-label"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
URL = re.compile(r"https?://\S+")


class _VisibleText(HTMLParser):
    """The text a reader sees or hears: element text (not scripts or styles), the labels in
    attributes, and the captions of buttons."""

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language, self.parts, self._open = language, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # Hidden: scripts and styles; codes (<code>) and isolated values (<bdi>, e.g. a
        # password hash's parts); what is marked as written in another language (the language
        # menu names each language in its own).
        other = tag != "html" and attrs.get("lang") and attrs["lang"].lower() != self.language
        hidden = tag in ("script", "style", "template", "code", "bdi") or other
        if tag not in VOID:
            self._open.append((tag, hidden))
        if hidden or any(h for _t, h in self._open):
            return
        for name in TEXT_ATTRIBUTES & set(attrs):
            self.parts.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        if not any(h for _t, h in self._open):
            self.parts.append(data)


def visible_text(content, language):
    parser = _VisibleText(language)
    parser.feed(content)
    return "\n".join(parser.parts)


def user_data():
    """Every text users stored in the project's records, longest first (so a name inside a
    longer title goes with it)."""
    values = set()
    for model in apps.get_models():
        path = str(apps.get_app_config(model._meta.app_label).path)
        if not path.startswith(str(settings.BASE_DIR)) or "site-packages" in path:
            continue  # machinery of installed packages (content types, permissions, sessions)
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.FileField)
        ]
        if fields:
            for row in model._default_manager.values_list(*fields):
                values.update(str(v) for v in row if v)
    return sorted(values, key=len, reverse=True)


def site_text(content, data, language):
    text = URL.sub(" ", visible_text(content, language))
    for value in data:
        if len(value) > 1 or CJK.match(value):
            text = text.replace(value, " ")
    return text


def slips(text, language):
    if language == "en":
        return sorted({m.group() for m in CJK.finditer(text)})
    return sorted({w for w in WORD.findall(text) if w not in ALLOWED_IN_CHINESE})


def pages(world):  # noqa: F811
    """(key, url) of every page the matrix opens with GET (on department A's records)."""
    seen = set()
    for route, cases in all_cases().items():
        for case in cases:
            if case.method != "get":
                continue
            url = case.url(world, world.a)
            if url not in seen:
                seen.add(url)
                yield f"{route} {url}", url


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_speaks_one_language(client, world, language):  # noqa: F811
    data = user_data()
    found, read = {}, 0
    for role in ROLES:
        user = _users(world, world.a)[role]
        client.logout()
        if user is not None:
            client.force_login(user)
        for key, url in pages(world):
            with transaction.atomic():
                response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
                transaction.set_rollback(True)
            kind = response.get("Content-Type", "")
            name = response.resolver_match.url_name or ""
            if not kind.startswith("text/html") or name in NOT_PROSE or name.startswith(NOT_PROSE_PREFIXES):
                continue
            read += 1
            wrong = slips(site_text(response.content.decode(), data, language), language)
            if wrong:
                found[f"{role} {key}"] = wrong
    assert read > 100
    assert not found, f"{len(found)} pages in {language} have text of the other language:\n" + (
        "\n".join(f"{key}: {words}" for key, words in sorted(found.items()))
    )
