from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language as django_set_language

from news import selectors as news_selectors
from plans import selectors

from . import caching


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    def page() -> HttpResponse:
        context = {
            "regions": selectors.regions_with_plans(request.user),
            "news": news_selectors.latest_news(),
        }
        return render(request, "home.html", context)

    return caching.anonymous_page(request, "home", page)


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "legal/accessibility.html")


@login_not_required
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "legal/privacy.html")


@login_not_required
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers (and the benchmark's trivial baseline): no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


# Choosing a language changes no data; without a CSRF token in the language form,
# pages for visitors who are not signed in hold nothing personal and can be cached.
set_language = login_not_required(csrf_exempt(django_set_language))
