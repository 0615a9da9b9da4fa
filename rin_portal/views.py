from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plans import selectors


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"regions": selectors.regions_with_plans(request.user)})


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "legal/accessibility.html")


@login_not_required
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "legal/privacy.html")
