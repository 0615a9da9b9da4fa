"""Whole-page caching for visitors who are not signed in.

Their pages hold nothing personal (no CSRF token, no name, no role), so one rendering
can serve all of them. A page is cached only when no message waits to be shown, and
its key must change whenever its data does (e.g. hold the plan's revision).
"""

from collections.abc import Callable

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

PAGE_SECONDS = 60 * 60


def anonymous_page(
    request: HttpRequest, key: str, render: Callable[[], HttpResponse]
) -> HttpResponse:
    if request.user.is_authenticated or len(get_messages(request)):
        return render()
    full_key = f"page:{key}:{get_language()}"
    cached = cache.get(full_key)
    if cached is not None:
        return HttpResponse(cached)
    response = render()
    if response.status_code == 200 and not response.cookies:
        cache.set(full_key, response.content, PAGE_SECONDS)
    return response
