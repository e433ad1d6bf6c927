"""Suspensions in the Wagtail admin: staff suspend or ban a member, and lift it, through the
services (so the record of who did it and why is kept, and the permission checked once)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from masthead.accounts import services
from masthead.accounts.models import Suspension


class SuspensionCreateForm(WagtailAdminModelForm):
    class Meta:
        model = Suspension
        fields = ["user", "ends_at", "reason"]


class SuspensionLiftForm(WagtailAdminModelForm):
    lift = forms.BooleanField(
        required=False, label="Lift this suspension now", help_text="The member may post again."
    )

    class Meta:
        model = Suspension
        fields: list[str] = []


class SuspensionCreateView(generic.CreateView):
    def save_instance(self) -> Suspension:
        data = self.form.cleaned_data
        return services.suspension_create(
            actor=self.request.user,
            user=data["user"],
            reason=data["reason"],
            ends_at=data["ends_at"],
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except PermissionDenied as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)


class SuspensionEditView(generic.EditView):
    def save_instance(self) -> Suspension:
        if self.form.cleaned_data.get("lift"):
            return services.suspension_lift(actor=self.request.user, suspension=self.object)
        return self.object


class SuspensionViewSet(ModelViewSet):
    model = Suspension
    icon = "lock"
    menu_label = "Suspensions"
    add_to_admin_menu = True
    menu_order = 290
    add_view_class = SuspensionCreateView
    edit_view_class = SuspensionEditView
    list_display = ["user", "starts_at", "ends_at", "reason", "created_by", "lifted_at"]
    list_filter = ["lifted_at"]
    search_fields = ["user__username", "reason"]

    def get_form_class(self, for_update: bool = False):
        return SuspensionLiftForm if for_update else SuspensionCreateForm


suspension_viewset = SuspensionViewSet("suspensions")


@hooks.register("register_admin_viewset")
def register_suspensions() -> ModelViewSet:
    return suspension_viewset
