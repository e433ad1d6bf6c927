"""The network-wide account: one user for every site of the network."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """Readers, reporters and editors alike. Profile fields arrive with the accounts issue."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
