"""Local stand-ins for X and LinkedIn: their real HTTP APIs, a ledger, fault injection.

Standalone on purpose (it imports nothing of Comptoir): tests serve it on a
loopback port; the development server mounts it under /dev/sandbox so that
connecting accounts and publishing work in the demo without a real account.
`create_app` is imported lazily so that `sandbox.endpoints` stays Flask-free.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(**options: Any) -> "Flask":
    """See sandbox.app.create_app."""
    from sandbox.app import create_app as build

    return build(**options)
