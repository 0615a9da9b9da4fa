from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SESSION_IDLE_SECONDS": settings.SESSION_IDLE_TIMEOUT,
        "SESSION_IDLE_MINUTES": settings.SESSION_IDLE_TIMEOUT // 60,
        "SESSION_MAX_HOURS": settings.SESSION_COOKIE_AGE // 3600,
        "SESSION_MAX_SECONDS": settings.SESSION_COOKIE_AGE,
    }
