"""The confirmation before a switch of the ranking model."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired


class ConfirmSwitchForm(FlaskForm):
    """One tick box: the admin confirms that coaches will see another order."""

    confirm = BooleanField(
        _l("I understand that coaches will see their suggestions in another order."),
        validators=[DataRequired(_l("Tick the box to confirm the switch."))],
    )
