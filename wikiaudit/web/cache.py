"""A least-recently-used cache bounded by the size of what it holds, not by a count.

Reports are kept by ``(wiki, revision id)``: a revision never changes, so a report made once is
right for as long as this wikiaudit runs. A count would not bound memory (one report of a long
article weighs as much as a hundred short ones), so entries are weighed by the caller and the
oldest are dropped once the total passes the cap. An entry heavier than a quarter of the cap is
not kept at all: it would push out everything else.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class SizedLRU(Generic[V]):
    """Not thread-safe: the server touches it only from its event loop."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.total = 0
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> V | None:
        item = self._items.get(key)
        if item is None:
            self.misses += 1
            return None
        self._items.move_to_end(key)
        self.hits += 1
        return item[0]

    def put(self, key: Hashable, value: V, size: int) -> bool:
        """Keep ``value``; False when it is too heavy to keep."""
        if size > self.max_bytes // 4:
            return False
        old = self._items.pop(key, None)
        if old is not None:
            self.total -= old[1]
        self._items[key] = (value, size)
        self.total += size
        while self.total > self.max_bytes:
            _, (_, dropped) = self._items.popitem(last=False)
            self.total -= dropped
        return True
