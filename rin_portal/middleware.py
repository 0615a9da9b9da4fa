import time

from django.conf import settings
from django.contrib.auth import logout


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
            else:
                request.session["last_seen"] = now
        return self.get_response(request)
