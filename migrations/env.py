"""Alembic environment: the URL comes from Comptoir's settings, or from the caller."""

from alembic import context
from sqlalchemy import create_engine, pool

from core.config import load_settings
from core.database import Base
from migrations import model_modules

model_modules.import_all()
target_metadata = Base.metadata


def _url() -> str:
    return context.config.attributes.get("url") or load_settings().resolved_database_url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True, compare_type=True,
                      include_name=model_modules.include_name)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        _run(connection)


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True,
                      include_name=model_modules.include_name)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
