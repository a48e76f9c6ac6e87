"""A process's board of firms' content versions: what it may say, and when it must not."""

from __future__ import annotations

import queue
import threading
import time

import pytest

from core.version_board import VersionBoard, parse_announcement


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class FakeAnnouncements:
    """Announcements handed over by the test; `drop()` ends the current connection."""

    def __init__(self) -> None:
        self.notices: queue.Queue = queue.Queue()
        self.connections = 0
        self.refuse = False

    def listen(self, ready, stopping):
        if self.refuse:
            raise ConnectionError("refused")
        self.connections += 1
        ready()
        while not stopping():
            try:
                notice = self.notices.get(timeout=0.01)
            except queue.Empty:
                continue
            if notice == "drop":
                raise ConnectionError("connection lost")
            yield notice

    def announce(self, tenant_id: int, version: int) -> None:
        self.notices.put((tenant_id, version))

    def drop(self) -> None:
        self.notices.put("drop")


def eventually(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return condition()


@pytest.fixture
def announcements() -> FakeAnnouncements:
    return FakeAnnouncements()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def board(announcements, clock):
    board = VersionBoard(announcements, keep_seconds=60, idle_seconds=300, retry_seconds=0.01,
                         clock=clock)
    yield board
    board.stop()


def test_it_knows_nothing_before_its_listener_is_connected(board, announcements):
    announcements.refuse = True
    assert board.current(1) is None
    assert board.reading() is None
    board.learn(1, 5, board.reading())
    assert board.current(1) is None


def test_it_hears_what_commits_announce(board, announcements):
    assert board.wait_until_live(5)
    announcements.announce(1, 7)
    assert eventually(lambda: board.current(1) == 7)
    assert board.current(2) is None  # never heard of


def test_a_version_read_from_the_database_counts_while_it_listened_throughout(board):
    assert board.wait_until_live(5)
    reading = board.reading()
    board.learn(1, 4, reading)
    assert board.current(1) == 4


def test_a_version_read_before_the_listener_reconnected_is_not_kept(board, announcements):
    assert board.wait_until_live(5)
    reading = board.reading()
    connections = announcements.connections
    announcements.drop()  # a commit announced meanwhile would have been missed
    assert eventually(lambda: announcements.connections > connections and board.live)
    board.learn(1, 4, reading)
    assert board.current(1) is None


def test_it_never_goes_back_to_an_older_version(board, announcements):
    assert board.wait_until_live(5)
    reading = board.reading()
    announcements.announce(1, 9)
    assert eventually(lambda: board.current(1) == 9)
    board.learn(1, 8, reading)  # read before the announcement arrived
    assert board.current(1) == 9


def test_a_lost_connection_forgets_everything_until_it_listens_again(board, announcements):
    assert board.wait_until_live(5)
    announcements.announce(1, 3)
    assert eventually(lambda: board.current(1) == 3)
    announcements.refuse = True
    announcements.drop()
    assert eventually(lambda: not board.live)
    assert board.current(1) is None
    announcements.refuse = False
    assert eventually(lambda: board.live)
    assert board.current(1) is None  # heard before the loss: may have been raised unheard
    announcements.announce(1, 5)
    assert eventually(lambda: board.current(1) == 5)


def test_versions_are_forgotten_after_the_time_a_view_is_kept(board, announcements, clock):
    assert board.wait_until_live(5)
    board.learn(1, 2, board.reading())
    clock.now += 59
    assert board.current(1) == 2
    clock.now += 2
    assert board.current(1) is None


def test_it_stops_listening_when_no_one_asks_and_listens_again_when_asked(
        announcements, clock):
    board = VersionBoard(announcements, keep_seconds=60, idle_seconds=30, clock=clock)
    try:
        assert board.wait_until_live(5)
        clock.now += 31
        assert eventually(lambda: not board.live)
        board.current(1)  # asked again: starts listening again
        assert eventually(lambda: board.live)
        assert announcements.connections == 2
    finally:
        board.stop()


def test_forget_keeps_listening_but_drops_every_version(board, announcements):
    assert board.wait_until_live(5)
    reading = board.reading()
    board.learn(1, 6, reading)
    board.forget()
    assert board.current(1) is None
    board.learn(1, 6, reading)  # read before forgetting: no longer counts
    assert board.current(1) is None
    assert board.live


def test_one_listener_however_many_threads_ask(board, announcements):
    threads = [threading.Thread(target=board.current, args=(1,)) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert eventually(lambda: board.live)
    assert announcements.connections == 1


@pytest.mark.parametrize("payload, expected", [
    ("12:345", (12, 345)), ("12:", None), (":3", None), ("x:1", None), ("1:-2", None),
    ("", None)])
def test_announcements_are_read_strictly(payload, expected):
    assert parse_announcement(payload) == expected
