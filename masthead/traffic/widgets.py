"""Admin widgets shared by the traffic and listings forms."""

from __future__ import annotations


def place_chooser():
    # The places catalogue is tens of thousands of towns: a searchable chooser, not a <select>.
    # Set explicitly because a form class built before the Place snippet is registered would
    # otherwise get a plain select.
    from wagtail.snippets.widgets import AdminSnippetChooser

    from masthead.places.models import Place

    return AdminSnippetChooser(Place)
