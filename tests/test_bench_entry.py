"""`make bench` runs bench/run_all.py: it must at least import and find every bench."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"


def test_every_benchmark_module_imports_and_has_a_main():
    importlib.import_module("bench.run_all")
    names = [m.name for m in pkgutil.iter_modules([str(BENCH)]) if m.name.startswith("bench_")]
    assert {"bench_sync", "bench_desktop", "bench_challan", "bench_reconcile"} <= set(names)
    for name in names:
        assert callable(importlib.import_module(f"bench.{name}").main)
