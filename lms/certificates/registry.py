"""Certificates: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.certificates import services, views
from lms.core.registry import Contributions

CONTRIBUTIONS = Contributions(
    project_panels=(views.issuer_panel,),
    audit_labels={"certificate.revoke": _l("Certificate revoked"),
                  "certificate.reinstate": _l("Certificate reinstated"),
                  "certificate_issuer.update": _l("Certificate issuer changed")},
    # Assignments (below) withdraws a certificate on a plagiarism verdict and gives it back on appeal;
    # grading (below) has the certificates of the grades it stores as final and passed issued.
    hooks={"certificates.revoke": services.revoke, "certificates.reinstate": services.reinstate,
           "certificates.issue_due": services.issue_due,
           # Built on the job queue (lms.exports): a school's certificates as a zip.
           "exports.certificates_zip": services.build_zip,
           "exports.certificates_area_zip": services.build_area_zip},
)
