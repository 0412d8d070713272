"""Fixtures shared by the events' tests; plain helpers are in tests/events/factories.py.

``quiet_channels`` is not autouse: a module that needs it says so in its ``pytestmark``.
"""

import pytest

from tests.community.factories import make_group
from tests.events.factories import make_animator, silence_channels


@pytest.fixture
def quiet_channels(monkeypatch):
    silence_channels(monkeypatch)


@pytest.fixture
def animator(db):
    return make_animator()


@pytest.fixture
def group(member, animator):
    """A network group animated by ``animator``, with ``member`` in it."""
    return make_group("Groupe Postvention", animators=[animator], members=[member])


@pytest.fixture
def private_group(animator):
    return make_group("Cercle privé", visibility="private", join_policy="invitation", animators=[animator])
