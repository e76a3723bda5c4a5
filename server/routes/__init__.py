"""The server's HTTP routes, one router module per area, all included by
`server.app.create_app` (anchor: the FastAPI full-stack template's `api/main.py`)."""
