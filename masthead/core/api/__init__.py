"""What every app's API router shares: the error shape (``errors``), page keys (``keys``),
callers (``auth``) and rate limits (``throttle``). Apps build their routers on this; the
``masthead.api`` app only mounts them, so no app imports the API app."""
