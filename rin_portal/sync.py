"""Idempotent writes for loaders: create a row, or update it only where a value differs."""

from django.db import models


def sync_row(
    model: type[models.Model], lookup: dict, values: dict
) -> tuple[models.Model, bool, bool]:
    """Return (row, created, changed). Saves only when something differs."""
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    if created:
        obj = model(**lookup)
    changed = False
    for name, value in values.items():
        model_field = model._meta.get_field(name)
        if model_field.is_relation:  # compare keys, without loading the related row
            current, wanted = getattr(obj, model_field.attname), value.pk if value else None
        else:
            current, wanted = getattr(obj, name), value
        if current != wanted:
            setattr(obj, name, value)
            changed = True
    if created or changed:
        obj.full_clean(exclude=["sort_name"], validate_unique=False, validate_constraints=False)
        obj.save()
    return obj, created, changed
