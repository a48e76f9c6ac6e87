"""`python main.py db ...`: schema migrations with Alembic."""

import click

from core import migrate
from core.config import load_settings


@click.group(help="Create, upgrade and evolve the database schema.")
def db() -> None:
    pass


@db.command(help="Create the schema, or upgrade it to the latest revision.")
def upgrade() -> None:
    settings = load_settings()
    click.echo(f"Upgrading {_safe(settings.resolved_database_url)} ...")
    migrate.upgrade(settings.resolved_database_url)
    click.echo("Schema is up to date.")


@db.command(help="Write a new migration from the difference between models and database.")
@click.option("-m", "--message", required=True)
def revision(message: str) -> None:
    migrate.make_revision(load_settings().resolved_database_url, message)


def _safe(url: str) -> str:
    """The URL without its password, for the terminal."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
