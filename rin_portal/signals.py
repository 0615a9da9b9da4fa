"""The security log: sign-ins, sign-outs, failed sign-ins and role changes."""

from django.contrib.auth import signals
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import security
from .middleware import mark_signed_in
from .models import Role, SecurityEvent


@receiver(signals.user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_signed_in(request)
    security.record(SecurityEvent.Kind.LOGIN, request, user=user)


@receiver(signals.user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        security.record(SecurityEvent.Kind.LOGOUT, request, user=user)


@receiver(signals.user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    security.record(
        SecurityEvent.Kind.LOGIN_FAILED, request, username=credentials.get("username", "")
    )


@receiver(post_save, sender=Role)
def _role_saved(sender, instance, created, **kwargs):
    action = "granted" if created else "changed"
    security.record(
        SecurityEvent.Kind.ROLE_CHANGED, user=instance.user, detail=f"{action}: {instance}"
    )


@receiver(post_delete, sender=Role)
def _role_deleted(sender, instance, **kwargs):
    security.record(
        SecurityEvent.Kind.ROLE_CHANGED,
        username=instance.user.get_username(),
        detail=f"revoked: {instance}",
    )
