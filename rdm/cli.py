"""`flask rdm …` commands for editors and operators."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from rdm import clock
from rdm.catalogue import CatalogueError, load_catalogue

rdm_cli = AppGroup("rdm", help="Beheer van de RDM-catalogus.")


@rdm_cli.command("check")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
def check(path: str | None) -> None:
    """Controleer een catalogusbestand (standaard: het bestand dat de site gebruikt)."""
    path = path or current_app.config["CATALOGUE"]
    try:
        loaded = load_catalogue(path, clock.today())
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
    if loaded.upgraded_from is not None:
        click.echo(
            f"{path}: geschreven in formaat {loaded.upgraded_from}; de site leest het "
            f"bijgewerkt naar formaat {catalogue.schema_version}."
        )


@rdm_cli.command("create-editor")
@click.argument("email")
@click.option("--name", required=True, help="Naam van de redacteur.")
@click.password_option(
    "--password",
    prompt="Wachtwoord (12 tot 128 tekens)",
    confirmation_prompt="Herhaal het wachtwoord",
    help="Wordt gevraagd als het niet wordt meegegeven.",
)
@click.option(
    "--beheerder",
    is_flag=True,
    help="Mag redacteuren toevoegen en uitzetten (de eerste redacteur mag dat altijd).",
)
def create_editor(email: str, name: str, password: str, beheerder: bool) -> None:
    """Maak een account voor een redacteur (er is geen standaard- of gedeeld account)."""
    from rdm.redactie.accounts import EditorError, add_editor

    try:
        editor = add_editor(email, name, password, can_manage_editors=beheerder)
    except EditorError as error:
        click.echo(str(error), err=True)
        raise SystemExit(1) from None
    click.echo(f"Redacteur {email} aangemaakt.")
    if editor.can_manage_editors:
        click.echo(f"{email} mag redacteuren toevoegen en uitzetten (op /redactie/redacteuren).")


@rdm_cli.command("export")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Standaard: stdout."
)
@click.option("--hsds", is_flag=True, help="Als Open Referral HSDS 3.0 (JSON) in plaats van YAML.")
def export(output: str | None, hsds: bool) -> None:
    """Schrijf de live catalogus als YAML, precies zoals gepubliceerd (met commentaar)."""
    from rdm.api.hsds import as_json
    from rdm.catalogue import parse_catalogue
    from rdm.live import publications
    from rdm.redactie.revisions import DatabaseUnavailable, live_yaml

    publications().refresh(current_app._get_current_object(), force=True)
    try:
        text = live_yaml()
    except DatabaseUnavailable:
        click.echo(
            "De database is niet bruikbaar; voer eerst `flask --app rdm db upgrade` uit.", err=True
        )
        raise SystemExit(1) from None
    if hsds:
        catalogue = parse_catalogue(text.encode("utf-8"), today=clock.today()).catalogue
        text = as_json(catalogue)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        click.echo(f"{output}: geschreven.", err=True)
    else:
        click.echo(text, nl=False)


@rdm_cli.command("changeset")
@click.argument("before", type=click.Path(exists=True, dir_okay=False))
@click.argument("after", type=click.Path(exists=True, dir_okay=False))
@click.option("--id", "changeset_id", required=True, help="Bijvoorbeeld 2026-12-contactroutes.")
@click.option("--title", required=True, help="Wat de redactie op het dashboard leest.")
@click.option("--description", required=True, help="Wat de wijziging brengt, en waarom.")
def changeset(before: str, after: str, changeset_id: str, title: str, description: str) -> None:
    """Schrijf het wijzigingsbestand dat catalogus BEFORE in AFTER verandert (voor een release)."""
    from rdm.catalogue.roundtrip import dump, load_document
    from rdm.redactie.merging import operations

    found = operations(*(load_document(Path(p).read_text("utf-8")) for p in (before, after)))
    document = {"id": changeset_id, "title": title, "description": description, "changes": found}
    click.echo(dump(document), nl=False)
