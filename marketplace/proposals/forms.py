"""The coach's proposal form and the employer's answer form."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    RadioField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import (
    Email,
    InputRequired,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)

from marketplace.db_types import local_today, utcnow
from marketplace.opportunities.display import telling_detail
from marketplace.proposals.icsfile import BRUSSELS
from marketplace.proposals.interviews import InterviewDetails, is_web_link
from marketplace.proposals.operations import agreed_on_in_future
from marketplace.proposals.vocab import (
    OPEN_STATES,
    EmployerAnswer,
    answers_for,
    decline_lacks_note,
)
from marketplace.web.forms import REQUIRED, SelectField, SingleLine, strip_filter
from marketplace.web.labels import choices, kind_choices, kind_label

CHOOSE = _l("Choose one of the options.")
MAX_TEXT = 4000


class ProposeForm(FlaskForm):
    opportunity = SelectField(
        _l("Opportunity"), coerce=str, validate_choice=False,
        validators=[InputRequired(CHOOSE)],
        # The options are titles and employers' names: data, not interface text.
        render_kw={"translate": "no"},
    )
    motivation = TextAreaField(
        _l("Why this person fits (for the organisation)"),
        validators=[InputRequired(REQUIRED), Length(max=MAX_TEXT)],
        filters=[strip_filter],
        description=_l("The organisation reads this. Write about work or learning, not "
                       "about private life."),
    )
    candidate_agreed = BooleanField(
        _l("The candidate agreed to be put forward to this organisation"),
        validators=[InputRequired(_l("Confirm that the candidate agreed first."))],
    )
    candidate_agreed_on = DateField(
        _l("Date the candidate agreed"), validators=[InputRequired(REQUIRED)],
        default=local_today,
    )
    #: The suggestion entry the coach came from (its rank is logged with the proposal).
    suggestion_entry = HiddenField()

    def __init__(self, *args, opportunities=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Titles repeat (three "Magazijnier" jobs): employer, place and closing date
        # tell them apart.
        self.opportunity.choices = [("", _l("Choose an opportunity"))] + [
            (str(o.id), opportunity_choice_label(o)) for o in opportunities
        ]
        self.kinds = {str(o.id): o.kind for o in opportunities}

    def chosen_kind(self) -> str | None:
        """The kind of the opportunity chosen (or asked for in the link), if one of the
        list: the page then names who answers in its words."""
        return self.kinds.get(self.opportunity.data)

    def validate_opportunity(self, field):
        if field.data not in self.kinds:
            raise ValidationError(_l("Choose an opportunity from the list."))

    def validate_candidate_agreed_on(self, field):
        if field.data and agreed_on_in_future(field.data):
            raise ValidationError(_l("This date is in the future."))


def opportunity_choice_label(opportunity) -> str:
    """"Magazijnier · Scheldepoort Logistics · 2030 · sluit 18 okt. 2026"."""
    return f"{opportunity.title} · {telling_detail(opportunity)}"


class NeededForInterview:
    """An empty field is an error when the form plans an interview, and is left alone
    otherwise (with ``Optional`` after it: a date field's own complaint about an empty
    value is not shown when the employer hires or declines)."""

    def __call__(self, form, field):
        if form.plans_interview() and not "".join(field.raw_data or ()).strip():
            field.errors[:] = []
            raise StopValidation(str(REQUIRED))


class OnlyForInterview:
    """An interview field counts only when the form plans an interview: when the
    employer hires or declines, whatever is left in it (a half-typed date, a long
    e-mail address) is not checked at all, so it never blocks the answer (with
    JavaScript the interview part is hidden, and its message could not be seen)."""

    def __call__(self, form, field):
        if not form.plans_interview():
            field.errors[:] = []
            raise StopValidation()


NEEDED = [OnlyForInterview(), NeededForInterview(), Optional()]


class OnlyWhere(OnlyForInterview):
    """The address counts only for an interview at an address, the link only for an
    online one: for another choice (or no interview) the field is not checked at all,
    so a value left in it never blocks the form (with JavaScript the field is hidden,
    and its message could not be seen). ``details`` then leaves it out of what is
    saved; a form sent back keeps it as it was typed."""

    def __init__(self, where: str):
        self.where = where

    def __call__(self, form, field):
        super().__call__(form, field)
        if form.where.data != self.where:
            field.errors[:] = []
            raise StopValidation()


class InterviewForm(FlaskForm):
    """When and where the interview is, and whom to contact. The end time is required:
    a calendar entry needs one, and the coach and the candidate plan the rest of their
    day around it. Times are Belgian (Europe/Brussels)."""

    interview_date = DateField(_l("Date of the interview"), validators=NEEDED)
    starts_at = TimeField(_l("Start time"), validators=NEEDED)
    ends_at = TimeField(_l("End time"), validators=NEEDED)
    where = RadioField(
        _l("Where"), choices=(), validate_choice=False,
        description=_l("At an address, or online with a link to the meeting."),
    )
    place = StringField(
        _l("Address"), filters=[strip_filter],
        validators=[OnlyWhere("place"), SingleLine(), Length(max=300)],
        description=_l("Street, number, postcode and town. Only for an interview on the spot."),
    )
    online_url = URLField(
        _l("Link to the online meeting"), filters=[strip_filter],
        validators=[OnlyWhere("online"), Length(max=500)],
        description=_l("Starts with https://. Only for an online interview."),
    )
    contact_name = StringField(
        _l("Contact person"), filters=[strip_filter],
        validators=[OnlyForInterview(), SingleLine(), Length(max=200)],
        description=_l("Whom the coach or the candidate can call or write."),
    )
    contact_phone = StringField(
        _l("Phone of the contact person"), filters=[strip_filter],
        validators=[OnlyForInterview(), SingleLine(), Length(max=40)],
    )
    contact_email = EmailField(
        _l("E-mail of the contact person"), filters=[strip_filter],
        validators=[OnlyForInterview(), Length(max=254)],
    )
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.where.choices = [("place", _l("At an address")), ("online", _l("Online"))]

    def plans_interview(self) -> bool:
        """Whether the interview fields must be filled in (always, on this form)."""
        return True

    def validate_interview_date(self, field):
        # None: not a date (the field's own message says so) or left empty.
        if self.plans_interview() and field.data is not None and field.data < local_today():
            raise ValidationError(_l("This date is in the past."))

    def validate_starts_at(self, field):
        if not self.plans_interview():
            return
        day = self.interview_date.data
        if day is None or field.data is None:
            return
        if day >= local_today() and self.moment(day, field.data) <= utcnow():
            raise ValidationError(_l("This time has already passed. Choose a later time."))

    def validate_ends_at(self, field):
        start = self.starts_at.data
        if (self.plans_interview() and start is not None and field.data is not None
                and field.data <= start):
            raise ValidationError(_l("The end must be after the start."))

    def validate_where(self, field):
        if not self.plans_interview():
            return
        if field.data not in ("place", "online"):
            raise ValidationError(_l("Choose an address or online."))

    # validate_place and validate_online_url run only for the chosen "where" (OnlyWhere).
    def validate_place(self, field):
        if not field.data:
            raise ValidationError(_l("Fill in the address of the interview."))

    def validate_online_url(self, field):
        if not field.data:
            raise ValidationError(_l("Fill in the link to the online meeting."))
        if not is_web_link(field.data):
            raise ValidationError(_l("Give a link that starts with http:// or https://."))

    def validate_contact_name(self, field):
        if self.plans_interview() and not field.data:
            raise ValidationError(REQUIRED)

    def validate_contact_phone(self, field):
        if self.plans_interview() and not field.data and not self.contact_email.data:
            raise ValidationError(_l("Give a phone number or an e-mail address."))

    def validate_contact_email(self, field):
        if self.plans_interview() and field.data:
            Email(_l("This is not an e-mail address."))(self, field)

    @staticmethod
    def moment(day: date | None, time) -> datetime | None:
        """A Belgian date and time as an aware UTC moment."""
        if day is None or time is None:
            return None
        return datetime.combine(day, time, tzinfo=BRUSSELS).astimezone(UTC)

    def details(self) -> InterviewDetails:
        """The interview as the operations take it (after validation)."""
        online = self.where.data == "online"
        return InterviewDetails(
            starts_at=self.moment(self.interview_date.data, self.starts_at.data),
            ends_at=self.moment(self.interview_date.data, self.ends_at.data),
            place=None if online else self.place.data,
            online_url=self.online_url.data if online else None,
            contact_name=self.contact_name.data,
            contact_phone=self.contact_phone.data or None,
            contact_email=self.contact_email.data or None,
        )

    def fill_from(self, interview=None, contact=None) -> None:
        """Prefill: from a planned ``interview``, else the ``contact`` user."""
        if interview is not None:
            start = interview.starts_at.astimezone(BRUSSELS)
            self.interview_date.data = start.date()
            self.starts_at.data = start.time()
            self.ends_at.data = interview.ends_at.astimezone(BRUSSELS).time()
            self.where.data = "online" if interview.online else "place"
            self.place.data = interview.place
            self.online_url.data = interview.online_url
            self.contact_name.data = interview.contact_name
            self.contact_phone.data = interview.contact_phone
            self.contact_email.data = interview.contact_email
        elif contact is not None:
            self.contact_name.data = contact.name
            self.contact_phone.data = contact.work_phone
            self.contact_email.data = contact.email


class WithdrawForm(FlaskForm):
    """The coach withdraws a proposal: final (the pair can never be proposed again), so
    the coach ticks a box to say so."""

    version = HiddenField()
    confirm = BooleanField(
        _l("Yes, withdraw it: the person is no longer available for this opportunity."),
        validators=[InputRequired(_l("Tick the box to confirm."))],
    )


class CancelInterviewForm(FlaskForm):
    """The employer cancels the planned interview: the coach is mailed and their
    calendar entry taken back, so a tick says it is meant (the button sits near the
    answer form). The version makes a change by someone else in between a conflict.
    Its fields keep their names (what the page posts) but get ids of their own: the
    answer form on the same page has a ``version`` too."""

    version = HiddenField(id="cancel-version")
    confirm = BooleanField(
        _l("Yes, cancel it: the coach is told."),
        validators=[InputRequired(_l("Tick the box to confirm."))],
        id="cancel-confirm",
    )


class NeededWithReason:
    """An empty note is an error when the employer declines for a reason that needs
    one (``vocab.decline_lacks_note``: "another reason" tells the coach nothing on its
    own); before ``Optional``, which would stop at the empty note."""

    def __call__(self, form, field):
        if form.answer.data == EmployerAnswer.DECLINE and decline_lacks_note(
                form.decline_reason.data, field.data):
            raise StopValidation(str(_l(
                "Say in a few words why you decline. With “Another reason” the coach does "
                "not know why otherwise.")))


class AnswerForm(InterviewForm):
    """The employer's answer; the interview fields count only for an invitation.
    ``kind`` and ``state``: the opportunity's kind and the proposal's state, which
    decide the answers offered (``vocab.answers_for``: a training provider accepts,
    puts on the waiting list or declines); ``full``: no place is left, so no hire is
    offered (``operations.no_place_left``)."""

    answer = RadioField(_l("Your answer"), choices=(), validators=[InputRequired(CHOOSE)],
                        validate_choice=False)  # validate_answer says it in our words
    decline_reason = SelectField(
        _l("Reason for declining"), choices=(), validate_choice=False,
        description=_l("Only when you decline."),
    )
    decline_note = TextAreaField(
        _l("Explain in your own words"),
        validators=[NeededWithReason(), Optional(), Length(max=MAX_TEXT)],
        filters=[strip_filter],
        description=_l("The coach reads this. Needed when you choose “Another reason”."),
    )
    version = HiddenField()

    def __init__(self, *args, kind: str = "job", state: str | None = None, full: bool = False,
                 **kwargs):
        super().__init__(*args, **kwargs)
        # What the page says instead of a hire when every place is taken; not of a
        # proposal already answered or withdrawn, which is refused for that first.
        full = full and state in OPEN_STATES
        self.full_message = kind_label("opportunity_filled", state, kind) if full else None
        # A proposal no longer open offers the kind's answers: the operation then says
        # why none applies (withdrawn, already answered).
        offered = answers_for(kind, state, full=full) or answers_for(kind)
        self.answer.choices = [(str(answer), kind_label("employer_answer", answer, kind))
                               for answer in offered]
        self.decline_reason.choices = [("", _l("Choose a reason")),
                                       *kind_choices("decline_reason", kind)]

    def plans_interview(self) -> bool:
        return self.answer.data == "invite"

    def validate_answer(self, field):
        if self.full_message and field.data == EmployerAnswer.HIRE:
            # A page opened before the last place was taken still offered it.
            raise ValidationError(self.full_message)
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(CHOOSE)

    def validate_decline_reason(self, field):
        if self.answer.data == "decline" and not field.data:
            raise ValidationError(_l("Choose why you decline."))
        if field.data and field.data not in dict(choices("decline_reason")):
            raise ValidationError(CHOOSE)
