from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = "Masthead infrastructure"

    def ready(self) -> None:
        from django_tasks.signals import task_enqueued, task_finished, task_started

        # Registers the <id:…> URL converter before any URL configuration is read.
        from masthead.core import ids, logs, metrics  # noqa: F401

        # A request's id follows the jobs it enqueues into the worker's log lines.
        task_enqueued.connect(logs.remember_for_task, dispatch_uid="masthead-request-id")
        task_started.connect(logs.adopt_for_task, dispatch_uid="masthead-request-id")
        task_finished.connect(logs.drop_for_task, dispatch_uid="masthead-request-id")
        task_finished.connect(metrics.count_task, dispatch_uid="masthead-metrics")
