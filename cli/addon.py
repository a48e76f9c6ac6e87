"""`python main.py addon ...`: the Workspace add-on's deployment descriptor."""

import click

from addon.deployment import deployment_json
from core.config import load_settings


@click.group(help="The Google Workspace add-on: deployment descriptors.")
def addon() -> None:
    pass


@addon.command(help="Print deployment.json, the HTTP runtime's descriptor.")
@click.option("--base-url", metavar="URL",
              help="Public HTTPS base URL of this deployment. Default: COMPTOIR_BASE_URL.")
def deployment(base_url: str | None) -> None:
    if base_url is None:
        base_url = load_settings().base_url
    try:
        text = deployment_json(base_url)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--base-url / COMPTOIR_BASE_URL")
    click.echo(text, nl=False)
    if not base_url.strip().lower().startswith("https://"):
        click.echo("Warning: Google only calls https:// endpoints; this descriptor is for "
                   "local checks.", err=True)
