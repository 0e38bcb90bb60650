"""One blueprint per feature; each route translates HTTP to a service call and back. The
editors' pages are children of one parent blueprint, the area at /redactie (redactie.py)."""
