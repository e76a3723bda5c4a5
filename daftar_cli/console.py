"""What a person sees in the console: one line for a mistake, quiet libraries.

A mistake a person can fix (a wrong key, an unknown office, a server that is down, a
typo in a profile name) is answered with one line that says what happened and what to
do, and a non-zero exit status; the traceback is for `--debug`. Known exceptions of
the store, the transport and SQLAlchemy are turned into such lines here, so commands
need not wrap every call; anything else is still one line, naming its type and asking
for `--debug`.
"""

from __future__ import annotations

import errno
import logging
from urllib.parse import urlsplit

#: Exit statuses: 1 for a fault of the program, 2 for a mistake in what was asked,
#: 3 for a machine that lacks something (a screen, Qt's libraries), 130 for Ctrl+C.
EXIT_FAULT, EXIT_USAGE, EXIT_MACHINE, EXIT_INTERRUPTED = 1, 2, 3, 130


class UserError(Exception):
    """A mistake the person can put right; the message is the whole answer."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE):
        super().__init__(message)
        self.exit_code = exit_code


def one_line(text: object, limit: int = 240) -> str:
    """The first line of a (library's) message, cut to a readable length."""
    line = str(text).strip().splitlines()[0] if str(text).strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def check_server_url(url: str) -> str:
    """`url` without a trailing slash, or a `UserError` when it is not an http(s) address."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        example = (
            f"http://{url.strip().split('://')[-1].strip('/')}"
            if url.strip()
            else "http://127.0.0.1:8700"
        )
        raise UserError(
            f"{url!r} is not a server address: write it with http:// or https:// "
            f"in front, for example {example}."
        )
    return url.strip().rstrip("/")


def _network_reason(text: str) -> str:
    for needle, reason in (
        ("Connection refused", "connection refused"),
        ("Name or service not known", "no such host"),
        ("nodename nor servname", "no such host"),
        ("getaddrinfo failed", "no such host"),
        ("timed out", "no answer in time"),
        ("Network is unreachable", "network unreachable"),
        ("No route to host", "no route to host"),
    ):
        if needle in text:
            return reason
    return one_line(text, 120)


def explain(exc: BaseException) -> UserError | None:
    """The one-line answer to a known exception, or None for a fault of the program."""
    if isinstance(exc, UserError):
        return exc
    from sync.store.engine import WrongKey
    from sync.store.keys import KeychainUnavailable
    from sync.store.profiles import ProfileError

    if isinstance(exc, KeychainUnavailable | ProfileError):
        return UserError(str(exc))
    if isinstance(exc, WrongKey):
        return UserError(
            "The key given does not open this profile's store: use the key file "
            "(--key-file or DAFTAR_KEY_FILE) or keychain entry it was created with."
        )
    from sync.transport import DeviceRevoked, InsecureServer, Offline, Refused, ServerFault

    if isinstance(exc, InsecureServer):
        return UserError(str(exc))
    if isinstance(exc, DeviceRevoked):
        return UserError(
            "The server revoked this computer's enrolment; sync stopped and the "
            "store is locked. Ask the district administrator to enrol it again."
        )
    if isinstance(exc, Offline):
        return UserError(
            f"Cannot reach the server ({_network_reason(str(exc))}): check the "
            "address and the network, and that the server is running."
        )
    if isinstance(exc, Refused):
        message = exc.body.get("message") or exc.body.get("detail") or str(exc)
        return UserError(f"The server refused: {one_line(message)}")
    if isinstance(exc, ServerFault):
        return UserError(
            f"The server failed ({one_line(exc, 120)}); try again later, or tell "
            "its administrator.",
            EXIT_FAULT,
        )
    import requests

    if isinstance(exc, requests.RequestException):
        return UserError(
            f"Cannot reach {getattr(exc.request, 'url', 'the server')} "
            f"({_network_reason(str(exc))}): check the address and that it is "
            "running."
        )
    from sqlalchemy import exc as sa

    if isinstance(exc, sa.ArgumentError | sa.NoSuchModuleError):
        return UserError(
            f"Not a database URL this program can use ({one_line(exc, 100)}): write "
            "sqlite:///path/to/file.sqlite3 or "
            "postgresql+psycopg://user:password@host:5432/dbname."
        )
    if isinstance(exc, sa.OperationalError):
        return UserError(
            f"Cannot open the database: {one_line(exc.orig, 160)}. Check the URL, "
            "that the database server is running, and the user's rights."
        )
    if isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE:
        return UserError(
            f"The port is taken by another program ({one_line(exc, 100)}): choose "
            "another with --port, or stop the other program."
        )
    if isinstance(exc, OSError) and exc.filename:
        return UserError(
            f"Cannot use {exc.filename}: {exc.strerror or one_line(exc)}. Check the "
            "path and this user's rights to it."
        )
    return None


def setup_logging(*, verbose: bool = False, debug: bool = False) -> None:
    """Warnings and errors only, unless asked: libraries' INFO lines (Alembic's
    "Context impl SQLiteImpl", "Will assume transactional DDL") are noise to a person."""
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    if not (verbose or debug):
        logging.getLogger("alembic").setLevel(logging.WARNING)


#: Set by `daftar --debug` (anywhere on the command line): tracebacks are shown and
#: logging goes to DEBUG.
DEBUG = False


def debug_enabled() -> bool:
    return DEBUG
