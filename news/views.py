"""The public portal: regions, their published plans, news and the e-newsletter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from municipalities.models import Region
from plans import reference
from plans.progress.views.reports import report_detail as progress_report_detail
from plans.views.plan_read import plan_text_version, render_plan_body
from rin_portal import caching, permissions, security

from . import selectors, services
from .forms import NewsItemForm, SubscribeForm


@login_not_required
@require_safe
def region(request: HttpRequest, region_slug: str) -> HttpResponse:
    def page() -> HttpResponse:
        region = reference.region(region_slug)
        if region is None:
            raise Http404
        plans = selectors.public_plans_of(region)
        context = {
            "region": region,
            "plans": plans,
            "reports": selectors.approved_reports_of(plans),
            "news": selectors.news_of(region),
            "can_publish": permissions.can_publish_news(request.user, region),
        }
        return render(request, "public/region.html", context)

    # Not shared through Redis, as the public plan page below: each worker draws it from
    # the region and plans it keeps and two small queries in a few milliseconds, of
    # which the round trips to Redis to look for it and to store it took a sixth.
    return caching.anonymous_page(request, "region", page, shared=False)


@login_not_required
@require_safe
def plan(request: HttpRequest, region_slug: str, plan_slug: str) -> HttpResponse:
    """The public text of a confirmed or adopted plan, or the current draft of a plan in
    public consultation (with a notice saying so); other drafts never show here."""

    def page() -> HttpResponse:
        plan_text_version()  # before the plan is read
        plan = selectors.public_plan(plan_slug)
        if plan is None or plan.scope_region.slug != region_slug:
            raise Http404
        reader = {"view_drafts": False, "edit": False}
        body = render_plan_body(request, plan, reader)
        context = {
            "plan": plan,
            "can": reader,
            "region": plan.scope_region,
            "report_years": selectors.approved_report_years(plan),
            **body,
        }
        return render(request, "public/plan.html", context)

    # Not shared through Redis, as a member's plan page (plans/views/plan_read.py): each
    # worker keeps the plan's text and draws the page from it in a few milliseconds,
    # while fetching and storing the whole page (some 220 kB) costs about as much.
    return caching.anonymous_page(request, "public-plan", page, shared=False)


@login_not_required
@require_safe
def report(request: HttpRequest, region_slug: str, plan_slug: str, year: int) -> HttpResponse:
    """An approved yearly report at the public address of its plan."""
    found = selectors.approved_reports_of_slug(plan_slug).filter(year=year).first()
    if found is None:
        reopened = selectors.reopened_report(plan_slug, year)
        if reopened is not None and reopened.plan.scope_region.slug == region_slug:
            context = {
                "report": reopened,
                "plan": reopened.plan,
                "region": reopened.plan.scope_region,
            }
            return render(request, "public/report_reopened.html", context)
        raise Http404
    if found.plan.scope_region.slug != region_slug:
        raise Http404
    return progress_report_detail(request, plan_slug, year)


@login_not_required
@require_safe
def news_item(request: HttpRequest, region_slug: str, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.news_of_slug(region_slug), pk=pk)
    context = {"item": item, "region": item.region, "body": selectors.news_body(item)}
    return render(request, "news/news_item.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def news_create(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = get_object_or_404(Region, slug=region_slug)
    if not permissions.can_publish_news(request.user, region):
        raise PermissionDenied
    form = NewsItemForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        item = services.news_publish(user=request.user, region=region, **form.cleaned_data)
        messages.success(request, _("The news item is published and subscribers are being told."))
        return redirect(item)
    return render(request, "news/news_form.html", {"form": form, "region": region})


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST or None, initial={"regions": request.GET.getlist("regija")})
    if request.method == "POST" and form.is_valid():
        try:
            services.subscription_request(
                email=form.cleaned_data["email"],
                regions=list(form.cleaned_data["regions"]),
                ip=security.client_ip(request),
            )
        except services.RateLimited as error:
            form.add_error(None, str(error))
            return render(request, "news/subscribe.html", {"form": form}, status=429)
        return render(request, "news/subscribe_sent.html")
    return render(request, "news/subscribe.html", {"form": form})


# Opening a link from an e-mail only asks; the button (a POST) acts. Mail scanners open
# links to check them (GET or HEAD), and must neither confirm a subscription nobody asked
# for nor unsubscribe a reader: only a POST acts, whatever else the method is.


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    if request.method != "POST":
        regions = services.pending_regions(token)
        return render(request, "news/link_result.html", {"ask": "confirm", "regions": regions})
    try:
        subscriber = services.subscription_confirm(token=token)
    except services.NewsError as error:
        return render(request, "news/link_result.html", {"error": str(error)}, status=400)
    return render(request, "news/link_result.html", {"subscriber": subscriber, "confirmed": True})


@login_not_required
@csrf_exempt  # mail clients post here without a form (RFC 8058); the token is the secret
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The button on the page, or a mail client's one-click POST (RFC 8058), unsubscribes."""
    if request.method != "POST":
        return render(request, "news/link_result.html", {"ask": "unsubscribe"})
    try:
        subscriber = services.unsubscribe(token=token)
    except services.NewsError as error:
        return render(request, "news/link_result.html", {"error": str(error)}, status=400)
    return render(
        request, "news/link_result.html", {"subscriber": subscriber, "unsubscribed": True}
    )
