"""Seeding a benchmark dataset: schema, bulk load, indexes, statistics, marker.

    seed_dataset(dataset, db, seed=..., reseed=False) -> the marker (with its facts)

Steps, each timed and reported: a fresh database migrated by Alembic; secondary
indexes (and SQLite's FTS triggers) dropped; rows generated and streamed (COPY
on PostgreSQL, executemany on SQLite); indexes built again (the full-text
index from the loaded entries); sequences moved past the loaded ids; ANALYZE.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from typing import Any, Callable

import click
import psycopg

from bench import db as databases
from bench.datasets import Dataset
from bench.seed import generate, indexes, marker, sinks
from bench.seed.tables import WITH_SEQUENCE, check_columns

DEFAULT_SEED = 20261122


def seed_dataset(dataset: Dataset, target: databases.Target, *, seed: int = DEFAULT_SEED,
                 reseed: bool = False, echo: Callable[[str], None] = click.echo,
                 show_progress: bool = True) -> dict[str, Any]:
    """The database's marker, after seeding it unless it already holds this dataset."""
    if not reseed and databases.exists(target):
        current = marker.read(target.url)
        if current and current["dataset"] == dataset.name and current["seed"] == seed and \
                current["generator"] == marker.GENERATOR_VERSION:
            echo(f"{target.name} already holds {dataset.name} (seeded in "
                 f"{current['seconds']:.0f} s): reused. --reseed to seed it again.")
            return current
    steps: dict[str, float] = {}
    started = time.monotonic()

    def step(name: str, since: float) -> float:
        now = time.monotonic()
        steps[name] = round(now - since, 2)
        echo(f"  {name}: {steps[name]:.1f} s")
        return now

    echo(f"Seeding {dataset.name} into {target.engine} {target.name} "
         f"({dataset.totals.posts:,} posts, {dataset.totals.comments:,} comments, "
         f"{dataset.totals.reactions:,} reactions)")
    databases.recreate(target)
    from sqlalchemy import create_engine

    engine = create_engine(target.url)
    check_columns(engine)
    engine.dispose()
    mark = step("schema", started)
    postgres = target.engine == "postgresql"
    ddl = indexes.drop_postgres(target.dsn) if postgres else indexes.drop_sqlite(target.name)
    sink = sinks.PostgresSink(target.dsn) if postgres else sinks.SqliteSink(target.name)
    units = dataset.totals.posts + dataset.totals.files
    with click.progressbar(length=units, label="  rows", show_pos=True, show_eta=True,
                           hidden=not show_progress) as bar:
        facts = generate.generate(dataset, seed, sink, time.time(), bar.update)
        sink.close()
    facts.rows = dict(sink.rows)
    mark = step("load", mark)
    if postgres:
        indexes.create_postgres(target.dsn, ddl, report=lambda statement, seconds: echo(
            f"    {statement.split(' ON ')[0].split()[-1]}: {seconds:.1f} s"))
        mark = step("indexes", mark)
        _postgres_finish(target.dsn)
        mark = step("sequences and analyze", mark)
    else:
        indexes.create_sqlite(target.name, ddl)
        mark = step("indexes, full-text and analyze", mark)
    seconds = round(time.monotonic() - started, 1)
    facts_dict = {**asdict(facts), "steps": steps}
    marker.write(target.url, dataset.name, seed, seconds, facts_dict)
    echo(f"Seeded {dataset.name} in {seconds:.0f} s "
         f"({sum(facts.rows.values()):,} rows).")
    return marker.read(target.url)


def _postgres_finish(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as connection:
        for table in WITH_SEQUENCE:
            connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {table}), 1), "
                f"(SELECT max(id) IS NOT NULL FROM {table}))")
        # VACUUM sets the visibility map (index-only scans) and hint bits once, here,
        # rather than during the first measured requests; ANALYZE gives the planner
        # the loaded tables' statistics.
        connection.execute("VACUUM (ANALYZE)")
