"""Words for the advice, shared by the advice page and its PDF."""

from flask_babel import lazy_gettext as _l

FIT_LABELS = {
    "fits": _l("Past"),
    "may_fit": _l("Past mogelijk"),
    "fits_after_steps": _l("Past na stappen"),
    "does_not_fit": _l("Past niet"),
}
