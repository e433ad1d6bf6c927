"""One-way notices from newsroom to the apps that follow its stories (search, …).

``stories_written`` is sent by code that writes stories past Wagtail's publish action (the
demo's bulk writer, imports): ``stories_written.send(sender=..., ids=[...])``. A receiver may
take ``progress`` (a callable given the number of stories done) for long runs, and
``purge`` (default True): False when the sender purges every page itself, so receivers need
not purge each story's pages.
"""

from django.dispatch import Signal

stories_written = Signal()
