"""Infrastructure tables: the scheduler's claims (one row per periodic job and period)."""

from __future__ import annotations

from django.db import models


class ScheduledRun(models.Model):
    """A periodic job's run for one period, claimed by whichever scheduler got there first:
    the unique constraint is the network-wide lock, so two schedulers enqueue it once."""

    job = models.CharField(max_length=100)
    slot = models.DateTimeField(help_text="Start of the period this run is for.")
    enqueued_at = models.DateTimeField(auto_now_add=True)
    task_id = models.CharField(max_length=64, blank=True)
    node = models.CharField(max_length=200, blank=True, help_text="The scheduler that claimed it.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="core_scheduledrun_once_per_slot")
        ]
        indexes = [models.Index(fields=["enqueued_at"], name="core_scheduledrun_enqueued")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot.isoformat()}"
