"""A local stand-in for the provincial payment aggregator and the 1Bill bank network.

Run it with ``daftar gateway`` (or ``python -m server.sandbox_gateway``); build it in a
test with :func:`create_app`. See ``app.py`` for the shape of the API.
"""

from server.sandbox_gateway.app import create_app
from server.sandbox_gateway.config import GatewayConfig

__all__ = ["GatewayConfig", "create_app"]
