"""The marker row: which dataset a database holds, and the facts the load needs.

A table of the benchmark's own (not a model of the app's): `python -m bench run`
reuses a seeded database when its marker names the same dataset, seed and
generator version, and seeds again otherwise (or with --reseed).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (Column, DateTime, Float, Integer, MetaData, String, Table, Text,
                        create_engine, select)

# Bump when the generator changes what it writes: older seeded databases are redone.
GENERATOR_VERSION = "1"

metadata = MetaData()
marker = Table("bench_dataset", metadata,
               Column("dataset", String(32), primary_key=True),
               Column("seed", Integer, nullable=False),
               Column("generator", String(16), nullable=False),
               Column("seeded_at", DateTime(timezone=True), nullable=False),
               Column("seconds", Float, nullable=False),
               Column("facts", Text, nullable=False))


def read(url: str) -> dict[str, Any] | None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if not engine.dialect.has_table(connection, "bench_dataset"):
                return None
            row = connection.execute(select(marker)).mappings().first()
            if row is None:
                return None
            return {**row, "facts": json.loads(row["facts"])}
    finally:
        engine.dispose()


def write(url: str, dataset: str, seed: int, seconds: float, facts: dict[str, Any]) -> None:
    engine = create_engine(url)
    try:
        metadata.create_all(engine)
        with engine.begin() as connection:
            connection.execute(marker.delete())
            connection.execute(marker.insert().values(
                dataset=dataset, seed=seed, generator=GENERATOR_VERSION,
                seeded_at=datetime.now(timezone.utc), seconds=seconds,
                facts=json.dumps(facts)))
    finally:
        engine.dispose()
