"""Sign-in safety and the security log.

Failed sign-ins are counted per user name *and* address: five failures for the same
pair within the lockout window lock that pair; twenty from one address lock the
address for any user name (password spraying). The address is the TCP peer, or,
behind RIN_TRUSTED_PROXY_COUNT reverse proxies, the entry those proxies appended to
X-Forwarded-For; whatever a client writes into that header itself is ignored. An IPv6
address counts (and is logged) as its /64 network.
"""

import datetime
import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Role, SecurityEvent

ADDRESS_LIMIT_FACTOR = 4
# The privacy notice: "Security records are kept for one year."
RETENTION_DAYS = 365


def client_ip(request: HttpRequest) -> str | None:
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        hops = [
            hop.strip()
            for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if hop.strip()
        ]
        if len(hops) >= proxies:
            return _network(hops[-proxies])
    return _network(request.META.get("REMOTE_ADDR") or "")


def _network(address: str) -> str | None:
    """An IPv4 address as it is; an IPv6 address as its /64 network, which is one
    subscriber's (a home, an office): anyone given a /64 has 2^64 addresses to change
    to after every few failed sign-ins, so counting each apart locked nobody out."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def record(
    kind: str,
    request: HttpRequest | None = None,
    *,
    user=None,
    username: str = "",
    detail: str = "",
    code: str = "",
    params: dict | None = None,
) -> None:
    """Log an event. What happened is a `code` of DETAILS with its `params`, put into
    words when the log is read; `detail` is for what needs no words (a file's name)."""
    if user is not None and not username:
        username = user.get_username()
    SecurityEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        username=username[:150],
        ip_address=client_ip(request) if request is not None else None,
        detail=detail[:500],
        detail_code=code,
        detail_params=params or {},
    )


# What an event's code says; %(role)s is a role's name and scope, put into words too.
DETAILS = {
    "role_granted": gettext_lazy("granted: %(role)s"),
    "role_changed": gettext_lazy("changed: %(role)s"),
    "role_revoked": gettext_lazy("revoked: %(role)s"),
    "password_set": gettext_lazy("new password set"),
    "password_disabled": gettext_lazy("password disabled: cannot sign in with one"),
    "document": gettext_lazy("document %(id)s: %(name)s"),
}
# The changes of a "flags" event: a user's flag given (True) or taken away (False).
FLAGS = {
    ("is_superuser", True): gettext_lazy("made a superuser"),
    ("is_superuser", False): gettext_lazy("no longer a superuser"),
    ("is_staff", True): gettext_lazy("may open the admin"),
    ("is_staff", False): gettext_lazy("may no longer open the admin"),
    ("is_active", True): gettext_lazy("activated"),
    ("is_active", False): gettext_lazy("deactivated"),
}


def describe(event: SecurityEvent) -> str:
    """The event's detail in the active language. Events logged before details had codes
    show their text as it was stored (in English); they are deleted within a year."""
    code, params = event.detail_code, event.detail_params
    if code == "flags":
        text = "; ".join(str(FLAGS.get((flag, given), flag)) for flag, given in params["changes"])
    elif code in DETAILS:
        text = DETAILS[code] % {**params, "role": _role(params)}
    else:
        text = event.detail or code
    if params.get("by"):
        return _("%(detail)s (by %(user)s)") % {"detail": text, "user": params["by"]}
    return text


def _role(params: dict) -> str:
    """A role's kind in the reader's language, with its scope's name."""
    kind = params.get("kind", "")
    label = Role.Kind(kind).label if kind in Role.Kind.values else kind
    return f"{label} ({params['scope']})" if params.get("scope") else str(label)


def is_locked_out(username: str, ip: str | None) -> bool:
    since = timezone.now() - datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    failures = SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.LOGIN_FAILED, created_at__gte=since
    )
    limit = settings.LOGIN_FAILURE_LIMIT
    if failures.filter(username=username, ip_address=ip).count() >= limit:
        return True
    return ip is not None and failures.filter(ip_address=ip).count() >= limit * ADDRESS_LIMIT_FACTOR


def prune_events() -> int:
    """Delete security events older than RETENTION_DAYS; returns how many."""
    cutoff = timezone.now() - datetime.timedelta(days=RETENTION_DAYS)
    deleted, _by_model = SecurityEvent.objects.filter(created_at__lt=cutoff).delete()
    return deleted
