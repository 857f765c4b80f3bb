"""Backup and restore of the whole database in a portable file.

``flask backup dump FILE`` writes every table (``archive.dump_database``);
``flask backup restore FILE`` loads such a file into an empty database at the same
schema revision (``archive.restore_database``), on SQLite or PostgreSQL, whichever
made the file. See docs/deployment.md, "Backup and restore".
"""
