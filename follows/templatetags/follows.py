from django import template

from follows import selectors

register = template.Library()


@register.inclusion_tag("follows/_button.html", takes_context=True)
def follow_button(context, target):
    """The follow / unfollow button for a signed-in user who may follow `target` (one query);
    nothing for a visitor, so public pages stay the same for everyone who is not signed in."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {
        "show": True,
        "kind": selectors.target_field(target),
        "code": target.code,
        "following": selectors.is_following(user, target),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
