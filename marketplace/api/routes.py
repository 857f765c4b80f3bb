"""Every operation of the partner API: importing this module loads each module that
adds operations to the API's blueprint (``blueprint.py``), so the ``bp`` the app
registers from here carries them all. A new resource module is one more import here.
"""

from marketplace.api import (  # noqa: F401 - each adds its operations to bp
    candidates,
    docs_routes,
    imports,
    insights,
    opportunities,
    opportunity_writes,
    proposals,
    reports,
    suggestions,
)
from marketplace.api.blueprint import bp

__all__ = ["bp"]
