import pytest


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Run queued mail at once, as the worker would."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "documents"],
        }
    }
