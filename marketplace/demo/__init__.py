"""Demo data for trying Werkbrug on a laptop: realistic Antwerp organisations and users.

Never for production: the loader refuses to run there, and the passwords are public.
"""
