"""Light and dark themes (Fusion style with a palette, plus a little spacing CSS).

Two things Fusion's palette alone leaves unreadable on dark are handled here: an unchecked
check box's frame (drawn from the window colour, nearly invisible) gets an outline in the
text colour (`_Style`), and the style's black glyph icons are turned light (`themed_icon`).
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle

THEMES = ("system", "light", "dark")

_CSS = """
QToolBar { spacing: 6px; padding: 4px; }
QToolButton { padding: 4px 8px; }
QGroupBox { font-weight: 600; margin-top: 10px; padding-top: 6px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }
QTabBar::tab { padding: 6px 12px; }
QDockWidget::title { padding: 6px; font-weight: 600; }
QPushButton:checked { background: palette(highlight); color: palette(highlighted-text);
                      border: 1px solid palette(highlight); border-radius: 3px; padding: 3px; }
"""


def _dark_palette() -> QPalette:
    p = QPalette()
    base, window, text = QColor(37, 38, 41), QColor(48, 50, 54), QColor(226, 228, 232)
    # buttons, slider handles and spin box arrows a step lighter than the window: in the
    # window's own colour a slider's handle at 0 was hard to find
    button = QColor(66, 69, 75)
    accent = QColor(76, 145, 230)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, QPalette.ColorRole.Window, window)
        p.setColor(group, QPalette.ColorRole.WindowText, text)
        p.setColor(group, QPalette.ColorRole.Base, base)
        p.setColor(group, QPalette.ColorRole.AlternateBase, window)
        p.setColor(group, QPalette.ColorRole.ToolTipBase, base)
        p.setColor(group, QPalette.ColorRole.ToolTipText, text)
        p.setColor(group, QPalette.ColorRole.Text, text)
        p.setColor(group, QPalette.ColorRole.Button, button)
        p.setColor(group, QPalette.ColorRole.ButtonText, text)
        p.setColor(group, QPalette.ColorRole.Highlight, accent)
        p.setColor(group, QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
        p.setColor(group, QPalette.ColorRole.Link, accent)
        p.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(140, 143, 150))
    grey = QColor(128, 130, 135)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, grey)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, base)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, window)
    return p


_style = None


def is_dark(palette: QPalette) -> bool:
    return palette.window().color().lightness() < 128


class _Style(QProxyStyle):
    """Fusion, with check boxes whose frame stays visible on a dark window."""
    _BOXES = (QStyle.PrimitiveElement.PE_IndicatorCheckBox,
              QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck)

    def drawPrimitive(self, element, option, painter, widget=None):
        super().drawPrimitive(element, option, painter, widget)
        if element in self._BOXES and option is not None and is_dark(option.palette):
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            outline = QColor(option.palette.text().color())
            outline.setAlpha(170)
            painter.setPen(QPen(outline, 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            r = QRectF(option.rect).adjusted(1.0, 1.0, -1.0, -1.0)
            painter.drawRoundedRect(r, 2.0, 2.0)
            painter.restore()


def themed_icon(icon: QIcon, dark: bool, sizes=(16, 20, 24, 32)) -> QIcon:
    """`icon` as it reads on the theme: unchanged on light; on dark, a glyph drawn in black
    (mostly dark ink) gets each pixel's lightness turned over (hues kept), for each size.
    Colourful icons with their own light fills (folder, disk) read on both and stay."""
    if not dark:
        return icon
    import numpy as np
    from PySide6.QtGui import QImage
    out = QIcon()
    for side in sizes:
        src = icon.pixmap(QSize(side, side))
        if src.isNull():
            continue
        img = src.toImage().convertToFormat(QImage.Format.Format_RGBA8888)
        w, h = img.width(), img.height()
        a = np.frombuffer(img.constBits(), np.uint8, img.sizeInBytes()).reshape(h, img.bytesPerLine())
        px = a[:, :w * 4].reshape(h, w, 4).astype(np.int16)
        rgb = px[..., :3]
        ink = px[..., 3] > 128
        if not ink.any() or (rgb.max(axis=2) + rgb.min(axis=2))[ink].mean() / 2 > 80:
            out.addPixmap(src)
            continue
        shift = 255 - rgb.max(axis=2, keepdims=True) - rgb.min(axis=2, keepdims=True)
        px[..., :3] = np.clip(rgb + shift, 0, 255)
        data = np.ascontiguousarray(px.astype(np.uint8))
        flipped = QImage(data.data, w, h, w * 4, QImage.Format.Format_RGBA8888).copy()
        pm = QPixmap.fromImage(flipped)
        pm.setDevicePixelRatio(src.devicePixelRatio())
        out.addPixmap(pm)
    return out if not out.isNull() else icon


def apply(app: QApplication, theme: str) -> None:
    """Switch the whole application to `theme` ('light' or 'dark')."""
    global _style
    _style = _Style("Fusion")         # kept referenced: Qt holds it only by pointer
    app.setStyle(_style)
    # 'system' follows the desktop's colour scheme where Qt reports one
    from PySide6.QtCore import Qt
    if theme == "system":
        hints = app.styleHints()
        dark = hasattr(hints, "colorScheme") and hints.colorScheme() == Qt.ColorScheme.Dark
        theme = "dark" if dark else "light"
    app.setPalette(_dark_palette() if theme == "dark" else app.style().standardPalette())
    app.setStyleSheet(_CSS)
