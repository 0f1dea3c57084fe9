"""Evidence file checks: the type is read from the content (magic bytes; for zip-based
formats the inner `mimetype` or `[Content_Types].xml` entry), never trusted from the name or
the browser, and the name must be a plain file name whose extension fits that type."""

import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from oversight.archives import check_zip_limits

# kind: (content type, extensions the name may carry)
KINDS = {
    "pdf": ("application/pdf", {"pdf"}),
    "png": ("image/png", {"png"}),
    "jpeg": ("image/jpeg", {"jpg", "jpeg"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {"docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {"xlsx"}),
    "odt": ("application/vnd.oasis.opendocument.text", {"odt"}),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", {"ods"}),
    # OLE2 compound file: a legacy Word or Excel file; the extension says which.
    "ole": ("application/x-ole-storage", {"doc", "xls"}),
}
LEGACY_TYPES = {"doc": "application/msword", "xls": "application/vnd.ms-excel"}

OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}
MAX_NAME_LENGTH = 150
# Bytes read from inside a zip; real [Content_Types].xml files are a few kilobytes.
MAX_INNER_READ = 256 * 1024

ALLOWED_DESCRIPTION = _("PDF, PNG, JPEG, Word (docx, doc), Excel (xlsx, xls), ODF (odt, ods)")


def check_name(name):
    """Return the name if it is a plain file name; refuse path parts and control characters."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise ValidationError(_("The file has no name."), code="no_name")
    if (
        "/" in name
        or "\\" in name
        or ".." in name
        or name.startswith(".")
        or any(unicodedata.category(ch).startswith("C") for ch in name)
    ):
        raise ValidationError(
            _("The file name “%(name)s” contains path or control characters; rename the file and try again."),
            code="bad_name",
            params={"name": name.encode("unicode_escape").decode("ascii")[:80]},
        )
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            _("The file name is longer than %(max)d characters."),
            code="long_name",
            params={"max": MAX_NAME_LENGTH},
        )
    if "." not in name:
        raise ValidationError(_("The file name has no extension."), code="no_extension")
    return name


def detect_kind(uploaded):
    """The kind of file the content is, or None when it is none of the allowed kinds."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head == b"\x89PNG\r\n\x1a\n":
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        try:
            return _zip_kind(uploaded)
        finally:
            uploaded.seek(0)
    return None


def _zip_kind(uploaded):
    try:
        archive = zipfile.ZipFile(uploaded)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    with archive:
        names = set(archive.namelist())
        try:
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    mimetype = entry.read(100).decode("ascii", "replace").strip()
                return ODF_MIMETYPES.get(mimetype)
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as entry:
                    content_types = entry.read(MAX_INNER_READ).decode("utf-8", "replace")
                for main_type, kind in OOXML_MAIN_TYPES.items():
                    if f'ContentType="{main_type}"' in content_types:
                        return kind
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
            return None
    return None


def validate_evidence_file(uploaded):
    """Check an uploaded file; return (clean name, content type) or raise ValidationError."""
    name = check_name(uploaded.name)
    max_bytes = settings.EVIDENCE_MAX_BYTES
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(max)s."),
            code="too_large",
            params={"name": name, "size": filesizeformat(uploaded.size), "max": filesizeformat(max_bytes)},
        )
    if uploaded.size == 0:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": name})
    uploaded.seek(0)
    if uploaded.read(4) == b"PK\x03\x04":
        check_zip_limits(uploaded, name)
    kind = detect_kind(uploaded)
    if kind is None:
        raise ValidationError(
            _("“%(name)s” is not an allowed file type. Allowed: %(allowed)s."),
            code="bad_type",
            params={"name": name, "allowed": ALLOWED_DESCRIPTION},
        )
    content_type, extensions = KINDS[kind]
    extension = name.rsplit(".", 1)[-1].lower()
    if extension not in extensions:
        raise ValidationError(
            _("The content of “%(name)s” does not match its extension."),
            code="extension_mismatch",
            params={"name": name},
        )
    return name, LEGACY_TYPES.get(extension, content_type)
