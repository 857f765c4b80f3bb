"""Append-only audit log: who saw or changed what, when, from where.

``operations.record_event`` writes an event; ``routes.py`` holds the log's page and its
blueprint, so the many operations that record events load no page.
"""
