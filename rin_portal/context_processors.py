from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SESSION_IDLE_SECONDS": settings.SESSION_IDLE_TIMEOUT,
        "SESSION_IDLE_MINUTES": settings.SESSION_IDLE_TIMEOUT // 60,
    }
