import time

from django.conf import settings
from django.contrib.auth import logout
from django.utils import translation


class SessionLifetimeMiddleware:
    """Ends a signed-in session after SESSION_IDLE_TIMEOUT seconds without a request.

    The absolute lifetime (12 hours) is the session cookie's age, set at sign-in
    and not renewed, because SESSION_SAVE_EVERY_REQUEST stays off.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get("last_seen", now)
            if now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
            elif now - last_seen >= 60 or "last_seen" not in request.session:
                # Minute precision is enough, and spares a session write per request.
                request.session["last_seen"] = now
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
