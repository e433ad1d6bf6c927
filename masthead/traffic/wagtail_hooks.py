"""Traffic alerts in the Wagtail admin: editors post and correct alerts and approve or reject
readers' reports, all through the services (who and when recorded, caches purged)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from masthead.places.components import place_chooser
from masthead.traffic import services
from masthead.traffic.models import Alert

# The form edits exactly what the service lets an editor change.
FIELDS = list(services.EDITABLE)


class AlertForm(WagtailAdminModelForm):
    class Meta:
        model = Alert
        fields = FIELDS
        widgets = {"place": place_chooser()}


class AlertReviewForm(AlertForm):
    decision = forms.ChoiceField(
        required=False,
        label="Review",
        choices=[
            ("", "Leave as it is"),
            ("approve", "Approve and publish"),
            ("reject", "Reject (withdraw)"),
        ],
    )
    review_note = forms.CharField(required=False, max_length=300, label="Note on the review")

    class Meta:
        model = Alert
        fields = FIELDS
        widgets = {"place": place_chooser()}


class _RefusalsShown:
    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (PermissionDenied, ValidationError) as refused:
            messages = getattr(refused, "messages", None) or [str(refused)]
            form.add_error(None, messages[0])
            self.produced_error_code = "refused"
            self.produced_error_message = messages[0]
            return self.form_invalid(form)


class AlertCreateView(_RefusalsShown, generic.CreateView):
    def save_instance(self) -> Alert:
        data = self.form.cleaned_data
        return services.alert_issue(
            by=self.request.user,
            road=data["road"],
            direction=data.get("direction", ""),
            place=data["place"],
            kind=data["kind"],
            severity=data["severity"],
            description=data.get("description", ""),
            starts_at=data.get("starts_at") or timezone.now(),
            expected_end=data["expected_end"],
        )


class AlertEditView(_RefusalsShown, generic.EditView):
    def save_instance(self) -> Alert:
        data = self.form.cleaned_data
        # The form wrote the new values onto self.object; the service saves them with who/when.
        alert = Alert.objects.get(pk=self.object.pk)
        changes = {name: data[name] for name in self.form.changed_data if name in services.EDITABLE}
        if changes:
            alert = services.alert_update(alert=alert, by=self.request.user, **changes)
        decision = data.get("decision")
        if decision == "approve":
            alert = services.alert_approve(
                alert=alert, by=self.request.user, note=data.get("review_note", "")
            )
        elif decision == "reject":
            alert = services.alert_reject(
                alert=alert, by=self.request.user, note=data.get("review_note", "")
            )
        return alert


class AlertViewSet(ModelViewSet):
    model = Alert
    icon = "warning"
    menu_label = "Traffic alerts"
    add_to_admin_menu = True
    menu_order = 260
    add_view_class = AlertCreateView
    edit_view_class = AlertEditView
    list_display = [
        "road",
        "place",
        "kind",
        "severity",
        Column("status", label="Status", accessor="get_status_display"),
        Column("source", label="Source", accessor="get_source_display"),
        "expected_end",
        "reporter",
        "reviewed_by",
    ]
    list_filter = ["status", "severity", "kind", "source"]
    search_fields = ["road", "description"]
    ordering = ["-created_at"]

    def get_form_class(self, for_update: bool = False):
        return AlertReviewForm if for_update else AlertForm


alert_viewset = AlertViewSet("traffic-alerts")


@hooks.register("register_admin_viewset")
def register_alerts() -> ModelViewSet:
    return alert_viewset


@hooks.register("register_permissions")
def register_review_permission():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="traffic", codename="review_alert")
