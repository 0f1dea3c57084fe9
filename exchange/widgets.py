"""Cell converters for the spreadsheets. Each renders a value as text (so every format carries
the same strings and a round trip is exact) and cleans a cell back, raising ValueError with a
message meant for the person who filled in the sheet.

References are by natural key and are looked up in the import's `Index` (prefetched dicts plus
the rows earlier in the same file), never by a query per cell."""

import datetime
import decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from import_export import widgets

SEPARATOR = ";"


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class IntegerWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, bool):
            raise ValueError(_("Enter a whole number."))
        try:
            number = decimal.Decimal(str(value).strip())
        except decimal.InvalidOperation:
            raise ValueError(_("Enter a whole number.")) from None
        if number != number.to_integral_value():
            raise ValueError(_("Enter a whole number."))
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DecimalWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        text = str(value).strip().replace(",", "")
        try:
            number = decimal.Decimal(text)
        except decimal.InvalidOperation:
            raise ValueError(_("Enter a number.")) from None
        if not number.is_finite():
            raise ValueError(_("Enter a number."))
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        # Strip the storage scale (-29.8000 -> -29.8) without switching to exponent notation.
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text


class BooleanWidget(widgets.Widget):
    TRUE = {"1", "true", "yes", "y", "是", "x", "√"}
    FALSE = {"0", "false", "no", "n", "否"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if is_blank(value):
            return None
        text = str(value).strip().lower()
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("Enter 1 or 0 (yes or no)."))

    def render(self, value, obj=None, **kwargs):
        return "1" if value else "0"


class DateWidget(widgets.Widget):
    FORMAT = "%Y-%m-%d"

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, datetime.datetime):
            # Spreadsheet programs hand dates over as midnight datetimes.
            if value.time() != datetime.time(0):
                raise ValueError(_("Enter a date as YYYY-MM-DD, without a time."))
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.datetime.strptime(str(value).strip(), self.FORMAT).date()
        except ValueError:
            raise ValueError(_("Enter a date as YYYY-MM-DD.")) from None

    def render(self, value, obj=None, **kwargs):
        return value.strftime(self.FORMAT) if value else ""


class DateTimeWidget(widgets.Widget):
    """Local time (the site's time zone), to the second."""

    FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, datetime.datetime):
            parsed = value.replace(tzinfo=None, microsecond=0)
        else:
            parsed = None
            for fmt in self.FORMATS:
                try:
                    parsed = datetime.datetime.strptime(str(value).strip(), fmt)
                    break
                except ValueError:
                    continue
            if parsed is None:
                raise ValueError(_("Enter a date and time as YYYY-MM-DD HH:MM:SS.")) from None
        return timezone.make_aware(parsed)

    def render(self, value, obj=None, **kwargs):
        return timezone.localtime(value).strftime(self.FORMATS[0]) if value else ""


class ChoiceWidget(widgets.Widget):
    """A choice by its stored value or by its label in any of the site's languages."""

    def __init__(self, choices_class):
        super().__init__()
        self.choices_class = choices_class
        self._lookup = None

    def lookup(self):
        if self._lookup is None:
            from django.conf import settings

            table = {}
            for value, label in self.choices_class.choices:
                table[str(value).lower()] = value
                for code, _name in settings.LANGUAGES:
                    with translation.override(code):
                        table[str(label).strip().lower()] = value
            self._lookup = table
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return ""
        found = self.lookup().get(str(value).strip().lower())
        if found is None:
            allowed = ", ".join(self.choices_class.values)
            raise ValueError(
                _("“%(value)s” is not one of: %(allowed)s.") % {"value": value, "allowed": allowed}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class RefWidget(widgets.Widget):
    """A reference to another record by its natural key.

    `kind` names the Index table; `scope` names an earlier column whose cleaned object the key
    is looked up within (an indicator by name within its topic)."""

    def __init__(self, kind, render_key, scope=None):
        super().__init__()
        self.kind = kind
        self.render_key = render_key
        self.scope = scope

    def clean(self, value, row=None, index=None, cleaned=None, **kwargs):
        if is_blank(value):
            return None
        key = str(int(value) if isinstance(value, float) and value.is_integer() else value).strip()
        scope = (cleaned or {}).get(self.scope) if self.scope else None
        if self.scope and scope is None:
            # The scope column already carries its own error; this one cannot be resolved.
            raise ValueError(
                _("Cannot be checked until the %(column)s column is valid.") % {"column": self.scope}
            )
        found = index.find(self.kind, key, scope)
        if found is None:
            raise ValueError(index.unknown_message(self.kind, key))
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else self.render_key(value)


class RefListWidget(RefWidget):
    """Several references in one cell, separated by semicolons."""

    def clean(self, value, row=None, index=None, cleaned=None, **kwargs):
        if is_blank(value):
            return []
        found, errors = [], []
        for part in str(value).replace("；", SEPARATOR).split(SEPARATOR):
            if not part.strip():
                continue
            try:
                found.append(super().clean(part, row=row, index=index, cleaned=cleaned))
            except ValueError as exc:
                errors.append(str(exc))
        if errors:
            raise ValueError(" ".join(dict.fromkeys(errors)))
        # Unsaved records (rows earlier in the file) are not hashable: dedupe by identity.
        return list({id(item): item for item in found}.values())

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{SEPARATOR} ".join(sorted(self.render_key(item) for item in value.all()))
