"""The site's frame: home pages, health check, language switch and error pages.

``routes.py`` holds the frame's pages and their blueprint; the other modules here
(forms, labels, pagination, conflicts, ...) are shared by every domain, which imports
them without loading any page.
"""
