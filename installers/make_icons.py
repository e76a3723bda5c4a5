"""Render installers/linux/daftar.svg to the bitmaps installers need.

    .venv/bin/python installers/make_icons.py

writes installers/windows/daftar.ico (16-256 px, for the .exe, the setup and the
shortcuts) and installers/linux/daftar-256.png (for file managers without SVG
support). Both are committed, so a build does not need to run this; run it again
after changing the SVG. Needs PySide6 (QtSvg) and Pillow, both in the dev venv.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def render(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(HERE / "linux" / "daftar.svg"))
    if not renderer.isValid():
        raise SystemExit("daftar.svg does not parse")
    image = QImage(size, size, QImage.Format_ARGB32)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    images = {size: Image.open(io.BytesIO(render(size))).convert("RGBA") for size in SIZES}
    big = images[256]
    big.save(HERE / "linux" / "daftar-256.png")
    # Each size rendered from the vector, not scaled down from 256 px.
    big.save(
        HERE / "windows" / "daftar.ico",
        format="ICO",
        sizes=[(s, s) for s in SIZES],
        append_images=[images[s] for s in SIZES if s != 256],
    )
    print("wrote", HERE / "windows" / "daftar.ico", "and", HERE / "linux" / "daftar-256.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
