"""Form fields for picking an ESCO occupation or skill, or a Belgian postcode.

The pickers are plain text inputs. With JavaScript, htmx fills a ``<datalist>`` with
suggestions as the person types (``/taxonomy/occupations?as=options``). Without it,
the person types a name and sends the form. Either way the server resolves what was
typed: an ESCO URI, or a label in Dutch or English (preferred or alternative; case,
accents and gender markers do not matter). Anything else is a field error that names
the closest entries, and the typed text stays in the field.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.utils import unset_value
from wtforms.validators import ValidationError

from marketplace.taxonomy import queries
from marketplace.web.forms import KnownPostcode, strip_filter
from marketplace.web.i18n import current_language

SUGGESTIONS_SHOWN = 5


class _TaxonomyPickerField(StringField):
    """A text input whose ``data`` is the resolved entity (or None when empty).

    Subclasses say where suggestions come from (``picker_endpoint``), how a typed text
    is resolved (``_resolve(text) -> (entity or None, suggestion labels)``) and how an
    entity is found by URI (``_by_uri``).
    """

    picker_endpoint = ""
    unknown_message = _l("Choose from the suggestions.")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("filters", [strip_filter])
        super().__init__(*args, **kwargs)
        self.typed_text = ""
        self.suggestions: list[str] = []
        #: Entities by URI read beforehand for many pickers at once (``read_shown``);
        #: None: this field looks its own up.
        self.known: dict | None = None

    def process(self, formdata, data=unset_value, extra_filters=None):
        # The URI of the entity the form showed, sent back in a hidden input: a label
        # that several entries share must not swap the entry when nothing was retyped.
        self.shown_uri = (formdata.get(f"{self.name}-uri") or "") if formdata else ""
        super().process(formdata, data, extra_filters)

    @property
    def uri(self) -> str:
        """The URI of the current entity, for the hidden input next to the text."""
        return self.data.uri if self.data is not None else ""

    def process_data(self, value):
        """Fill from an entity when a form is opened on an existing record."""
        self.data = value
        self.typed_text = self._label_of(value) if value is not None else ""

    def process_formdata(self, valuelist):
        self.typed_text = (valuelist[0] if valuelist else "").strip()
        self.data = None

    def _value(self) -> str:
        return self.typed_text

    def pre_validate(self, form):
        if not self.typed_text:
            self.data = None
            return
        shown = None
        if self.shown_uri:
            shown = (self.known.get(self.shown_uri) if self.known is not None
                     else self._by_uri(self.shown_uri))
        if shown is not None and self._label_of(shown) == self.typed_text:
            self.data = shown
            return
        found, suggestions = self._resolve(self.typed_text)
        if found is None:
            self.suggestions = suggestions
            message = str(self.unknown_message)
            if suggestions:
                message += " " + str(_l("Did you mean: %(names)s?", names=", ".join(suggestions)))
            raise ValidationError(message)
        self.data = found
        self.typed_text = self._label_of(found)

    def _label_of(self, entity) -> str:
        return entity.label(current_language())


def read_shown(pickers) -> None:
    """Read the entities that ``pickers`` (fields of a form with rows of them) showed
    when the form was sent, with one statement per kind instead of one per picker."""
    by_kind: dict[type, list] = {}
    for picker in pickers:
        by_kind.setdefault(type(picker), []).append(picker)
    for kind, fields in by_kind.items():
        known = kind._by_uris([picker.shown_uri for picker in fields])
        for picker in fields:
            picker.known = known


class OccupationField(_TaxonomyPickerField):
    """Pick an ESCO occupation; ``data`` is an ``Occupation``."""

    picker_endpoint = "taxonomy.occupations"
    unknown_message = _l("We do not know this occupation. Choose one from the suggestions.")

    def _resolve(self, text):
        return queries.resolve_occupation(text, current_language(), SUGGESTIONS_SHOWN)

    def _by_uri(self, uri):
        return queries.get_occupation_by_uri(uri)

    @staticmethod
    def _by_uris(uris):
        return queries.occupations_by_uri(uris)


class SkillField(_TaxonomyPickerField):
    """Pick an ESCO skill or skill group; ``data`` is a ``Skill``."""

    picker_endpoint = "taxonomy.skills"
    unknown_message = _l("We do not know this skill. Choose one from the suggestions.")

    def _resolve(self, text):
        return queries.resolve_skill(text, current_language(), SUGGESTIONS_SHOWN)

    def _by_uri(self, uri):
        return queries.get_skill_by_uri(uri)

    @staticmethod
    def _by_uris(uris):
        return queries.skills_by_uri(uris)


class PostcodeField(StringField):
    """A Belgian postcode of four digits that the taxonomy knows; ``data`` is the code."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("filters", [strip_filter])
        validators = list(kwargs.pop("validators", None) or [])
        super().__init__(*args, validators=[*validators, KnownPostcode()], **kwargs)

    @property
    def place(self):
        """The postcode row for the current value, to show the municipality."""
        return queries.get_postcode(self.data) if self.data else None
