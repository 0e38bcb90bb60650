"""The catalogue: tables.yaml -> validated, typed, immutable objects."""

from .loader import CatalogueError, LoadedCatalogue, Problem, load_catalogue, parse_catalogue
from .models import Catalogue
from .pages import Gemeente
from .tables import Contact, Criterion, Table
from .text import LocalText

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
