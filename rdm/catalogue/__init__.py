"""The catalogue: tables.yaml -> validated, typed, immutable objects."""

from rdm.catalogue.loader import (
    CatalogueError,
    LoadedCatalogue,
    Problem,
    load_catalogue,
    parse_catalogue,
)
from rdm.catalogue.models import Catalogue
from rdm.catalogue.pages import Gemeente
from rdm.catalogue.tables import Contact, Criterion, Table
from rdm.catalogue.text import LocalText

__all__ = [
    "Catalogue",
    "CatalogueError",
    "Contact",
    "Criterion",
    "Gemeente",
    "LoadedCatalogue",
    "LocalText",
    "Problem",
    "Table",
    "load_catalogue",
    "parse_catalogue",
]
