"""Export: what users take away (issue 6). Qt-free; the CLI and the GUI share it.

- `video.export_video` — talking videos (MP4 / WebM with alpha / ProRes 4444 MOV) with the
  voice, music ducked under it, subtitles (`subtitles`, burned in with `text`), AI label
  (`metadata`), framed by `framing`.
- `stickers.export_sticker` / `make_sticker` — looping `motions` and expression presets as
  WebP / GIF / APNG / WebM (`encoders`), fitted to a platform preset (`platforms`).
- `packs.export_pack` — a folder or zip per platform with its extra images and a manifest.
- `atomic` — every file appears whole or not at all; `readback` / `contact_sheet` decode what
  was written (tests, docs).
"""
