"""The sign-in page, with lockout after repeated failures (see rin_portal/security.py),
and the authentication backend."""

import copy

from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from . import generation, permissions, security
from .models import SecurityEvent

# Enough for every user of the national data set (about 600) in each process. Kept for
# five minutes at most: should renewing the people generation ever fail after a role was
# revoked, the revoked role cannot outlive it for longer.
_users = generation.Memory(2000, max_age=5 * 60)


class GenerationModelBackend(ModelBackend):
    """Django's backend, keeping the users of signed-in requests, with their roles, in
    this process's memory under the people generation.

    Any change of a user or their roles renews that generation, so a kept user is never
    out of date (only its sign-in time stamp may be), and a change of other data does
    not make every worker read its users again. Each request gets its own copy, and
    Django still checks the session's password hash against it.
    """

    def get_user(self, user_id):
        now = generation.people()
        if now is None:
            return super().get_user(user_id)
        user = _users.get(now, user_id)
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            permissions.scopes_of(user)  # read once, kept with the user
            _users.put(now, user_id, user)
        return copy.copy(user)


def forget_users() -> None:
    """Forget the users kept in this process's memory (tests: each has its own data)."""
    _users.clear()


LOCKED_OUT = _("Too many failed sign-ins. For your safety, signing in is paused for a few minutes.")


class LockoutMixin:
    """Refuses a sign-in while its user name or address is locked out (security.py)."""

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        if username and security.is_locked_out(username, security.client_ip(self.request)):
            security.record(SecurityEvent.Kind.LOCKOUT, self.request, username=username)
            raise ValidationError(self.error_messages["locked_out"], code="locked_out")
        return super().clean()


class LockoutAuthenticationForm(LockoutMixin, AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, "locked_out": LOCKED_OUT}


class LockoutAdminAuthenticationForm(LockoutMixin, AdminAuthenticationForm):
    """The admin's sign-in page checks passwords too: without the lockout it let anyone
    guess an administrator's password without limit."""

    error_messages = {**AdminAuthenticationForm.error_messages, "locked_out": LOCKED_OUT}


# Django's form views answer a PUT as a POST, and the sign-in page sends a signed-in user
# home before looking at the method: as the portal's own form views, GET, HEAD and POST.
form_methods = method_decorator(require_http_methods(["GET", "HEAD", "POST"]), name="dispatch")


@form_methods
class PortalLoginView(LoginView):
    form_class = LockoutAuthenticationForm
    redirect_authenticated_user = True


@form_methods
class PortalPasswordChangeView(PasswordChangeView):
    """Every user changes their own password (the administrator who created the account
    knew the first one). The user's other sessions end; this one goes on."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        security.record(SecurityEvent.Kind.PASSWORD_CHANGED, self.request, user=self.request.user)
        messages.success(self.request, gettext("Your password is changed."))
        return response
