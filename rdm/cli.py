"""`flask rdm …` commands for editors and operators."""

import click
from flask import current_app
from flask.cli import AppGroup

from .catalogue import CatalogueError, load_catalogue

rdm_cli = AppGroup("rdm", help="Beheer van de RDM-catalogus.")


@rdm_cli.command("check")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
def check(path: str | None) -> None:
    """Controleer een catalogusbestand (standaard: het bestand dat de site gebruikt)."""
    path = path or current_app.config["CATALOGUE_PATH"]
    try:
        loaded = load_catalogue(path)
    except CatalogueError as error:
        click.echo(f"{path}: {len(error.problems)} fout(en) gevonden.", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(1) from None
    catalogue = loaded.catalogue
    click.echo(
        f"{path}: in orde — {len(catalogue.tables)} tafels, {len(catalogue.gemeenten)} gemeenten, "
        f"{sum(len(t.inflow.criteria) for t in catalogue.tables)} instroomcriteria."
    )
