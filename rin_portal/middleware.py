import time

from django.conf import settings
from django.contrib.auth import logout
from django.urls import reverse
from django.utils import translation


def session_left(request) -> tuple[int, str]:
    """How long the signed-in session has, and which limit ends it: "idle" (no request
    for SESSION_IDLE_TIMEOUT) or "absolute" (SESSION_COOKIE_AGE since signing in)."""
    now = int(time.time())
    idle = settings.SESSION_IDLE_TIMEOUT - (now - request.session.get("last_seen", now))
    absolute = settings.SESSION_COOKIE_AGE - (now - request.session.get("signed_in_at", now))
    return (max(0, idle), "idle") if idle <= absolute else (max(0, absolute), "absolute")


def mark_seen(request) -> None:
    request.session["last_seen"] = int(time.time())


def mark_signed_in(request) -> None:
    """At sign-in (`signals`): the start of the absolute lifetime."""
    request.session["signed_in_at"] = request.session["last_seen"] = int(time.time())


class SessionLifetimeMiddleware:
    """Ends a signed-in session after SESSION_IDLE_TIMEOUT seconds without a request, and
    SESSION_COOKIE_AGE (12 hours) after signing in, however active. The second is kept
    here, not by the cookie's age: every write of the session (the activity stamp) sends
    the cookie again with a fresh age.

    Asking how long the session has left (`views.session_status`, which pages ask before
    warning that it is about to end) is not a request of the user's: it does not count.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.status_path = None

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            if "signed_in_at" not in request.session:  # signed in before this was kept
                request.session["signed_in_at"] = now
            left, _limit = session_left(request)
            # Minute precision is enough, and spares a session write per request.
            precision = min(60, settings.SESSION_IDLE_TIMEOUT // 10)
            if self.status_path is None:
                self.status_path = reverse("session_status")
            if left <= 0:
                logout(request)
            elif request.path == self.status_path:
                pass
            elif now - request.session.get("last_seen", 0) >= precision:
                mark_seen(request)
        return self.get_response(request)


class LanguageMiddleware:
    """Slovenian unless the visitor chose English with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    a Slovenian public portal opens in Slovenian for everyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
