"""The base form: WTForms' own messages translated through the application's catalogue."""

from flask_babel import get_translations, lazy_ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import ValidationError


class _CatalogueTranslations:
    """Give WTForms the application's catalogue, which carries Vietnamese for WTForms' messages."""

    def gettext(self, string: str) -> str:
        return get_translations().gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ngettext(singular, plural, n)


_TRANSLATIONS = _CatalogueTranslations()


class BaseForm(FlaskForm):
    """Every form of the application derives from this one."""

    class Meta:
        def get_translations(self, form):
            return _TRANSLATIONS


# Dates people enter lie within these years; outside them a date is a typing slip (and beyond what times convert).
FIRST_YEAR, LAST_YEAR = 1900, 2100


class SensibleDate:
    """Refuse a date outside FIRST_YEAR..LAST_YEAR, with a translated message."""

    def __call__(self, form, field):
        if field.data is not None and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
            raise ValidationError(_l("Enter a date between %(first)s and %(last)s.", first=FIRST_YEAR,
                                     last=LAST_YEAR))


class ConfirmForm(BaseForm):
    """A button that changes state: only the CSRF token is posted."""


# WTForms' built-in messages, named here so that extraction puts them into the catalogue.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Invalid input."),
    _l("Invalid email address."),
    _l("Not a valid choice."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid date value."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Field must be equal to %(other_name)s."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    lazy_ngettext("Field must be at least %(min)d character long.",
                  "Field must be at least %(min)d characters long.", 1),
    lazy_ngettext("Field cannot be longer than %(max)d character.",
                  "Field cannot be longer than %(max)d characters.", 1),
    lazy_ngettext("Field must be exactly %(max)d character long.",
                  "Field must be exactly %(max)d characters long.", 1),
)
