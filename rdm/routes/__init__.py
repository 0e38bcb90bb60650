"""One blueprint per feature; each route translates HTTP to a service call and back."""
