import time

from django.conf import settings
from django.contrib.auth import logout
from django.urls import reverse
from django.utils import translation


def idle_seconds_left(request) -> int:
    """How long the signed-in session has before it ends for want of a request."""
    last_seen = request.session.get("last_seen", int(time.time()))
    return max(0, settings.SESSION_IDLE_TIMEOUT - (int(time.time()) - last_seen))


def mark_seen(request) -> None:
    request.session["last_seen"] = int(time.time())


class SessionLifetimeMiddleware:
    """Ends a signed-in session after SESSION_IDLE_TIMEOUT seconds without a request.

    The absolute lifetime (12 hours) is the session cookie's age, set at sign-in
    and not renewed, because SESSION_SAVE_EVERY_REQUEST stays off.

    Asking how long the session has left (`views.session_status`, which pages ask before
    warning that it is about to end) is not a request of the user's: it does not count.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.status_path = None

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get("last_seen", now)
            # Minute precision is enough, and spares a session write per request.
            precision = min(60, settings.SESSION_IDLE_TIMEOUT // 10)
            if self.status_path is None:
                self.status_path = reverse("session_status")
            if now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
            elif request.path_info == self.status_path:
                pass
            elif now - last_seen >= precision or "last_seen" not in request.session:
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
