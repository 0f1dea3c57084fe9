"""The client's address, as login throttling and rate limits key on it.

Behind reverse proxies every request comes from the proxy, so the address must be read from
`X-Forwarded-For`, but only the entries our own proxies appended can be trusted: a client
can send any header it likes. With TRUSTED_PROXY_COUNT = N, the last N entries of the
header were written by our N proxies, and the N-th from the right is the address the
outermost proxy saw. Without proxies (N = 0) the header is ignored.
"""

import ipaddress

from django.conf import settings


def _valid(address):
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request):
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        # Fewer entries than proxies: the chain is not the configured one; trust nothing in it.
        if len(forwarded) >= count:
            address = _valid(forwarded[-count])
            if address:
                return address
    return _valid(remote) or remote
