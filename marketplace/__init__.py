"""Werkbrug: a marketplace where coaches of newcomers, employers and sector federations
in Antwerp meet.

The application factory is ``marketplace.app.create_app`` (``wsgi.py`` serves its
app). This file stays empty on purpose: every ``marketplace.x`` import runs it first,
so anything imported here would load with every module of the application.
"""
