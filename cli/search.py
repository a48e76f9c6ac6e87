"""`python main.py search ...`: the full-text search index."""

from __future__ import annotations

import click

from core.config import load_settings
from core.runtime import Runtime
from social import search as search_index


@click.group(help="The full-text search index of posts and comments.")
def search() -> None:
    pass


@search.command(help="Rebuild the index of every post and comment, in every firm.")
def reindex() -> None:
    runtime = Runtime.build(load_settings())
    try:
        with runtime.database.system_session() as db:
            total = search_index.count_indexable(db)
            with click.progressbar(length=total, label="Indexing posts and comments") as bar:
                indexed = search_index.reindex(db, advance=bar.update)
    finally:
        runtime.database.dispose()
    click.echo(f"Indexed {indexed} posts and comments.")
