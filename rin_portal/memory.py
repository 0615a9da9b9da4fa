"""Values kept in a process's memory, within a budget."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class Lru:
    """Least recently used values go first once their total cost passes `budget`; a
    value costing more than all of it is not kept."""

    def __init__(self, budget: int, cost: Callable[[object], int] = lambda value: 1):
        self.budget, self.cost = budget, cost
        self._lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        with self._lock:
            self._values, self._used = OrderedDict(), 0

    def get(self, key: Hashable):
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: Hashable, value) -> None:
        cost = self.cost(value)
        if cost > self.budget:
            return
        with self._lock:
            old = self._values.pop(key, None)
            if old is not None:
                self._used -= self.cost(old)
            self._values[key] = value
            self._used += cost
            while self._used > self.budget:
                _, dropped = self._values.popitem(last=False)
                self._used -= self.cost(dropped)
