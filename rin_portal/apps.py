from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db import apps as tasks_db_apps


class RinPortalConfig(AppConfig):
    name = "rin_portal"
    verbose_name = _("Portal: roles and security")

    def ready(self) -> None:
        from django.utils.autoreload import file_changed

        from . import caching, generation, signals  # noqa: F401  (signals: the security log)

        generation.install()
        file_changed.connect(caching.template_changed, dispatch_uid="rin_portal.template_changed")


class TaskQueueConfig(tasks_db_apps.TasksAppConfig):
    """The task queue's app (django_tasks_db) under a name the admin shows translated: its
    own ("Tasks Database Backend") is not a gettext call. INSTALLED_APPS names this class
    in place of "django_tasks_db"; the label, and so the tables, stay the app's."""

    default = False  # rin_portal's own app stays RinPortalConfig
    verbose_name = _("Task queue")

    def ready(self) -> None:
        super().ready()
        from django_tasks_db.models import DBTaskResult

        # A task's page, its breadcrumbs and history were headed "DBTaskResult object
        # (<id>)", the model's default name in English: name it by its task instead.
        DBTaskResult.__str__ = task_result_name


def task_result_name(result) -> str:
    """The task's function and the result's id. From the path, without importing the task
    (`task_name` does, and fails for a task no longer there)."""
    return f"{result.task_path.rsplit('.', 1)[-1]} ({result.pk})"
