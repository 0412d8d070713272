"""Library hooks: search."""
