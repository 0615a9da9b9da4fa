"""The sign-in page, with lockout after repeated failures (see rin_portal/security.py)."""

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import security
from .models import SecurityEvent


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "locked_out": _(
            "Too many failed sign-ins. For your safety, signing in is paused for a few minutes."
        ),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        if username and security.is_locked_out(username, security.client_ip(self.request)):
            security.record(SecurityEvent.Kind.LOCKOUT, self.request, username=username)
            raise ValidationError(self.error_messages["locked_out"], code="locked_out")
        return super().clean()


class PortalLoginView(LoginView):
    form_class = LockoutAuthenticationForm
    redirect_authenticated_user = True
