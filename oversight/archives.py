"""Limits on zip packages (docx, xlsx, odt, ods) checked before anything opens them.

Python's zipfile reads the whole central directory when it opens a package, so a small file
holding a hundred thousand empty entries costs seconds of CPU before any content is read,
and a package may promise gigabytes once inflated. The entry count is read from the
end-of-central-directory record (22 bytes near the end) before zipfile sees the file; the
total inflated size is the sum the directory declares, checked before any entry is read.
"""

import struct
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

END_OF_DIRECTORY = b"PK\x05\x06"
END_RECORD_SIZE = 22
MAX_COMMENT = 0xFFFF


def _declared_entries(fileobj):
    """The entry count the package declares, or None when it has no readable end record."""
    fileobj.seek(0, 2)
    size = fileobj.tell()
    tail_size = min(size, END_RECORD_SIZE + MAX_COMMENT)
    fileobj.seek(size - tail_size)
    tail = fileobj.read(tail_size)
    position = tail.rfind(END_OF_DIRECTORY)
    if position < 0 or len(tail) - position < END_RECORD_SIZE:
        return None
    (entries,) = struct.unpack("<H", tail[position + 10 : position + 12])
    # 0xFFFF means the real count is in a ZIP64 record: more entries than any document has.
    return entries


def check_zip_limits(fileobj, name):
    """Raise ValidationError if the package has too many entries or inflates too large; a
    broken package is left to the caller's type check. Leaves the file at its start."""
    max_entries = settings.ZIP_MAX_ENTRIES
    max_bytes = settings.ZIP_MAX_UNCOMPRESSED_BYTES
    try:
        entries = _declared_entries(fileobj)
        if entries is None:
            return  # not a zip package: the type check that follows refuses it
        if entries > max_entries:
            raise ValidationError(
                _("“%(name)s” holds more than %(max)d parts; documents have far fewer."),
                code="zip_entries",
                params={"name": name, "max": max_entries},
            )
        fileobj.seek(0)
        try:
            with zipfile.ZipFile(fileobj) as archive:
                total = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return  # unreadable: the type check that follows refuses it
        if total > max_bytes:
            raise ValidationError(
                _("“%(name)s” would unpack to %(size)s; documents may unpack to at most %(max)s."),
                code="zip_size",
                params={"name": name, "size": filesizeformat(total), "max": filesizeformat(max_bytes)},
            )
    finally:
        fileobj.seek(0)
