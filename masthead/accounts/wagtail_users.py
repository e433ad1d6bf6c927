"""Wagtail's user admin without any way to change a username."""

from __future__ import annotations

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import DeleteView as WagtailDeleteView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from masthead.accounts import services
from masthead.accounts.selectors import username_availability


class StaffUserCreationForm(UserCreationForm):
    """New staff accounts follow the reader rules, except that reserved words are allowed
    (an account called "editor" is exactly who the reserved words are kept for)."""

    def _clean_username(self):
        username = super()._clean_username()
        if username and not self.has_error("username"):
            verdict = username_availability(username=username)
            if not verdict.available and verdict.code != "reserved":
                self.add_error("username", verdict.message)
        return username


class StaffUserEditForm(UserEditForm):
    """Shows the username but cannot change it: a disabled field ignores whatever is posted."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.disabled = True
        field.required = False
        field.help_text = "Usernames are permanent: chosen once, never changed."


class DeleteView(WagtailDeleteView):
    def delete_action(self) -> None:
        # The same erasure as the reader's own: other apps anonymise what the member published.
        services.account_delete(actor=self.request.user, user=self.object, keep_content=True)


class UserViewSet(WagtailUserViewSet):
    delete_view_class = DeleteView

    def get_form_class(self, for_update: bool = False):
        return StaffUserEditForm if for_update else StaffUserCreationForm
