"""The catalogue this app instance serves, and the search index built from it."""

from __future__ import annotations

import threading

from flask import Flask, current_app

from .catalogue import Catalogue, LoadedCatalogue
from .routing import Router
from .search import SearchIndex, build_index

EXTENSION_KEY = "rdm.live"


class LiveCatalogue:
    """Holds the validated catalogue and its router; builds the search index on first use."""

    def __init__(self, loaded: LoadedCatalogue):
        self.loaded = loaded
        self.router = Router(loaded.catalogue)
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    @property
    def catalogue(self) -> Catalogue:
        """Return the catalogue being served."""
        return self.loaded.catalogue

    @property
    def index(self) -> SearchIndex:
        """Return the search index for this catalogue, building it the first time."""
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = build_index(self.loaded.catalogue)
        return self._index


def install(app: Flask, loaded: LoadedCatalogue) -> None:
    """Make `loaded` the catalogue that `app` serves."""
    app.extensions[EXTENSION_KEY] = LiveCatalogue(loaded)


def live() -> LiveCatalogue:
    """Return the live catalogue of the current app."""
    return current_app.extensions[EXTENSION_KEY]


def catalogue() -> Catalogue:
    """Return the catalogue of the current app."""
    return live().catalogue
