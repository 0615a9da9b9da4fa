import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipalities.models import Region
from plans.models import Plan, YearlyReport


class NewsItem(models.Model):
    """A short announcement of a region's coordination group, public once published."""

    region = models.ForeignKey(
        Region, models.PROTECT, related_name="news", verbose_name=_("region")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=10_000)
    published_on = models.DateField(_("date"))
    plan = models.ForeignKey(
        Plan,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="news",
        verbose_name=_("related plan"),
    )
    report = models.ForeignKey(
        YearlyReport,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="news",
        verbose_name=_("related yearly report"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Set when the group takes the draft the item is about back from public consultation
    # (plans.services.lifecycle.plan_end_consultation): the item then says so, and no
    # longer links to the draft's public page while the draft is not public.
    consultation_ended_at = models.DateTimeField(
        _("public consultation ended at"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        indexes = [models.Index(fields=["region", "-published_on"], name="news_item_region_recent")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("public:news_item", args=[self.region.slug, self.pk])


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Subscriber(models.Model):
    """An e-mail address that confirmed it wants a region's e-news (double opt-in)."""

    email = models.EmailField(_("e-mail"), unique=True)
    regions = models.ManyToManyField(Region, related_name="subscribers", verbose_name=_("regions"))
    consented_at = models.DateTimeField(_("consent given at"))
    consent_text = models.TextField(_("consent given to"))
    # Only for links mailed before unsubscribe links were signed (news/migrations/0003):
    # the hash of the random token they carry. Newer links are not stored at all.
    unsubscribe_token_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.unsubscribed_at is None

    def get_unsubscribe_url(self) -> str:
        return settings.SITE_URL + reverse("public:unsubscribe", args=[self.unsubscribe_token()])

    def unsubscribe_token(self) -> str:
        """The token of this subscription's unsubscribe link ("<id>.<signature>"): signed
        with the SECRET_KEY, not stored, so the database alone unsubscribes nobody."""
        return self._link_signer().sign(str(self.pk))

    def has_unsubscribe_token(self, token: str) -> bool:
        try:
            return self._link_signer().unsign(token) == str(self.pk)
        except signing.BadSignature:
            return False

    def _link_signer(self) -> signing.Signer:
        # The address is signed too: a link made for one address does not unsubscribe
        # another given the same id (after a backup was restored, say).
        return signing.Signer(salt=f"news.unsubscribe:{self.email}", sep=".")

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class PendingSubscription(models.Model):
    """A sign-up waiting for its confirmation link to be opened (valid for a limited time).

    Only the hash of the link's token is stored, so the database alone cannot confirm
    anyone. The sender's address is kept to rate-limit sign-ups, and deleted with the row.
    """

    email = models.EmailField(_("e-mail"), db_index=True)
    regions = models.JSONField(_("regions"))
    token_hash = models.CharField(max_length=64, unique=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pending sign-up")
        verbose_name_plural = _("pending sign-ups")

    def __str__(self) -> str:
        return self.email
