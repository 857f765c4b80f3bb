"""The coach's form for one barrier. The form checks what was typed (a known kind, a
real date, the length of the text); the rules about dates and kinds are in
``operations.check_barrier`` and come back as messages beside their fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Optional, ValidationError

from marketplace.barriers.models import MAX_SUPPORT_LENGTH
from marketplace.barriers.operations import BarrierData
from marketplace.barriers.report import BarrierFilters
from marketplace.barriers.vocab import BarrierStatus
from marketplace.db_types import local_today
from marketplace.insights.forms import PeriodForm
from marketplace.web.forms import CHOOSE, REQUIRED, SelectField, strip_filter, vocabulary_select
from marketplace.web.select_options import data_choice, with_empty


class BarrierForm(FlaskForm):
    kind = vocabulary_select(_l("Barrier"), "barrier_kind", required=True, empty=_l("(choose)"))
    status = vocabulary_select(_l("Status"), "barrier_status", required=True, empty=None,
                               default=BarrierStatus.OPEN)
    noted_on = DateField(_l("Noted on"), validators=[InputRequired(REQUIRED)],
                         default=local_today,
                         description=_l("The day you and the person talked about it."))
    solved_on = DateField(_l("Solved on"), validators=[Optional()],
                          description=_l("Only when the status is “solved”."))
    support = TextAreaField(
        _l("Support arranged"),
        validators=[Optional(), Length(max=MAX_SUPPORT_LENGTH)],
        filters=[strip_filter],
        description=_l("For example: referred to Atlas for legal questions, a bike course, "
                       "childcare through Kind en Gezin. Only coaches who may see this "
                       "person read it."),
    )
    # Stripped: ``Optional`` takes a blank value for none and stops the checks, so an
    # unstripped " " reached ``int()`` in ``to_data`` (a 500).
    referral_organisation_id = SelectField(_l("Referred to partner organisation"),
                                           validate_choice=False, validators=[Optional()],
                                           filters=[strip_filter])
    version = HiddenField()

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [str(organisation_id) for organisation_id, _name in partners]
        self.referral_organisation_id.choices = with_empty(
            [data_choice(str(organisation_id), name) for organisation_id, name in partners],
            _l("(nobody)"),
        )
        self.referral_organisation_id.validators = [Optional(), AnyOf(allowed, message=CHOOSE)]

    def to_data(self) -> BarrierData:
        """The checked input, for ``operations``."""
        referral = self.referral_organisation_id.data
        return BarrierData(
            kind=self.kind.data,
            status=self.status.data,
            noted_on=self.noted_on.data,
            solved_on=self.solved_on.data,
            support=self.support.data or None,
            referral_organisation_id=int(referral) if referral else None,
        )

    def show_problems(self, problems: dict[str, object]) -> None:
        """Put the rules' messages (``BarrierProblems``) beside their fields."""
        for name, message in problems.items():
            getattr(self, name).errors = [*getattr(self, name).errors, message]


def barrier_form_data(barrier) -> dict:
    """The form's values for an existing barrier."""
    return {
        "kind": barrier.kind,
        "status": barrier.status,
        "noted_on": barrier.noted_on,
        "solved_on": barrier.solved_on,
        "support": barrier.support,
        "referral_organisation_id": str(barrier.referral_organisation_id or ""),
        "version": barrier.version,
    }


class BarrierReportForm(PeriodForm):
    """The barriers report's filters: the period and a partner organisation."""

    partner = SelectField(_l("Partner organisation"), validate_choice=False,
                          validators=[Optional()])

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._partners = {str(organisation_id) for organisation_id, _name in partners}
        self.partner.choices = with_empty(
            [data_choice(str(organisation_id), name) for organisation_id, name in partners],
            _l("All partner organisations"),
        )

    def validate_partner(self, field):
        if field.data and field.data not in self._partners:
            raise ValidationError(CHOOSE)

    def filters(self) -> BarrierFilters:
        """The filters with a good value. Call after ``validate``."""
        start, end = self.period()
        # Only whitespace passes Optional() without reaching validate_partner: no partner.
        chosen = (self.partner.data or "").strip()
        partner = None if self.partner.errors or not chosen else int(chosen)
        return BarrierFilters(start=start, end=end, partner=partner)
