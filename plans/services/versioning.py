"""No lost update: a save goes through only over the version the editor loaded.

Every edit form carries the version of the row it was loaded at. `claim_version`
raises the stored version by one in a single conditional UPDATE, so of two people
who loaded version 3 exactly one wins; the other gets an EditConflict holding the
row as it is now, and nothing of theirs is written. Call it inside
`transaction.atomic()`, before writing the row's other fields.
"""

from django.db.models import F

from plans.models import Versioned

from .errors import EditConflict


def claim_version(obj: Versioned, expected: int | None) -> None:
    model = type(obj)
    if expected is None:
        expected = -1  # a form without a version never wins
    claimed = model.objects.filter(pk=obj.pk, version=expected).update(version=F("version") + 1)
    if not claimed:
        raise EditConflict(model.objects.filter(pk=obj.pk).first())
    obj.version = expected + 1
