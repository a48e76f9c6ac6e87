"""The command line: `python main.py <command>`."""

import click

from cli import addon, backup, database, demo, serving, settings_table, translations
from cli.search import search
from cli.tokens import tokens


@click.group(help="Comptoir: the social layer of a firm's Google Workspace.")
def main() -> None:
    pass


main.add_command(serving.serve)
main.add_command(serving.worker)
main.add_command(database.db)
main.add_command(demo.seed_demo)
main.add_command(settings_table.settings)
main.add_command(translations.i18n)
main.add_command(addon.addon)
main.add_command(search)
main.add_command(tokens)
main.add_command(backup.backup)
