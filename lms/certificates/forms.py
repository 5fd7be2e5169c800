"""Certificate forms: a project's issuing body and seal (province admins)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField
from wtforms.validators import Length, Optional

from lms.certificates import rules


class IssuerForm(FlaskForm):
    issuing_body = StringField(_l("Issuing body"), validators=[Optional(), Length(max=rules.ISSUING_BODY_MAX)],
                               description=_l("Printed on the certificates under the seal; left empty, the "
                                              "province's name."))
    seal = FileField(_l("Seal (PNG with a transparent background)"),
                     description=_l("At most 512 KB, 200 to 2000 pixels, about square. Without one, a round red "
                                    "seal is drawn from the issuing body's name."))
    remove_seal = BooleanField(_l("Remove the uploaded seal"))
