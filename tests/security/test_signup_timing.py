"""Sign-up does not tell a registered address from a new one by its time (issue #13: the same
answer came in a median 0.32 s against 3.04 s, so an attacker could list who has an account).

Two tests. The structural one counts the expensive work each path does in the request: the
password hashes and the mails rendered and queued for the worker must be the same. The timed
one measures it as an attacker would, robust on a busy shared machine: the password hasher is
made slow on purpose (calibrated to ~120 ms a hash, so one hash more or less stands far above a
request's own cost), new and registered sign-ups alternate in pairs (a load change hits both
members of a pair), and the median of the paired differences must stay under half a hash.
The noise is measured too (the spread of the paired differences): while the median is not
known to a quarter of a hash, more pairs are taken, up to a cap, so a noisy run does not pass
or fail by chance.
"""

from __future__ import annotations

import itertools
import statistics
import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core import mail
from django_tasks.signals import task_enqueued

from masthead.accounts.models import User
from masthead.accounts.tests.factories import make_member

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-pass-phrase"
_n = itertools.count(1)


class CountingHasher(PBKDF2PasswordHasher):
    """PBKDF2 whose every hash is counted, and whose cost the timed test sets."""

    algorithm = "pbkdf2_counting"
    iterations = 1_000
    hashes = 0

    def encode(self, password, salt, iterations=None):
        type(self).hashes += 1
        return super().encode(password, salt, iterations)


HASHER = f"{__name__}.CountingHasher"


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = [HASHER]
    settings.ACCOUNT_RATE_LIMITS = {"signup": "10000/m/ip"}
    CountingHasher.hashes = 0
    CountingHasher.iterations = 1_000
    return CountingHasher


def _sign_up(client, *, email: str):
    n = next(_n)
    return client.post(
        "/accounts/signup/",
        {"email": email, "username": f"timing{n}", "password1": PASSWORD, "password2": PASSWORD},
        REMOTE_ADDR=f"198.51.100.{n % 250}",
    )


def _registered() -> str:
    return make_member(f"owner{next(_n)}").email


def _work(client, email: str, capture) -> tuple[int, int, int]:
    """(hashes, tasks queued, mails sent) of one sign-up, the queue run after the commit."""
    queued: list = []

    def count(sender, task_result, **kwargs):
        queued.append(task_result)

    task_enqueued.connect(count, dispatch_uid="signup-timing")
    before_hashes, before_mail = CountingHasher.hashes, len(mail.outbox)
    try:
        with capture(execute=True):
            response = _sign_up(client, email=email)
    finally:
        task_enqueued.disconnect(dispatch_uid="signup-timing")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    return CountingHasher.hashes - before_hashes, len(queued), len(mail.outbox) - before_mail


def test_a_registered_and_a_new_address_do_the_same_work(
    client, network, counting_hasher, django_capture_on_commit_callbacks
):
    registered = _registered()
    new = _work(client, "fresh@example.test", django_capture_on_commit_callbacks)
    again = _work(client, registered, django_capture_on_commit_callbacks)
    assert User.objects.filter(email="fresh@example.test").exists()
    assert new == again == (1, 1, 1), f"new address {new}, registered address {again}"


def _timed(client, email: str) -> float:
    start = time.perf_counter()
    response = _sign_up(client, email=email)
    elapsed = time.perf_counter() - start
    assert response.status_code == 302
    return elapsed


def _calibrate(target: float = 0.12) -> float:
    """Set the hasher's iterations so one hash takes about ``target`` seconds; return the
    measured median cost of a hash."""
    from django.contrib.auth.hashers import make_password

    CountingHasher.iterations = 20_000
    start = time.perf_counter()
    make_password(PASSWORD)
    probe = time.perf_counter() - start
    CountingHasher.iterations = max(20_000, int(20_000 * target / max(probe, 1e-4)))
    costs = []
    for _ in range(5):
        start = time.perf_counter()
        make_password(PASSWORD)
        costs.append(time.perf_counter() - start)
    return statistics.median(costs)


@pytest.mark.thorough  # seconds of deliberately slow hashes; the structural test above is quick
def test_sign_up_takes_the_same_time_for_a_registered_and_a_new_address(
    client, network, counting_hasher
):
    hash_cost = _calibrate()
    differences: list[float] = []
    pairs, cap = 12, 48
    while True:
        while len(differences) < pairs:
            registered = _registered()
            new = f"new{next(_n)}@example.test"
            # Alternate which goes first, so a warm-up or a load step favours neither.
            if len(differences) % 2:
                t_registered, t_new = _timed(client, registered), _timed(client, new)
            else:
                t_new, t_registered = _timed(client, new), _timed(client, registered)
            differences.append(t_new - t_registered)
        median = statistics.median(differences)
        # Standard error of a median of n paired differences, from their own spread (MAD).
        spread = statistics.median(abs(d - median) for d in differences) * 1.4826
        error = 1.2533 * spread / len(differences) ** 0.5
        if error < hash_cost / 4 or pairs >= cap:
            break
        pairs = min(cap, pairs * 2)
    assert error < hash_cost / 4, (
        f"too noisy to tell: median error {error * 1000:.0f} ms against a hash of "
        f"{hash_cost * 1000:.0f} ms after {len(differences)} pairs"
    )
    assert abs(median) < hash_cost / 2, (
        f"a new address takes {median * 1000:+.0f} ms more than a registered one "
        f"(one hash is {hash_cost * 1000:.0f} ms; {len(differences)} pairs, "
        f"median error {error * 1000:.0f} ms)"
    )
