"""`python main.py settings`: every setting, as the README's table."""

import click

from core.config import settings_fields


@click.command(help="Print the settings table (Markdown), as in the README.")
def settings() -> None:
    click.echo("| Variable | Default | Meaning |")
    click.echo("|---|---|---|")
    for _name, env, help_text, default, secret in settings_fields():
        shown = "" if default in (None, "") or secret else f"`{default}`"
        if env.endswith("INSTANCE_PATH"):
            shown = "`instance/`"
        click.echo(f"| `{env}` | {shown} | {help_text} |")
