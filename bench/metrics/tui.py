"""The TUI's rows: usable picker, history, records, memory and bytes per key press.

One round walks (bench/metrics/journey.py) each of these, in an order that rotates
every round so a slow moment of the machine does not always hit the same one:

- the bare one-Static Textual app (the floor of the start-up rows);
- hipext on the empty store (picker only: there is no history to open);
- hipext on the one-month store (the floor of the history and records rows);
- hipext on the main (ten-year) store, warm: it has been opened before;
- hipext on a fresh ``cp -a`` copy of the main store, made before the run.

The key-press runs start hipext on the main store, wait for the usable picker, press
Down and count the bytes written until the terminal is quiet again. At the end of the
list a Down draws nothing; the run then presses Home (not counted) and Down again, so
every sample is a Down that moved the highlight and the detail pane.
"""

from __future__ import annotations

from collections.abc import Callable

from bench.metrics.common import Context, Metric, median, missing, ratio_metric
from bench.metrics.journey import SETTLE, Walk, bare_once, picker_usable, tail, walk_once
from bench.terminal import TerminalApp, terminal_env

DOWN = b"\x1b[B"
HOME = b"\x1b[H"
KEY_QUIET = 0.15

GOALS = {
    "picker_ratio": 1.3,
    "picker_history_ratio": 1.05,
    "picker_copy_ratio": 1.15,
    "history_rows_ratio": 1.3,
    "records_ratio": 1.5,
    "rss_ratio": 1.3,
    "rss_history_ratio": 1.3,
    "rss_records_ratio": 1.3,
}


def series(ctx: Context, rounds: int, names: list[str], picker_rounds: int = 0) -> dict[str, Walk]:
    """Interleaved walks: the bare app, then each store in ``names`` (a name ending in
    ``+copy`` walks a fresh copy of that store each time). Then ``picker_rounds`` more
    rounds that stop at the picker, of the bare app and the stores the start-up rows
    compare (all but the one-month store): those rows ask for a few per cent, so they
    get twice the samples of the history and records rows."""
    walks = {"bare": Walk(), **{n: Walk() for n in names}}

    def one(name: str, *, deep: bool = True) -> Callable[[], None]:
        def run() -> None:
            if name == "bare":
                bare_once(ctx, walks[name])
                return
            base = name.removesuffix("+copy")
            store = ctx.fresh_copy(base) if name.endswith("+copy") else ctx.stores[base]
            walk_once(ctx, store, walks[name], deep=deep and base != "empty")

        return run

    # Warm-up: the page cache, and the caches a first open of each store writes.
    for name in walks:
        if not name.endswith("+copy"):
            one(name)()
    for key in walks:
        walks[key] = Walk()
    _rotate([one(n) for n in walks], rounds)
    _rotate([one(n, deep=False) for n in walks if n != "month"], picker_rounds)
    return walks


def _rotate(plan: list[Callable[[], None]], rounds: int) -> None:
    """``rounds`` rounds of ``plan``, each starting one step further along."""
    for r in range(rounds):
        for i in range(len(plan)):
            plan[(i + r) % len(plan)]()


def startup(ctx: Context) -> list[Metric]:
    """Every start-up, history, records and memory row, warm and copied."""
    if not {"empty", "month", "main"} <= set(ctx.stores):
        return [missing(n, "x", "<=", g, ctx.store_problem) for n, g in GOALS.items()]
    # 13 rounds: on this shared VM one walk in five is 20-40 % off the others (noisy
    # neighbours), and the start-up goals are a few per cent apart.
    names = ["empty", "month", "main", "main+copy"]
    walks = series(ctx, ctx.repeats(13, 3), names, picker_rounds=ctx.repeats(12, 0))
    ctx.details["tui_samples"] = {k: w.to_json() for k, w in walks.items()}
    failures = [f for w in walks.values() for f in w.failures]
    why = failures[0] if failures else ""
    bare, empty, month = walks["bare"], walks["empty"], walks["month"]
    main, copy = walks["main"], walks["main+copy"]
    g = GOALS
    mib = {"unit": "MiB", "scale": 1 / 1024}
    return [
        ratio_metric("picker_ratio", main.picker, bare.first, g["picker_ratio"], note=why),
        ratio_metric("picker_ratio_copy", copy.picker, bare.first, g["picker_ratio"]),
        ratio_metric("picker_history_ratio", main.picker, empty.picker, 1.05),
        ratio_metric("picker_copy_ratio", copy.picker, main.picker, g["picker_copy_ratio"]),
        ratio_metric("history_rows_ratio", main.history, month.history, 1.3),
        ratio_metric("history_rows_ratio_copy", copy.history, month.history, 1.3),
        ratio_metric("records_ratio", main.records, month.records, 1.5),
        ratio_metric("records_ratio_copy", copy.records, month.records, 1.5),
        ratio_metric("rss_ratio", main.rss_picker, empty.rss_picker, 1.3, **mib),  # type: ignore[arg-type]
        ratio_metric("rss_ratio_copy", copy.rss_picker, empty.rss_picker, 1.3, **mib),  # type: ignore[arg-type]
        ratio_metric("rss_history_ratio", main.rss_history, month.rss_history, 1.3, **mib),  # type: ignore[arg-type]
        ratio_metric("rss_records_ratio", main.rss_records, month.rss_records, 1.3, **mib),  # type: ignore[arg-type]
        # Shown without a goal: the first frame (whatever is painted first) over the bare
        # app's, which is what the start-up figure used to time.
        ratio_metric("first_frame_ratio", main.first, bare.first, None),
    ]


def keypress(ctx: Context) -> list[Metric]:
    """keypress_bytes: bytes sent to the terminal per Down arrow in the picker."""
    if "main" not in ctx.stores:
        return [missing("keypress_bytes", "B", "<=", 2048, ctx.store_problem)]
    presses = ctx.repeats(20, 10)
    counts: list[int] = []
    wraps = 0
    problem = ""
    for _ in range(ctx.repeats(3, 1)):
        argv = [*ctx.hipext(), "--db", str(ctx.stores["main"])]
        with TerminalApp(argv, terminal_env()) as app:
            if app.wait_screen(picker_usable, 30) is None:
                problem = "picker never usable: " + tail(app)
                continue
            app.read_until_quiet(SETTLE)
            for _ in range(presses):
                app.send(DOWN)
                sent = app.read_until_quiet(KEY_QUIET)
                if sent == 0:
                    # The end of the list: Down moves nothing. Jump back to the top
                    # (not counted) and measure a Down that does move the highlight.
                    wraps += 1
                    app.send(HOME)
                    app.read_until_quiet(SETTLE)
                    app.send(DOWN)
                    sent = app.read_until_quiet(KEY_QUIET)
                counts.append(sent)
    ctx.details["keypress_bytes_samples"] = counts
    ctx.details["keypress_home_jumps"] = wraps
    if not counts:
        return [missing("keypress_bytes", "B", "<=", 2048, problem)]
    note = "no redraw at all: is a list focused?" if max(counts) == 0 else ""
    return [Metric("keypress_bytes", median(counts), "B", "<=", 2048, note=note, digits=0)]
