"""What gunicorn serves: ``gunicorn wsgi:app``."""

from marketplace.app import create_app

app = create_app()
