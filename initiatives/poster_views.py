"""A printable poster per grassroots union whose QR code opens the submission form with that union chosen."""

import qrcode
from flask import Blueprint, abort, render_template, url_for
from markupsafe import Markup
from qrcode.image.svg import SvgPathImage

from core.timeutil import local_today
from core.web import load_or_404
from initiatives.queries import get_programmes_of
from unions import permissions
from unions.levels import JOINABLE_LEVELS
from unions.models import Unit

bp = Blueprint("posters", __name__)


def has_poster(unit: Unit) -> bool:
    """Tell whether unit is a union members join, for which a poster makes sense."""
    return unit.level in JOINABLE_LEVELS and unit.dissolved_at is None


def qr_svg(text: str) -> Markup:
    """Return text encoded as a QR code, as an inline SVG element."""
    # Level M still reads when a printed poster is creased or partly covered.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, image_factory=SvgPathImage)
    code.add_data(text)
    return Markup(code.make_image().to_string(encoding="unicode"))


@bp.get("/units/<int:unit_id>/poster")
def poster(unit_id: int):
    """Show an A4 poster for each open programme (or, with none open, for registering) with a QR code to scan."""
    unit = load_or_404(Unit, unit_id, permissions.can_manage_members_of)
    if not has_poster(unit):
        abort(404)
    programmes = get_programmes_of(unit, open_on=local_today())
    targets = [(p, url_for("initiatives.create", programme_id=p.id, unit=unit.code, _external=True))
               for p in programmes] or [(None, url_for("auth.register", unit=unit.code, _external=True))]
    sheets = [(programme, link, qr_svg(link)) for programme, link in targets]
    return render_template("initiatives/poster.html", unit=unit, sheets=sheets)
