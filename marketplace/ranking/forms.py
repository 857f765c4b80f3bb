"""The confirmation before a switch of the ranking model, and the fairness report's
filters."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired, ValidationError

from marketplace.insights.forms import PeriodForm
from marketplace.web.forms import SelectField, strip_filter


class ConfirmSwitchForm(FlaskForm):
    """One tick box: the admin confirms that coaches will see another order."""

    confirm = BooleanField(
        _l("I understand that coaches will see their suggestions in another order."),
        validators=[DataRequired(_l("Tick the box to confirm the switch."))],
    )


class FairnessForm(PeriodForm):
    """The fairness report's filters: the period and one partner organisation (empty:
    all). A bad organisation gets a message by its field and is left out."""

    organisation = SelectField(
        _l("Partner organisation"), choices=[], validate_choice=False, filters=[strip_filter],
        # The options are organisations' names: data, not interface text.
        render_kw={"translate": "no"},
    )

    def __init__(self, *args, partners=(), today: date, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        self.organisation.choices = [("", _l("All partner organisations")), *partners]
        self._partner_ids = {value for value, _label in partners}

    def validate_organisation(self, field):
        if field.data and field.data not in self._partner_ids:
            raise ValidationError(_l("Choose a partner organisation from the list."))

    def organisation_id(self) -> int | None:
        """The chosen organisation's id, or None (all) for none or a bad one. Call
        after ``validate``."""
        if self.organisation.errors or not self.organisation.data:
            return None
        return int(self.organisation.data)
