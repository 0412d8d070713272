"""Library hooks: sections."""
