"""Views rendered for one person, served again while nothing changed in their firm.

A rendered view (an add-on card, a feed) is a pure function of the data it
shows, the viewer, their language and time zone, and the time (for "2 min
ago"). A firm's data changes only by commits, and every such commit raises the
firm's content version (core/content_versions.py): keyed on that version and
on everything else the view depends on, a cached view is the view that would be
rendered now, give or take the minute its relative times may lag (the time to
live).

Per process, bounded (least recently used out first), thread-safe.
"""

from __future__ import annotations

import time
from typing import Callable, Hashable, TypeVar

from core.bounded_map import BoundedMap

View = TypeVar("View")


class ViewCache:
    def __init__(self, *, seconds: float, entries: int,
                 clock: Callable[[], float] = time.monotonic):
        self.seconds, self.entries, self._clock = seconds, entries, clock
        self._views: BoundedMap[tuple[float, object]] = BoundedMap(entries)

    @property
    def enabled(self) -> bool:
        return self.seconds > 0 and self.entries > 0

    def view(self, key: Hashable, render: Callable[[], View]) -> View:
        """The view cached under `key`, or `render()`'s, cached. Callers must not change it."""
        if not self.enabled:
            return render()
        now = self._clock()
        found = self._views.get(key)
        if found is not None and found[0] > now:
            return found[1]  # type: ignore[return-value]
        rendered = render()
        self._views.put(key, (now + self.seconds, rendered))
        return rendered

    def clear(self) -> None:
        self._views.clear()
