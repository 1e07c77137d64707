"""Editors for the F.FDHC groups, one tab each, generated from the profile field metadata."""
