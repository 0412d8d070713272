"""The library's business actions, one module per concern; each action is one transaction.

``core`` (visibility, the library's collection, documents from uploads), ``versions`` (file history,
following), ``proposals`` (members' proposals and their moderation), ``extraction`` (file text for search).
"""

from community.library.services.core import can_moderate, can_see, check_visible, library_collection  # noqa: F401
