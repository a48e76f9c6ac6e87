"""What a process holds for its lifetime: settings, the database, adapters.

Built once (by the app factory or the worker command); later layers register
their adapters here instead of building clients at import time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.config import Settings
from core.database import Database


@dataclass
class Runtime:
    settings: Settings
    database: Database
    adapters: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, settings: Settings) -> "Runtime":
        database = Database(settings.resolved_database_url, echo=settings.sql_echo,
                            pool_size=settings.db_pool_size)
        return cls(settings=settings, database=database)
