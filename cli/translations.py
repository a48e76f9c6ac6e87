"""`python main.py i18n update`: bring the catalogs in step with the code."""

import click

from core import catalogs


@click.group(help="Translation catalogs (French and English).")
def i18n() -> None:
    pass


@i18n.command(help="Extract messages and merge them into every package's catalogs.")
def update() -> None:
    for package in catalogs.all_packages():
        missing = catalogs.update(package)
        click.echo(f"{package}: {missing['fr']} message(s) without a French translation")
