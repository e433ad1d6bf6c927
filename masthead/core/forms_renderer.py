"""The form renderer every Django form on the sites uses: fields render through the design
system's template (label above, help, error beside the control), allauth's included."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates


class MastheadFormRenderer(DjangoTemplates):
    field_template_name = "forms/field.html"
