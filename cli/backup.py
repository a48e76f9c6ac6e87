"""`python main.py backup create|restore PATH`: a consistent copy of the configured
database (COMPTOIR_DATABASE_URL), and putting one back. See core/backups.py."""

from __future__ import annotations

import click

from core.backups import BackupError, backup as make_backup, restore as restore_backup
from core.config import load_settings


def _progress(message: str) -> None:
    click.echo(f"  {message}", err=True)


def _target(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@click.group(help="Back up the database, or restore a backup.")
def backup() -> None:
    pass


@backup.command(help="Write a consistent backup of the database to PATH (safe while the app "
                     "runs): SQLite's online backup, or pg_dump's custom format.")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
def create(path: str, force: bool) -> None:
    settings = load_settings()
    url = settings.resolved_database_url
    click.echo(f"Backing up {_target(url)} to {path} ...")
    try:
        report = make_backup(url, path, overwrite=force, pg_bin_dir=settings.pg_bin_dir,
                             progress=_progress)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written: {report.path} ({report.size} bytes, {report.kind}).")


@backup.command(help="Restore the backup at PATH into the database. Refuses a database that "
                     "holds data, unless --force.")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True,
              help="Replace the data the target database holds (it is lost).")
def restore(path: str, force: bool) -> None:
    settings = load_settings()
    url = settings.resolved_database_url
    click.echo(f"Restoring {path} into {_target(url)} ...")
    try:
        report = restore_backup(url, path, force=force, pg_bin_dir=settings.pg_bin_dir,
                                progress=_progress)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    if report.rows_before:
        click.echo(f"Replaced the data of {len(report.rows_before)} table(s).")
    click.echo("Restored. Run `python main.py db upgrade` if this backup predates the "
               "current schema, then restart the web and worker processes.")
