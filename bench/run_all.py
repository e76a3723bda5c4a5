"""`make bench`: run every benchmark in bench/ and print its table. Nothing is asserted."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    names = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if m.name.startswith("bench_")
    )
    only = sys.argv[1:]
    for name in names:
        if only and name not in only:
            continue
        print(f"\n== {name} ==", flush=True)
        module = importlib.import_module(f"bench.{name}")
        sys.argv = [f"bench.{name}"]  # each reads its own options; run alone to pass them
        module.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
