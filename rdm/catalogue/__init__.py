"""The catalogue: tables.yaml -> validated, typed, immutable objects."""

from .loader import CatalogueError, LoadedCatalogue, Problem, load_catalogue, parse_catalogue
from .models import Catalogue, Contact, Criterion, Gemeente, LocalText, Table

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
