"""The overview: the tables' pages, search, and the public reports."""
