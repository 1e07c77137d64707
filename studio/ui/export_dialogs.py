"""Export dialogs (video, sticker, sticker pack) — being built."""
