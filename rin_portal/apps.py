from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RinPortalConfig(AppConfig):
    name = "rin_portal"
    verbose_name = _("Portal: roles and security")

    def ready(self) -> None:
        from . import generation, signals  # noqa: F401  (signals: connects the security log)

        generation.install()
