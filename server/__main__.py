"""`python -m server`: the same as `daftar server`."""

import sys

from server.cli import main

sys.exit(main())
