"""Library hooks: admin."""
