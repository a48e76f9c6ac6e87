"""Fixtures for the gateway's specifications.

Service modules ask many questions of one world built once per module, each
test in a rolled-back session (tests/social/conftest.py). Worker tests need
real commits seen by the worker's own sessions: they build their world in the
global, emptied-per-test `db`.
"""

from __future__ import annotations

import pytest

from tests.advocacy.world import World, build_world
from tests.social.conftest import building_session, module_database, rolled_back_db  # noqa: F401


@pytest.fixture(scope="module")
def world(module_database) -> World:  # noqa: F811
    with building_session(module_database) as session:
        return build_world(session)
