"""Forms of the accounts domain; labels and messages are translatable."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from marketplace.accounts.operations import find_user_by_email, organisation_name_taken
from marketplace.accounts.passwords import MIN_PASSWORD_LENGTH
from marketplace.accounts.roles import OrganisationKind, Role
from marketplace.taxonomy.fields import PostcodeField
from marketplace.web.forms import REQUIRED, PhoneNumber, SelectField, SingleLine, strip_filter
from marketplace.web.labels import choices
from marketplace.web.select_options import with_empty

NOT_AN_ADDRESS = _l("This is not an e-mail address.")
#: The form's check and the view's answer to a simultaneous send that got there first.
EMAIL_TAKEN = _l("There is already a user with this e-mail address.")
NAME_TAKEN = _l("There is already an organisation with this name.")


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        # No account has a longer address; a failed attempt stores the typed one.
        validators=[DataRequired(REQUIRED), Length(max=254, message=NOT_AN_ADDRESS)],
        filters=[strip_filter],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(REQUIRED)],
        render_kw={"autocomplete": "current-password"},
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(REQUIRED), Email(_l("This is not an e-mail address."))],
        filters=[strip_filter],
        render_kw={"autocomplete": "email"},
    )


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(REQUIRED),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=_l("Use at least %(min)d characters.", min=MIN_PASSWORD_LENGTH),
            ),
        ],
        description=_l(
            "At least %(min)d characters. A sentence you remember works well.",
            min=MIN_PASSWORD_LENGTH,
        ),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Type the password again"),
        validators=[
            DataRequired(REQUIRED),
            EqualTo("password", _l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(REQUIRED), SingleLine(), Length(max=200)],
        filters=[strip_filter],
    )
    kind = SelectField(_l("Kind of organisation"), choices=[])
    sector = SelectField(
        _l("Sector (NACE section)"),
        choices=[],
        description=_l("Only for employers and sector federations."),
    )
    postcode = PostcodeField(_l("Postcode"), validators=[Optional()])
    is_active = BooleanField(
        _l("Active"), default=True,
        description=_l("An inactive organisation's users cannot log in, and its published "
                       "and paused opportunities are closed. Made active again, it "
                       "reopens them itself."),
    )
    version = HiddenField()

    def __init__(self, *args, sectors=(), editing_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing_id = editing_id
        self.kind.choices = choices("organisation_kind")
        self.sector.choices = [("", _l("(no sector)")), *sectors]

    def validate_name(self, field):
        if field.data and organisation_name_taken(field.data, self.editing_id):
            raise ValidationError(NAME_TAKEN)

    def validate_sector(self, field):
        needs_sector = self.kind.data in (OrganisationKind.EMPLOYER, OrganisationKind.FEDERATION)
        if needs_sector and not field.data:
            raise ValidationError(_l("Choose the sector of this employer or federation."))
        if not needs_sector and field.data:
            raise ValidationError(_l("Only employers and sector federations have a sector."))


class UserForm(FlaskForm):
    """Inviting a user (with e-mail) or changing one (without)."""

    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(REQUIRED), Email(_l("This is not an e-mail address."))],
        filters=[strip_filter],
    )
    name = StringField(
        _l("Name"),
        validators=[DataRequired(REQUIRED), SingleLine(), Length(max=200)],
        filters=[strip_filter],
    )
    organisation = SelectField(_l("Organisation"), coerce=int, choices=[])
    role = SelectField(_l("Role"), choices=[], validators=[DataRequired(_l("Choose a role."))])
    work_phone = StringField(
        _l("Work phone (optional)"), filters=[strip_filter],
        validators=[Optional(), PhoneNumber(), Length(max=40)],
        description=_l("Employers see a coach's work phone on the proposals."),
    )
    manages_api_tokens = BooleanField(
        _l("Manages API keys"),
        description=_l("Makes and revokes the API keys of their own organisation, which "
                       "its own systems use to reach Werkbrug."),
    )
    version = HiddenField()

    def __init__(self, *args, organisations=(), inviting: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.inviting = inviting
        self._organisations = {org.id: org for org in organisations}
        self.organisation.choices = [(org.id, org.name) for org in organisations]
        # No default role: an invitation that kept a default once made an admin.
        self.role.choices = with_empty(choices("role"), _l("Choose a role"))
        if not inviting:
            del self.email
        else:  # the invited person sets their own work phone once they are in
            del self.work_phone
            del self.manages_api_tokens
            del self.version

    @property
    def chosen_organisation(self):
        return self._organisations.get(self.organisation.data)

    def validate_email(self, field):
        if self.inviting and field.data and find_user_by_email(field.data) is not None:
            raise ValidationError(EMAIL_TAKEN)

    def validate_role(self, field):
        # WTForms runs this after its own choice check failed too: a value that is no
        # role at all has its "Not a valid choice" message already.
        organisation = self.chosen_organisation
        if organisation is None or field.data not in set(Role):
            return
        if Role(field.data) not in organisation.allowed_roles:
            raise ValidationError(_l("This role does not fit the kind of organisation."))


class WorkPhoneForm(FlaskForm):
    """The user's own work phone, on their account page."""

    work_phone = StringField(
        _l("Work phone (optional)"), filters=[strip_filter],
        validators=[Optional(), PhoneNumber(), Length(max=40)],
        description=_l("Employers see a coach's work phone on the proposals. "
                       "Leave it empty to show none."),
    )
