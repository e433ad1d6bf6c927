import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.base")

application = get_wsgi_application()

# Repeats of the new-stories poll are answered before Django (masthead/live/fastpath.py).
from masthead.live.fastpath import NewStoriesFastPath  # noqa: E402

application = NewStoriesFastPath(application)

# The URL configuration imports every app's views and the API schema (about a second of CPU):
# load it with the application rather than on the first request, so a server that loads the
# app before forking (gunicorn --preload, as `make run` does) gives its workers it ready.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 - evaluated for its import side effect
