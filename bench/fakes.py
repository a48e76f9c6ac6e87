"""The loopback Google the benchmarked server trusts: tests/fakes/google.py's FakeGoogle.

It publishes the certificate of the key the load's tokens are signed with, at
the URL set as COMPTOIR_GOOGLE_CERTS_URL (with a one-hour Cache-Control, as
Google's), and counts every certs fetch: during a measured phase there should
be none, each worker having cached the certificates during the warm-up.
"""

from __future__ import annotations

from tests.fakes.google import FakeGoogle

__all__ = ["FakeGoogle", "start_google"]


def start_google() -> FakeGoogle:
    return FakeGoogle(certs_max_age=3600).start()
