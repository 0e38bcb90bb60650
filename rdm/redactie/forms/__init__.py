"""The editors' forms."""
