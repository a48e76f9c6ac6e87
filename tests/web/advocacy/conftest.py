"""Fixtures for the sharing pages: the sharing firm, and the app's own token cipher."""

from __future__ import annotations

import pytest

from tests.web.advocacy.world import build_sharing_world


@pytest.fixture
def cipher(web_app):
    return web_app.extensions["comptoir"].token_cipher


@pytest.fixture
def sharing(db, cipher):
    world = build_sharing_world(db, cipher)
    db.commit()
    return world
