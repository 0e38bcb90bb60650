"""The tiny catalogue of tests/fixtures/engine-catalogue.yaml, for the rules-engine tests."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from rdm.catalogue.models import Catalogue

FIXTURE = Path(__file__).parent / "fixtures" / "engine-catalogue.yaml"
FIXED_SLUGS_MISSING = "deze vaste slugs ontbreken"


def engine_catalogue() -> Catalogue:
    """The fixture as a Catalogue, valid in every way but the real catalogue's fixed slugs.

    The site's URLs need the real tables' slugs, so a catalogue without them is refused on
    loading; the rules engine does not need them, and this fixture has tables of its own.
    """
    catalogue = Catalogue.model_validate(YAML(typ="safe").load(FIXTURE.read_text(encoding="utf-8")))
    problems = [m for _, m in catalogue.cross_check() if not m.startswith(FIXED_SLUGS_MISSING)]
    assert problems == [], problems
    return catalogue
