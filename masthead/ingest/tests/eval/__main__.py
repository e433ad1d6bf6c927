"""Print the extractor's precision and recall: ``python -m masthead.ingest.tests.eval``."""

import os

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.test")
    django.setup()
    from rich.console import Console

    from masthead.ingest.tests.eval.generator import HELD_OUT, LAYOUTS
    from masthead.ingest.tests.eval.score import report

    per_layout = int(os.environ.get("EVAL_PER_LAYOUT", "8"))
    console = Console(width=120)
    tuned = tuple(layout for layout in LAYOUTS if layout not in HELD_OUT)
    for title, layouts in (
        (f"the {len(tuned)} tuned layouts, {per_layout * len(tuned)} pages", tuned),
        (
            f"held-out layout only ({', '.join(HELD_OUT)}), {per_layout * len(HELD_OUT)} pages",
            HELD_OUT,
        ),
    ):
        console.print(
            _table(f"Page extraction: {title}", report(per_layout=per_layout, layouts=layouts))
        )


def _table(title: str, results: dict):
    from rich.table import Table

    table = Table(title=title)
    table.add_column("field")
    for mode in results:
        table.add_column(f"{mode} precision", justify="right")
        table.add_column(f"{mode} recall", justify="right")
    for name in results["html"]:
        row = [name]
        for mode in results:
            tally = results[mode][name]
            row += [f"{tally.precision:.2f}", f"{tally.recall:.2f}"]
        table.add_row(*row)
    return table


if __name__ == "__main__":
    main()
