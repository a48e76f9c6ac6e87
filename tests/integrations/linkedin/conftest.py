"""The sandbox providers on a loopback port, fresh per test."""

from tests.fakes.sandbox import sandbox_clock, sandbox_server  # noqa: F401 - fixtures
