"""Translated texts for the rule problems of initiatives, shared by the forms and the Excel importer."""

from flask_babel import gettext as _

from initiatives.rules import Problem


def problem_text(problem: Problem) -> str:
    """Return the translated sentence for a problem."""
    p = problem.params
    texts = {
        "authors_missing": lambda: _("Name at least one author."),
        "authors_too_many": lambda: _("At most %(n)s authors.", n=p[0]),
        "share_invalid": lambda: _("Author %(n)s: the contribution must be a percentage above 0 and at most 100.",
                                   n=p[0]),
        "shares_total": lambda: _("The contributions add up to %(total)s%%; they must add up to 100%%.", total=p[0]),
        "benefit_missing": lambda: _("Enter the benefit in VND, or tick that it cannot be computed."),
        "benefit_negative": lambda: _("The benefit cannot be negative."),
        "benefit_too_large": lambda: _("The benefit is larger than any initiative's could be: check the number."),
        "benefit_method_missing": lambda: _("Explain how the benefit was calculated."),
        "benefit_description_missing": lambda: _("Describe the benefit that cannot be computed in money."),
        "programme_closed": lambda: _("The programme is not open for submissions today."),
        "no_open_phase": lambda: _("No phase of the programme is open for submissions today."),
        "first_applied_missing": lambda: _("Enter the date the initiative was first applied."),
        "first_applied_future": lambda: _("The date first applied cannot be in the future."),
        "first_applied_outside": lambda: _("The programme only accepts initiatives first applied within its period."),
        "title_missing": lambda: _("Enter the title."),
        "field_missing": lambda: _("Choose the field."),
        "field_not_accepted": lambda: _("The programme does not accept initiatives in this field."),
        "problem_missing": lambda: _("Describe the problem and the situation before."),
        "solution_missing": lambda: _("Describe the solution."),
        "unit_missing": lambda: _("Choose the grassroots union."),
        "unit_outside": lambda: _("This union does not take part in the programme."),
    }
    return texts[problem.key]()
