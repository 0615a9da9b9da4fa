import pytest


@pytest.fixture(autouse=True)
def _immediate(immediate_tasks):
    """Run queued mail at once, as the worker would."""
