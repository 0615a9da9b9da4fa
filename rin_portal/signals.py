"""The security log: sign-ins, sign-outs, failed sign-ins and role changes."""

from django.contrib.auth import get_user_model, signals
from django.db.models.signals import post_delete, post_save, pre_save
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


def _by(instance) -> dict:
    """Who made the change, when the admin said so (rin_portal/admin.py sets `_rin_actor`)."""
    actor = getattr(instance, "_rin_actor", None)
    return {"by": actor.get_username()} if actor is not None else {}


def _role(instance) -> dict:
    scope = instance.region or instance.municipality
    return {"kind": instance.kind, "scope": str(scope) if scope else ""}


@receiver(post_save, sender=Role)
def _role_saved(sender, instance, created, **kwargs):
    security.record(
        SecurityEvent.Kind.ROLE_CHANGED,
        user=instance.user,
        code="role_granted" if created else "role_changed",
        params=_role(instance) | _by(instance),
    )


@receiver(post_delete, sender=Role)
def _role_deleted(sender, instance, **kwargs):
    security.record(
        SecurityEvent.Kind.ROLE_CHANGED,
        username=instance.user.get_username(),
        code="role_revoked",
        params=_role(instance) | _by(instance),
    )


# A superuser holds every role (permissions.scopes_of), staff open the admin, and an
# inactive user none: changing these flags is a change of roles, logged as one.
USER_FLAGS = ("is_superuser", "is_staff", "is_active")


@receiver(pre_save, sender=get_user_model())
def _user_flags_before(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not set(update_fields) & set(USER_FLAGS):
        return  # e.g. the sign-in stamp: no query
    before = None
    if instance.pk is not None:
        before = sender.objects.filter(pk=instance.pk).values(*USER_FLAGS).first()
    instance._rin_flags_before = before or dict.fromkeys(USER_FLAGS, False)


@receiver(post_save, sender=get_user_model())
def _user_flags_saved(sender, instance, created, **kwargs):
    before = instance.__dict__.pop("_rin_flags_before", None)
    if before is None:
        return
    changes = [
        [flag, bool(getattr(instance, flag))]
        for flag in USER_FLAGS
        if bool(getattr(instance, flag)) != bool(before[flag])
        and not (created and flag == "is_active")  # a new active user is no event
    ]
    if changes:
        security.record(
            SecurityEvent.Kind.ROLE_CHANGED,
            user=instance,
            code="flags",
            params={"changes": changes} | _by(instance),
        )
