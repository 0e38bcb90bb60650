"""WTForms form classes; one per wizard topic, built from the catalogue's questions."""
