"""Digests under a frozen clock, sent to a real SMTP server on loopback.

Times are fixed instants of January 2026 (no summer time: Paris is UTC+1,
Cayenne UTC-3, Montréal UTC-5), passed to the job as `now`. Content is written
through the services, which stamp it with the real time, then moved back to
the instant the story needs with `happened_at`.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from email.message import EmailMessage
from typing import Iterator

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from core.config import load_settings
from core.runtime import Runtime
from social.actor import Actor
from social.digests.job import DigestJob
from social.models import Comment, Mention, Post, Reaction
from social.services import people
from tests.conftest import TEST_SECRET_KEY
from tests.fakes.smtp import FakeSmtp

BASE_URL = "https://comptoir.example.fr"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=timezone.utc)


def happened_at(db: Session, moment: datetime) -> None:
    """Moves everything written since `moment` (in real time) back to `moment`."""
    for column in (Post.created_at, Post.featured_at, Post.pinned_at, Comment.created_at,
                   Reaction.created_at, Mention.created_at):
        db.execute(update(column.class_).where(column > moment).values({column.key: moment})
                   .execution_options(synchronize_session=False))
    db.commit()


def prefer(db: Session, person: Actor, *, frequency: str = "daily",
           time_zone: str = "Europe/Paris", language: str = "fr") -> None:
    people.update_preferences(db, person, language=language, time_zone=time_zone,
                              digest_frequency=frequency)


@pytest.fixture
def smtp() -> Iterator[FakeSmtp]:
    with FakeSmtp() as server:
        yield server


def runtime_for(database, instance_path, **settings) -> Runtime:
    values = {"database_url": database.url, "secret_key": TEST_SECRET_KEY, "base_url": BASE_URL,
              "mail_from": "Comptoir <digest@comptoir.example.fr>",
              "instance_path": str(instance_path), **settings}
    return Runtime(settings=load_settings(environ={}, overrides=values), database=database)


@pytest.fixture
def runtime(clean_database, smtp, instance_path) -> Runtime:
    return runtime_for(clean_database, instance_path, smtp_url=smtp.url)


@pytest.fixture
def job() -> DigestJob:
    return DigestJob()


@pytest.fixture
def run_at(db, runtime, job):
    """Runs the job at a frozen instant, as the worker would; returns how many it handled."""

    def run(moment: datetime) -> int:
        db.commit()  # the test's own session lets go of SQLite's write lock first
        return job.run_due(runtime, moment)

    return run


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def post_ids_in(message: EmailMessage) -> list[int]:
    """Every post a digest links to, in order, as often as it links to it."""
    return [int(found) for found in re.findall(rf"{re.escape(BASE_URL)}/posts/(\d+)(?![\d#])",
                                               html_of(message))]
