"""Related rows attached to model instances as prefetch_related does, but without the
queryset that prefetch_related builds for every instance (for a page of hundreds of
rows that costs more than reading the rows): used where a selector reads a whole yearly
report (plans/progress/selectors.py)."""

import weakref
from collections import defaultdict


def attach_prefetched(instances: list, name: str, related, field_name: str) -> None:
    """Attach `related` rows (a queryset or list, in order) to `instances` as Django's
    prefetch does, so that `instance.<name>.all()` returns them without a query; each
    row's `<field_name>` points back to its instance.

    Rows hold their instance by a weak reference (`_OwnerCache`), and the rows' `fresh`
    queryset too: the instance holds its rows, and references both ways would leave a
    page's rows to the cyclic garbage collector (rin_portal/templating.py tells why that
    matters)."""
    by_pk: dict[int, list] = defaultdict(list)  # (two entries may share a programme)
    for instance in instances:
        by_pk[instance.pk].append(instance)
    groups: dict[int, list] = defaultdict(list)
    for row in related:
        owner_id = getattr(row, f"{field_name}_id")
        groups[owner_id].append(row)
        cache = row._state.fields_cache
        if type(cache) is not _OwnerCache:
            cache = row._state.fields_cache = _OwnerCache(cache)
        cache.hold_weakly(field_name, by_pk[owner_id][0])
    for instance in instances:
        if not hasattr(instance, "_prefetched_objects_cache"):
            instance._prefetched_objects_cache = {}
        instance._prefetched_objects_cache[name] = Prefetched(
            groups[instance.pk], _fresh_rows(instance, name)
        )


def rows_of(instance, name: str) -> list:
    """The rows attached to `instance` as `name` (by `attach_prefetched`, or Django's
    prefetch), without building the related manager `instance.<name>` is: a report's
    summaries read some 300 of them, ~7 µs each. Unattached: the manager's rows."""
    cache = getattr(instance, "_prefetched_objects_cache", None)
    if cache is not None and name in cache:
        return cache[name]
    return list(getattr(instance, name).all())


def _fresh_rows(instance, name: str):
    held = weakref.ref(instance)  # (the instance holds the rows that hold this)

    def fresh():
        instance = held()
        manager = getattr(instance, name)
        cached = instance._prefetched_objects_cache.pop(name)
        try:
            return manager.get_queryset()
        finally:
            instance._prefetched_objects_cache[name] = cached

    return fresh


class Prefetched(list):
    """Rows attached by `attach_prefetched`, behaving as Django's prefetched querysets do:
    `all()`, iteration, `count()`, `exists()` and `first()` read the rows; anything else
    (`get()`, `filter()`, …) queries afresh."""

    def __init__(self, rows: list, fresh):
        super().__init__(rows)
        self._fresh = fresh  # () -> the unprefetched queryset

    def all(self) -> "Prefetched":
        return self

    def count(self) -> int:  # the manager's count(), not list.count(value)
        return len(self)

    def exists(self) -> bool:
        return bool(self)

    def first(self):
        return self[0] if self else None

    def get(self, *args, **kwargs):
        return self._fresh().get(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._fresh(), name)


class _OwnerCache(dict):
    """A row's cache of related instances (Django's `ModelState.fields_cache`, read by
    `row.<field>`), holding some of them weakly: the instance the row is attached to. Once
    that instance is gone, `row.<field>` reads it afresh, as for an unattached row."""

    def __init__(self, *args):
        super().__init__(*args)
        self._weak: dict[str, weakref.ref] = {}

    def hold_weakly(self, name: str, instance) -> None:
        self.pop(name, None)
        self._weak[name] = weakref.ref(instance)

    def __missing__(self, name: str):
        held = self._weak.get(name)
        found = held() if held is not None else None
        if found is None:
            raise KeyError(name)
        return found

    def __contains__(self, name) -> bool:
        return dict.__contains__(self, name) or self.get(name) is not None

    def get(self, name, default=None):
        try:
            return self[name]
        except KeyError:
            return default

    def __setitem__(self, name, value) -> None:  # set_cached_value: held as any other
        self._weak.pop(name, None)
        super().__setitem__(name, value)

    def __delitem__(self, name) -> None:  # delete_cached_value
        if self._weak.pop(name, None) is None:  # (a name is held one way or the other)
            super().__delitem__(name)

    def copy(self) -> dict:  # copying or pickling a row (Model.__getstate__): a plain dict
        return {name: self[name] for name in self._weak if name in self} | self
