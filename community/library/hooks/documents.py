"""Library hooks: documents."""
