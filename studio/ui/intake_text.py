"""The intake report (`studio.face.report.IntakeReport`) in the UI language, for the status bar.

The report itself stays English for the command line; here it is put together again from its
fields, each phrase through `tr`, so that a language switch shows it in the new language.
"""
from __future__ import annotations

from studio.ui.i18n import tr


def _angle(yaw: float, roll: float) -> str:
    if abs(yaw) <= 10 and abs(roll) <= 10:
        return tr("facing the camera")
    words = []
    if abs(yaw) > 10:
        words.append(tr("turned {deg}°").format(deg=f"{abs(yaw):.0f}"))
    if abs(roll) > 10:
        words.append(tr("tilted {deg}°").format(deg=f"{abs(roll):.0f}"))
    return tr(" and ").join(words)


def report_text(report) -> str:
    """One line, as `IntakeReport.line()` says it, in the UI language."""
    w, h = report.size
    expression = ", ".join(tr(word) for word in report.expression.split(", "))
    if report.undone:
        expression += tr(" (undone at rest; 'as photographed' keeps it)")
    parts = [tr("face {px} px wide in {w}×{h}").format(px=f"{report.face_px:.0f}", w=w, h=h),
             _angle(report.yaw_deg, report.roll_deg), expression,
             tr(f"{report.lighting} light")]
    if report.monochrome:
        parts.append(tr("black and white (kept)"))
    text = tr("photo: ") + ", ".join(parts)
    if report.tips:
        text += tr(" — tip: ") + "; ".join(tr(tip) for tip in report.tips)
    return text


# the accelerator's and the warp's reasons (studio.runtime.providers, studio.render.backend):
# the common ones in the UI language, each as (pattern, template); a rarer diagnostic (an
# environment override, an exception's text) stays as the core says it
_REASONS = (
    (r"no accelerator available; running on the CPU \((.+)\)",
     "no accelerator available; running on the CPU ({0})"),
    (r"(\w+) is the best accelerator available", "{0} is the best accelerator available"),
    (r"(\w+) chosen as requested", "{0} chosen as requested"),
    (r"ONNX on (\w+) \(the accelerator\)", "ONNX on {0} (the accelerator)"),
    # the speech engine's warnings (studio.speech.espeak), shown under the preview
    (r"parts in other scripts were read with the voice for (.+)",
     "parts in other scripts were read with the voice for {0}"),
)


def reason_text(reason: str) -> str:
    """A provider or warp reason in the UI language, where it is one of the common ones."""
    import re
    for pattern, template in _REASONS:
        m = re.fullmatch(pattern, reason)
        if m:
            return tr(template).format(*(", ".join(tr(w) for w in g.split(", ")) for g in m.groups()))
    return tr(reason)
