"""Batch Videos dialog: `avatar-studio batch` from the studio (docs/BATCH.md).

A jobs file, an output folder and the number of worker processes; the batch runs on a worker
thread (`studio.export.batch.run_batch`, the command's own function), one line per finished row
appears in the log, and Cancel stops it between rows (finished rows stay recorded; running it
again goes on from there).
"""
from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLineEdit, QPlainTextEdit, QProgressBar, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

from studio.errors import Cancelled
from studio.ui import crash
from studio.ui.i18n import tr
from studio.ui.workers import Task


class _Pick(QWidget):
    def __init__(self, folder: bool, filter_text: str = ""):
        super().__init__()
        self.folder, self.filter = folder, filter_text
        self.edit = QLineEdit()
        browse = QPushButton(tr("Browse…"))
        browse.clicked.connect(self._browse)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit, 1)
        lay.addWidget(browse)

    def _browse(self) -> None:
        if self.folder:
            path = QFileDialog.getExistingDirectory(self, tr("Output folder"), self.edit.text())
        else:
            path, _ = QFileDialog.getOpenFileName(self, tr("Jobs file"), self.edit.text(), self.filter)
        if path:
            self.edit.setText(path)

    def text(self) -> str:
        return self.edit.text().strip()


class BatchDialog(QDialog):
    """Runs a jobs file into a folder; `report` holds the last finished batch's Report."""

    def __init__(self, parent=None):
        super().__init__(parent)
        from studio.export.batch import default_workers
        self.setObjectName("dialog.batch")
        self.setWindowTitle(tr("Batch Videos"))
        # room for a folder path: at its narrowest the path boxes held a dozen characters
        self.setMinimumWidth(560)
        self.jobs = _Pick(False, tr("Jobs (*.csv *.jsonl)"))
        self.folder = _Pick(True)
        self.workers = QSpinBox()
        self.workers.setRange(1, max(1, default_workers() * 2))
        self.workers.setValue(default_workers())
        form = QFormLayout()
        form.addRow(tr("Jobs file"), self.jobs)
        form.addRow(tr("Output folder"), self.folder)
        form.addRow(tr("Workers"), self.workers)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.buttons = QDialogButtonBox()
        self.run_button = self.buttons.addButton(tr("Run"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.progress)
        lay.addWidget(self.log, 1)
        lay.addWidget(self.buttons)
        self.resize(560, 380)
        self.task: Task | None = None
        self.report = None
        self._lines: list[str] = []
        self._lock = threading.Lock()

    # ---- running --------------------------------------------------------------------------
    def start(self) -> None:
        from studio.errors import UserError
        if not self.jobs.text() or not self.folder.text():
            crash.show_error(UserError(tr("Choose a jobs file and an output folder first.")))
            return
        self.log.clear()
        self.progress.setValue(0)
        self.run_button.setEnabled(False)
        self.cancel_button.setText(tr("Cancel"))
        self.task = Task(self._work, self.jobs.text(), self.folder.text(), self.workers.value(),
                         name="batch", takes_progress=True, parent=self)
        self.task.progress.connect(self._progress)
        self.task.done.connect(self._done)
        self.task.failed.connect(self._failed)
        self.task.start()

    def _work(self, jobs: str, folder: str, workers: int, *, progress, cancel):
        """Worker thread: the batch, each finished row handed over as a line of text."""
        import io
        from studio.export.batch import plan, run_batch
        total = max(1, sum(map(len, plan(jobs, folder))))
        count = [0]

        def on_result(r) -> None:
            count[0] += 1
            line = f"{tr('line')} {r.line}: {r.output} — {r.status}" + (f" ({r.error})" if r.error else "")
            with self._lock:
                self._lines.append(line)
            progress(min(1.0, count[0] / total))

        return run_batch(jobs, folder, workers=workers, on_result=on_result,
                         stream=io.StringIO(), cancel=cancel)

    def _drain(self) -> None:
        with self._lock:
            lines, self._lines = self._lines, []
        for line in lines:
            self.log.appendPlainText(line)

    def _progress(self, fraction: float) -> None:
        self.progress.setValue(int(fraction * 1000))
        self._drain()

    def _finish(self) -> None:
        self._drain()
        self.task = None
        self.run_button.setEnabled(True)
        self.cancel_button.setText(tr("Close"))

    def _done(self, report) -> None:
        self.report = report
        self._finish()
        self.progress.setValue(1000)
        n = {s: report.count(s) for s in ("done", "skipped", "failed", "invalid")}
        self.log.appendPlainText(
            tr("{done} made, {skipped} already done, {failed} failed, {invalid} invalid; "
               "summary: {summary}").format(**n, summary=report.summary))

    def _failed(self, exc) -> None:
        self._finish()
        if isinstance(exc, Cancelled):
            self.log.appendPlainText(tr("Cancelled; the finished videos are kept."))
            return
        crash.show_error(exc, "batch")

    def _cancel_or_close(self) -> None:
        if self.task is not None:
            self.task.cancel.set()
            return
        self.close()

    def closeEvent(self, event) -> None:
        if self.task is not None:
            self.task.cancel.set()
        super().closeEvent(event)


def open_batch_dialog(window) -> BatchDialog:
    dialog = BatchDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog

