"""Library hooks: demo."""
