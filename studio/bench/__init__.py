"""Benchmarks behind `avatar-studio bench`: one module per engine area."""
