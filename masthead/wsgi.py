import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.base")

application = get_wsgi_application()

# Repeats of the new-stories poll are answered before Django (masthead/live/fastpath.py).
from masthead.live.fastpath import NewStoriesFastPath  # noqa: E402

application = NewStoriesFastPath(application)
