"""The zstd module of the running Python: `compression.zstd` from Python 3.14 on, the
`backports.zstd` package (the same module, PEP 784) before.

Pull pages travel zstd-packed between our own client and server; urllib3 knows the
same module, so every other answer the session reads is unpacked alike.
"""

from __future__ import annotations

import sys

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

__all__ = ["zstd"]
