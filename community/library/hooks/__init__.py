"""The library's Wagtail hooks, one module per concern (imported by ``community.library.wagtail_hooks``)."""
