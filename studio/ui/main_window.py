"""The studio's main window (being built up: see issue 7)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow

from studio.ui.i18n import tr


class MainWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.setWindowTitle(tr("Avatar Studio"))
        self.resize(1400, 900)
        label = QLabel(tr("Avatar Studio"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(label)

    def open_initial(self, path: str | None) -> None:
        pass
