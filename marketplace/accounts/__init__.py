"""Accounts: organisations, users, login, invitations and password resets.

The pages are in ``routes.py`` (login, links, the user's own account: the ``accounts``
blueprint) and ``admin_routes.py`` (organisations and users: the ``admin`` blueprint),
each with its blueprint: importing this package, as every model does for ``User`` and
``Organisation``, must not load the pages.
"""
