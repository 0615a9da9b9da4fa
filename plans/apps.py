from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _reinstall_triggers(sender, using, **kwargs) -> None:
    from django.db import connections

    from .database import install_triggers

    install_triggers(connections[using])


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        # SQLite drops triggers when a migration rebuilds a table: put them back.
        post_migrate.connect(_reinstall_triggers, sender=self)
