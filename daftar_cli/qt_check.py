"""Before opening a real window: are the system libraries Qt's xcb plugin needs there?

On a fresh Linux, Qt fails with a cryptic "could not load the Qt platform plugin
xcb"; this says exactly what to install instead.
"""

from __future__ import annotations

import ctypes.util
import os
import sys

# library soname stem -> Debian/Ubuntu package
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-shape": "libxcb-shape0",
    "xcb-randr": "libxcb-randr0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-image": "libxcb-image0",
    "EGL": "libegl1",
    "fontconfig": "libfontconfig1",
}


def explain_missing_qt_libraries() -> str | None:
    """A message naming the packages to install, or None when the window can open."""
    if not sys.platform.startswith("linux"):
        return None
    platform_name = os.environ.get("QT_QPA_PLATFORM", "")
    if platform_name in ("offscreen", "minimal", "vnc") or platform_name.startswith("wayland"):
        return None
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return (
            "daftar: no screen found (DISPLAY is not set). Run it from a desktop session, "
            "or under a virtual screen: `xvfb-run make run`, or without a window: "
            "`QT_QPA_PLATFORM=offscreen make run`."
        )
    missing = [pkg for lib, pkg in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]
    if missing:
        return (
            "daftar: Qt needs system libraries that are not installed. Install them with:\n"
            f"    sudo apt-get install {' '.join(missing)}\n"
            "then run `make run` again."
        )
    return None
