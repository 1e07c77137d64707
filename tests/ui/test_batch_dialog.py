"""The Batch Videos dialog (issue 16): runs a jobs file through the command's own function on a
worker thread, one log line per row, and the file menu opens it."""
from __future__ import annotations

import shutil

from .conftest import wait_until


def test_batch_dialog_runs_a_jobs_file_and_lists_each_row(qapp, tmp_path, astronaut_png):
    from studio.ui.batch_dialog import BatchDialog
    shutil.copy(astronaut_png, tmp_path / "face.png")
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("photo,text,lang,size,fps,output\n"
                    "face.png,Hi.,en,128,24,one.mp4\n"
                    "face.png,,en,128,24,two.mp4\n", encoding="utf-8")
    dialog = BatchDialog()
    dialog.jobs.edit.setText(str(jobs))
    dialog.folder.edit.setText(str(tmp_path / "out"))
    dialog.workers.setValue(1)
    dialog.start()
    assert not dialog.run_button.isEnabled()
    wait_until(qapp, lambda: dialog.report is not None, 120, "the batch to finish")
    assert (tmp_path / "out" / "one.mp4").stat().st_size > 1000
    text = dialog.log.toPlainText()
    assert "line 2: one.mp4 — done" in text and "line 3" in text and "invalid" in text
    assert "1 made, 0 already done, 0 failed, 1 invalid" in text
    assert dialog.run_button.isEnabled() and dialog.progress.value() == 1000
    dialog.close()


def test_the_file_menu_opens_the_batch_dialog(qapp):
    from studio.ui.main_window import MainWindow
    window = MainWindow(preview_size=128)
    try:
        assert window.act_batch in window.menuBar().actions()[0].menu().actions()
        dialog = window.batch_videos()
        assert dialog.isVisible() and dialog.windowTitle() == "Batch Videos"
        dialog.close()
    finally:
        window.close()
        qapp.processEvents()
