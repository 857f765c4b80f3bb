"""The suggestion pages (filled in below)."""
