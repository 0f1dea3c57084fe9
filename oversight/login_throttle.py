"""django-axes, with one more limit: failed sign-ins from one address across usernames.

Axes locks a username and address pair (AXES_LOCKOUT_PARAMETERS), so a stranger cannot lock
a colleague out from elsewhere. That alone lets one address try a password against every
username; LOGIN_FAILURE_LIMIT_PER_ADDRESS failures within AXES_COOLOFF_TIME from an address,
whatever the usernames, lock that address out too.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def failures_from_address(address):
    attempts = AccessAttempt.objects.filter(ip_address=address)
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AddressLimitedHandler(AxesDatabaseHandler):
    def _address_locked(self, request):
        address = getattr(request, "axes_ip_address", None)
        return bool(address) and failures_from_address(address) >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or self._address_locked(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and self._address_locked(request):
            # The lockout page (AxesMiddleware), as for a locked username.
            request.axes_locked_out = True
            request.axes_credentials = credentials
