"""Rendered views kept per key for a while, the least recently used leaving first."""

from __future__ import annotations

from core.view_cache import ViewCache


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def counting_renderer(card: dict):
    calls = []

    def render() -> dict:
        calls.append(1)
        return card

    return render, calls


def test_a_view_is_rendered_once_per_key_until_its_time_is_up():
    clock = Clock()
    cache = ViewCache(seconds=60, entries=10, clock=clock)
    render, calls = counting_renderer({"header": "home"})

    assert cache.view("a", render) is cache.view("a", render)
    clock.now += 59
    cache.view("a", render)
    assert len(calls) == 1
    clock.now += 2
    cache.view("a", render)
    assert len(calls) == 2


def test_the_least_recently_used_view_leaves_first():
    cache = ViewCache(seconds=60, entries=2)
    render, calls = counting_renderer({})
    cache.view("a", render)
    cache.view("b", render)
    cache.view("a", render)
    cache.view("c", render)  # "b" leaves
    cache.view("a", render)
    cache.view("b", render)
    assert len(calls) == 4


def test_zero_seconds_turns_it_off():
    cache = ViewCache(seconds=0, entries=10)
    render, calls = counting_renderer({})
    cache.view("a", render)
    cache.view("a", render)
    assert len(calls) == 2
