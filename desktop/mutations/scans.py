"""The scanned register pages beside the entry form: attach by file picker (Ctrl+O)
or drag and drop, see each page with zoom (Ctrl+wheel, Ctrl+= / Ctrl+-) and pan
(drag) while typing. Images are shown; a PDF is listed by name (Qt's PDF module is
not in PySide6-Essentials)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.db import read_rows
from desktop.i18n import tr
from desktop.mutations.queries import scans_query
from desktop.qt import (
    QComboBox,
    QDragEnterEvent,
    QDropEvent,
    QFileDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QImage,
    QKeySequence,
    QLabel,
    QObject,
    QPainter,
    QPixmap,
    QPushButton,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWheelEvent,
    QWidget,
    Signal,
)
from desktop.worker import DbWorker
from domain.commands.mutations import SCAN_MEDIA_TYPES
from sync.attachments import AttachmentError
from sync.store.local import LocalStore

MEDIA_BY_SUFFIX = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".pdf": "application/pdf",
}


@dataclass
class Scan:
    name: str
    media_type: str
    data: bytes


class ZoomView(QGraphicsView):
    """A page that zooms with Ctrl+wheel and pans by dragging."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scan_view")
        self.setScene(QGraphicsScene(self))
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.zoom = 1.0

    def show_image(self, image: QImage) -> None:
        scene = self.scene()
        scene.clear()
        scene.addItem(QGraphicsPixmapItem(QPixmap.fromImage(image)))
        scene.setSceneRect(scene.itemsBoundingRect())
        self.fitInView(scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self.zoom = 1.0

    def show_text(self, text: str) -> None:
        scene = self.scene()
        scene.clear()
        scene.addText(text)

    def zoom_by(self, factor: float) -> None:
        self.zoom *= factor
        self.scale(factor, factor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(1.25 if event.angleDelta().y() > 0 else 0.8)
            return
        super().wheelEvent(event)


class ScanPane(QWidget):
    """The scans attached to the entry being typed; `changed` when one is added.
    `read_only`: the scans of a recorded entry, for the verifying clerk and the
    officer (`show_kept` fills it; nothing can be attached)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, read_only: bool = False):
        super().__init__(parent)
        self.read_only = read_only
        self.setObjectName("scans")
        self.setAcceptDrops(not read_only)
        self.scans: list[Scan] = []
        self.pages = QComboBox(self)
        self.pages.setObjectName("scan_pages")
        self.attach_button = QPushButton(self)
        self.attach_button.setObjectName("attach_scan")
        self.attach_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stays in the register
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.view = ZoomView(self)
        top = QHBoxLayout()
        top.addWidget(self.attach_button)
        top.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        self.setMinimumWidth(300)
        self.setMinimumHeight(420)
        self.attach_button.clicked.connect(self.choose)
        self.pages.currentIndexChanged.connect(self._show)
        for keys, factor in (("Ctrl+=", 1.25), ("Ctrl++", 1.25), ("Ctrl+-", 0.8)):
            QShortcut(QKeySequence(keys), self, lambda f=factor: self.view.zoom_by(f))
        if read_only:
            self.attach_button.hide()
        else:
            QShortcut(QKeySequence("Ctrl+O"), self, self.choose)
        self.retranslate()

    def retranslate(self) -> None:
        self.attach_button.setText(tr("Attach scan… (Ctrl+O)"))
        if not self.scans:
            self.view.show_text(
                tr("Opening the scan…")
                if self.read_only
                else tr("Drop the scanned register page here.")
            )

    def add_scan(self, scan: Scan) -> None:
        """A kept scan (read-only pane): listed and shown."""
        self.scans.append(scan)
        self.pages.addItem(scan.name)
        self.pages.setCurrentIndex(self.pages.count() - 1)

    def say(self, text: str) -> None:
        self.message.setText(text)
        if not self.scans:
            self.view.show_text("")

    def choose(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self.window(), tr("Attach scan"), "", "Scans (*.png *.jpg *.jpeg *.tif *.tiff *.pdf)"
        )
        for name in names:
            self.add_file(Path(name))

    def add_file(self, path: Path) -> bool:
        media = MEDIA_BY_SUFFIX.get(path.suffix.lower())
        if media is None or media not in SCAN_MEDIA_TYPES:
            self.message.setText(
                tr("{name}: attach a PNG, JPEG, TIFF or PDF scan.").format(name=path.name)
            )
            return False
        self.scans.append(Scan(path.name, media, path.read_bytes()))
        self.pages.addItem(path.name)
        self.pages.setCurrentIndex(self.pages.count() - 1)
        self.message.setText("")
        self.changed.emit()
        return True

    def clear(self) -> None:
        self.scans.clear()
        self.pages.clear()
        self.retranslate()

    def _show(self, index: int) -> None:
        if not 0 <= index < len(self.scans):
            return
        scan = self.scans[index]
        image = QImage.fromData(scan.data)
        if image.isNull():
            self.view.show_text(
                tr("{name} ({kb} KB): a PDF, kept with the entry.").format(
                    name=scan.name, kb=len(scan.data) // 1024
                )
            )
        else:
            self.view.show_image(image)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.add_file(Path(url.toLocalFile()))
        event.acceptProposedAction()


class ScanLoader(QObject):
    """Brings the scans of a recorded entry to a read-only `ScanPane`: the rows (hash
    and media type) from the store on the database worker, then each scan's bytes
    from the desk's encrypted cache or, the first time it is opened on this desk,
    from the server (`SyncEngine.fetch_attachment`) on a thread of its own, so a slow
    link never holds up the window or the database worker. Without a server
    (`engine` None) only scans kept here can be shown; what cannot be had is said in
    the pane, in one line."""

    _arrived = Signal(object)
    _missing = Signal(str)

    def __init__(self, pane: ScanPane, store: LocalStore, engine: Any = None):
        super().__init__(pane)
        self.pane, self.store, self.engine = pane, store, engine
        self._arrived.connect(pane.add_scan, Qt.ConnectionType.QueuedConnection)
        self._missing.connect(pane.say, Qt.ConnectionType.QueuedConnection)

    def load(self, worker: DbWorker, mutation_id: str) -> None:
        store = self.store
        worker.submit(
            lambda: [tuple(r) for r in read_rows(store, scans_query(mutation_id))],
            on_done=self._rows_in,
            key=f"mutation-scans-{mutation_id}",
        )

    def _rows_in(self, rows: list[tuple[str, str]]) -> None:
        if not rows:
            self.pane.say(tr("No scan was attached to this entry."))
            return
        threading.Thread(
            target=self._fetch, args=(rows,), name="daftar-scan-fetch", daemon=True
        ).start()

    def _fetch(self, rows: list[tuple[str, str]]) -> None:
        kept = self.store.attachments
        for n, (sha, media) in enumerate(rows, start=1):
            name = tr("Page {n}").format(n=n)
            try:
                if kept is not None and kept.has(sha):
                    data = kept.get(sha)
                elif self.engine is not None:
                    data = self.engine.fetch_attachment(sha)
                else:
                    self._missing.emit(
                        tr(
                            "{name}: not on this computer, and no server is set up to fetch it."
                        ).format(name=name)
                    )
                    continue
            except AttachmentError as exc:
                self._missing.emit(f"{name}: {exc}")
                continue
            self._arrived.emit(Scan(name, media, data))
