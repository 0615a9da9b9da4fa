from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.i18n import set_language as django_set_language

from news import selectors as news_selectors
from news import services as news_services
from plans import selectors

from . import caching
from .middleware import mark_seen, session_left


@login_not_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    def page() -> HttpResponse:
        context = {
            "regions": selectors.regions_with_plans(request.user),
            "news": news_selectors.latest_news(),
        }
        return render(request, "home.html", context)

    return caching.anonymous_page(request, "home", page)


@login_not_required
@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "legal/accessibility.html")


@login_not_required
@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    # The notice states how long a sign-up is kept as the code keeps it.
    context = {"confirmation_hours": news_services.CONFIRMATION_HOURS}
    return render(request, "legal/privacy.html", context)


@login_not_required
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers (and the benchmark's trivial baseline): no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


# Choosing a language changes no data; without a CSRF token in the language form,
# pages for visitors who are not signed in hold nothing personal and can be cached.
set_language = login_not_required(
    csrf_exempt(require_http_methods(["GET", "HEAD", "POST"])(django_set_language))
)


def _session(request: HttpRequest) -> JsonResponse:
    signed_in = request.user.is_authenticated
    left, limit = session_left(request) if signed_in else (0, "")
    return JsonResponse(
        {
            "signed_in": signed_in,
            # Whose session: a page drawn for one user does not send its form as another.
            "user": request.user.pk if signed_in else None,
            "seconds_left": left,
            "limit": limit,
            # The current form token: a page kept open while its user signed in again
            # (in another window) sends its form with it, not with the one it was drawn with.
            "csrf_token": get_token(request),
        }
    )


@login_not_required
@require_safe
@never_cache
def session_status(request: HttpRequest) -> JsonResponse:
    """Whether the visitor is still signed in and for how long without a request: pages
    warn before the session ends (WCAG 2.2.1) and check it before sending a form, so that
    what was typed is not lost to the sign-in page. Asking does not extend the session."""
    return _session(request)


@login_not_required
@require_POST
@never_cache
def session_extend(request: HttpRequest) -> JsonResponse:
    """ "Stay signed in", or typing on a page: the user is there, the session goes on."""
    if request.user.is_authenticated:
        mark_seen(request)
    return _session(request)
