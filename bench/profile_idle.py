"""The desk's idle sync round (nothing to do), timed and profiled step by step (issue 14).

    .venv/bin/python -m bench.profile_idle [--backend sqlite|postgres] [--applications 2000]
        [--rounds 60] [--profile out.prof]

The server is `python -m server` on a free 127.0.0.1 port, as in `bench.bench_sync`
(a small seed: an idle round reads nothing of it); the desk is a real encrypted store
with the real engine and transport, bootstrapped first. Then `--rounds` rounds, each
with nothing to push or pull: the median and p95 of the whole round, and the median
of each of its steps (the engine's own methods, timed from outside), so the part of
the budget (< 15 ms, DESIGN.md "Budgets") spent on the wire is told from the part
spent in the desk's store. Prints figures only.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_sync import ServerDatabase, ServerProcess, close_bench, enrolled_desk  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench.profile_idle", description=__doc__.split("\n\n")[0])
    p.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    p.add_argument("--applications", type=int, default=2000)
    p.add_argument("--rounds", type=int, default=60)
    p.add_argument("--profile", type=Path, default=None, help="write cProfile stats here")
    args = p.parse_args(argv)

    from daftar_cli.seed import seed_server
    from server.db import make_engine
    from server.migrate import prepare_database
    from sync import engine as sync_engine
    from sync.engine import SyncEngine

    with tempfile.TemporaryDirectory(prefix="daftar-idle-") as tmp:
        folder = Path(tmp)
        database = ServerDatabase(args.backend, folder)
        server = store = None
        try:
            engine = make_engine(database.url)
            prepare_database(engine)
            seed_server(engine, args.applications, districts=["PSH"])
            engine.dispose()
            server = ServerProcess(database.url, folder)
            store, transport = enrolled_desk(server.url, folder, "idle desk")
            sync = SyncEngine(store, transport, lease_top_up=False)
            sync.run_once()  # the bootstrap
            for _ in range(3):  # the server's token cache and the desk's connections warm
                sync.run_once()

            steps: dict[str, list[float]] = {}

            def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
                def wrapper(*a: Any, **kw: Any) -> Any:
                    started = time.perf_counter()
                    try:
                        return fn(*a, **kw)
                    finally:
                        steps.setdefault(name, []).append((time.perf_counter() - started) * 1000)

                return wrapper

            sync.push_all = timed("push_all", sync.push_all)  # type: ignore[method-assign]
            sync.pull_all = timed("pull_all", sync.pull_all)  # type: ignore[method-assign]
            transport.pull = timed("  transport.pull (HTTP)", transport.pull)  # type: ignore[method-assign]
            sync_engine.rebase = timed("rebase", sync_engine.rebase)  # type: ignore[assignment]
            store.set_facts = timed("set_facts", store.set_facts)  # type: ignore[method-assign]
            store.pending_count = timed("pending_count", store.pending_count)  # type: ignore[method-assign]
            store.attention_count = timed("attention_count", store.attention_count)  # type: ignore[method-assign]

            profiler = cProfile.Profile() if args.profile else None
            rounds = []
            cpu = time.process_time()
            for _ in range(args.rounds):
                if profiler:
                    profiler.enable()
                started = time.perf_counter()
                sync.run_once()
                rounds.append((time.perf_counter() - started) * 1000)
                if profiler:
                    profiler.disable()
            cpu = (time.process_time() - cpu) / args.rounds * 1000
            if profiler and args.profile:
                profiler.dump_stats(str(args.profile))
            rounds.sort()
            print(
                f"{args.backend}: {args.rounds} idle rounds: median "
                f"{statistics.median(rounds):.1f} ms, p95 {rounds[int(len(rounds) * 0.95) - 1]:.1f} "
                f"ms, desk CPU {cpu:.1f} ms a round   load {os.getloadavg()[0]:.2f}"
            )
            for name, values in steps.items():
                print(
                    f"   {name:24s} median {statistics.median(values):6.2f} ms "
                    f"({len(values) / args.rounds:g} a round)"
                )
        finally:
            close_bench(store, server, database)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
