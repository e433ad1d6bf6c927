"""Test settings: the same app, quick password hashing, mail in memory, tasks run in-process.

DATABASE_URL and REDIS_URL switch the suite to PostgreSQL and Redis exactly as in production.
"""

import os
import tempfile

os.environ.setdefault("MASTHEAD_VAR_DIR", tempfile.mkdtemp(prefix="masthead-test-"))

from .base import *  # noqa: F403
from .base import REDIS_URL, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = str(VAR_DIR / "media")
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WAGTAILADMIN_BASE_URL = "http://localhost:8000"
