class PlanError(Exception):
    """A refused action on a plan or a yearly report, worded for the user."""


class EditConflict(PlanError):
    """Someone saved the object after the user loaded it; nothing was written.

    `current` is the object as it is stored now, for the conflict page.
    """

    def __init__(self, current, message: str = ""):
        super().__init__(message or "Edit conflict")
        self.current = current


class ReasonRequired(PlanError):
    """A change to a confirmed plan's target, baseline or amount needs a reason."""
