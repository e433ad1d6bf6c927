"""The newsroom's read side, one wing: ``router`` (an address to its live page), ``teasers``
(the teaser read model every listing, feed and API answer reads), ``listings`` (front page,
sections, tags, authors, collections, corrections; paged by key), ``stories`` (story assembly,
related stories, kept bodies) and ``views`` (the reader pages that are listings). The other
apps read newsroom pages through these modules (docs/architecture.md, "Layers")."""
