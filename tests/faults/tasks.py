"""A job for the worker-kill test: slow, one transaction, its file written only on commit."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.db import transaction
from django_tasks import task


@task()
def slow_write(*, marker: str, directory: str, seconds: float) -> None:
    from masthead.accounts.models import User

    with transaction.atomic():
        User.objects.create_user(username=marker, email=f"{marker}@example.test")
        # The test kills the worker while it sleeps here: the row must roll back with it.
        Path(directory, f"{marker}.started").write_text(str(os.getpid()))
        time.sleep(seconds)
        target = Path(directory, f"{marker}.done")
        # The file appears only once the row is committed (temp file, then rename).
        transaction.on_commit(lambda: _write_atomically(target, marker))


def _write_atomically(target: Path, text: str) -> None:
    temporary = target.with_suffix(".tmp")
    temporary.write_text(text)
    os.replace(temporary, target)
