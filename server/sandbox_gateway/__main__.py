"""``python -m server.sandbox_gateway [...]``: the same as ``daftar gateway [...]``."""

from server.sandbox_gateway.cli import main

raise SystemExit(main())
