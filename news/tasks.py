"""Mail that the task worker sends: confirmation links and notices to subscribers."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from municipalities.models import Region
from plans.models import Plan, YearlyReport
from rin_portal.text import one_line

from .models import NewsItem, Subscriber


@task()
def send_confirmation(pending_id: int) -> None:
    from . import services

    issued = services.confirmation_token_issue(pending_id=pending_id)
    if issued is None:
        return
    pending, token = issued
    regions = sorted(Region.objects.filter(pk__in=pending.regions), key=lambda r: r.sort_name)
    with translation.override(settings.LANGUAGE_CODE):
        link = settings.SITE_URL + reverse("public:confirm", args=[token])
        context = {"link": link, "regions": ", ".join(region.name for region in regions)}
        body = render_to_string("news/email/confirm.txt", context)
        subject = render_to_string("news/email/confirm_subject.txt").strip()
    EmailMessage(subject, body, to=[pending.email]).send()


def _notice(kind: str, object_id: int):
    """(region, subject context) of what happened, or None if it no longer exists."""
    if kind == "news":
        item = NewsItem.objects.select_related("region").filter(pk=object_id).first()
        # A consultation taken back before its news went out is not announced at all.
        if item is None or item.consultation_ended_at is not None:
            return None
        return item.region, {"kind": kind, "item": item, "url": item.get_absolute_url()}
    if kind == "plan":
        plan = (
            Plan.objects.select_related("region", "municipality__region")
            .filter(pk=object_id)
            .first()
        )
        if plan is None or not plan.is_public:
            return None
        url = reverse("public:plan", args=[plan.scope_region.slug, plan.slug])
        return plan.scope_region, {"kind": kind, "plan": plan, "url": url}
    if kind == "report":
        report = (
            YearlyReport.objects.select_related("plan__region", "plan__municipality__region")
            .filter(pk=object_id)
            .first()
        )
        if report is None or report.status != YearlyReport.Status.APPROVED:
            return None
        url = reverse(
            "public:report", args=[report.plan.scope_region.slug, report.plan.slug, report.year]
        )
        return report.plan.scope_region, {"kind": kind, "report": report, "url": url}
    raise ValueError(f"unknown notice kind {kind!r}")


@task()
def notify_subscribers(kind: str, object_id: int) -> int:
    """E-mail every active subscriber of the region; each mail has its own unsubscribe link."""
    found = _notice(kind, object_id)
    if found is None:
        return 0
    region, context = found
    context["url"] = settings.SITE_URL + context["url"]
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = one_line(render_to_string("news/email/notice_subject.txt", context))
        for subscriber in Subscriber.objects.filter(regions=region, unsubscribed_at__isnull=True):
            unsubscribe = subscriber.get_unsubscribe_url()
            body = render_to_string(
                "news/email/notice.txt", {**context, "unsubscribe": unsubscribe}
            )
            message = EmailMessage(
                subject,
                body,
                to=[subscriber.email],
                headers={
                    "List-Unsubscribe": f"<{unsubscribe}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
            message.send()
            sent += 1
    return sent
