from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RinPortalConfig(AppConfig):
    name = "rin_portal"
    verbose_name = _("Portal: roles and security")

    def ready(self) -> None:
        from django.utils.autoreload import file_changed

        from . import caching, generation, signals  # noqa: F401  (signals: the security log)

        generation.install()
        file_changed.connect(caching.template_changed, dispatch_uid="rin_portal.template_changed")
