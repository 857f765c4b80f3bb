"""Background work on a Huey job queue (mail delivery, the nightly closing of
opportunities) and the admins' page of waiting, running and failed jobs.

The page and its blueprint are in ``routes.py``: the job machinery (``tasks.py``,
``queue.py``), which every domain's jobs import, loads no page.
"""
