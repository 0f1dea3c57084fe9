from django.db import DatabaseError
from django.utils.translation import gettext as _


def public_site_title(request):
    """The title of the site the page belongs to: its congress's public title, else its short
    name (the product's name for platform administrators in the admin, who serve every
    congress, and while the database cannot be read, so the pages that need none still answer)."""
    try:
        title = getattr(getattr(request, "congress", None), "site_title", None)
    except DatabaseError:
        title = None
    return {"public_site_title": title or _("Oversight tracker")}
