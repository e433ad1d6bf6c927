"""Language tags (BCP 47, "de", "pt-BR"): what a story says it is written in, and the forms
HTML, OpenGraph, feeds and news sitemaps each want of it."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError

# language (2-3 letters), then script, region and variants (RFC 5646, without extlang).
_TAG = re.compile(
    r"^(?P<language>[a-z]{2,3})"
    r"(?:-(?P<script>[a-z]{4}))?"
    r"(?:-(?P<region>[a-z]{2}|\d{3}))?"
    r"(?P<rest>(?:-[a-z0-9]{1,8})*)$",
    re.I,
)


def language_tag(value: object) -> str:
    """The tag in its usual spelling ("de-DE", "zh-Hant-TW", "en") from what agencies and
    pages write ("DE_de", " en-gb "); "" when ``value`` is no language tag at all."""
    text = str(value or "").strip().replace("_", "-")
    match = _TAG.match(text)
    if not match or text.lower() in ("und", "mul", "zxx"):
        return ""
    parts = [match.group("language").lower()]
    if match.group("script"):
        parts.append(match.group("script").title())
    if match.group("region"):
        parts.append(match.group("region").upper())
    rest = match.group("rest").lower()
    return "-".join(parts) + rest


def validate_language_tag(value: str) -> None:
    if value and not language_tag(value):
        raise ValidationError(
            "%(value)s is not a language tag: write it like en, de, fr-CA or pt-BR.",
            params={"value": value},
            code="invalid_language",
        )


def site_language() -> str:
    """The language of the network's sites: LANGUAGE_CODE ("en-gb" → "en-GB")."""
    return language_tag(settings.LANGUAGE_CODE) or "en"


def og_locale(tag: str) -> str:
    """OpenGraph wants language_TERRITORY ("de_DE"); a tag without a region stays "de"."""
    match = _TAG.match(language_tag(tag) or site_language())
    if match is None:  # pragma: no cover - site_language() is always a tag
        return "en"
    language, region = match.group("language").lower(), match.group("region")
    return f"{language}_{region.upper()}" if region else language


def news_language(tag: str) -> str:
    """Google News wants an ISO 639 code ("de"), with zh-cn/zh-tw the only regional forms."""
    code = (language_tag(tag) or site_language()).lower()
    if code.startswith("zh-") and code.endswith(("-cn", "-tw")):
        return f"zh-{code[-2:]}"
    return code.split("-")[0]
