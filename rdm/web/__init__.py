"""What every page shares: headers, caching, language, errors, health."""
