from django.utils.translation import gettext as _


def site_title(request):
    """The title of the site the page belongs to: its congress's public title, else its name
    (the product's name for platform administrators in the admin, who serve every congress)."""
    congress = getattr(request, "congress", None)
    title = getattr(congress, "site_title", None)
    return {"site_title": title or _("Oversight tracker")}
