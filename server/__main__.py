"""`python -m server`: the same as `daftar server` (the same one-line errors too)."""

import sys

from daftar_cli.main import main

sys.exit(main(["server", *sys.argv[1:]]))
