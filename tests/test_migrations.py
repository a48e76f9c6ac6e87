"""The migrations build the whole schema from nothing, and agree with the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from core.database import Base
from core.migrate import alembic_config
from migrations import model_modules


def test_the_migrated_schema_has_every_table_of_the_models(database):
    tables = set(inspect(database.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_autogenerate_finds_no_difference_between_models_and_migrations(database):
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_name": model_modules.include_name})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_the_database_is_at_the_single_head_revision(database):
    script = ScriptDirectory.from_config(alembic_config(database.url))
    heads = script.get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}; add a merge revision"
    with database.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == heads[0]
