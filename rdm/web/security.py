"""The headers every response carries, error pages and static files included.

The site loads nothing but its own stylesheet, icon and the wegwijzer's script (which
posts the wegwijzer's forms to the site itself), so the policy denies everything else.
HSTS is sent only on HTTPS requests; behind a proxy a request counts as HTTPS only when
RDM_TRUSTED_PROXIES lets ProxyFix read X-Forwarded-Proto.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        # The wegwijzer's own script (rdm/static/js), with its integrity hash; nothing inline.
        "script-src 'self'",
        "connect-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    )
)

# Browser features the site never uses, all switched off.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # same-origin keeps the Referer that Flask-WTF checks on HTTPS form posts.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"

# Pages that may show a case's answers, and search answers (a query may name a person): never
# kept by a browser or proxy. The editors' area says so itself (rdm/redactie/area.py).
PRIVATE_PREFIXES = (
    "/wegwijzer",
    "/api/v1/advice",
    "/api/v1/regiekaart",
    "/regiekaart/check",
    "/zoeken",
    "/api/v1/search",
)
# The report forms, which may show back what a reporter typed (name, e-mail, phone).
REPORT_SUFFIX = "/melden"


def secure_headers(response: Response) -> Response:
    """Add the security headers; no-store where a case is involved."""
    response.headers.update(HEADERS)
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    if request.path.startswith(PRIVATE_PREFIXES) or request.path.endswith(REPORT_SUFFIX):
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Register the headers for every response of `app`; check the security.txt settings."""
    now = dt.datetime.now(dt.UTC)
    try:
        expires = security_txt_expiry(app.config.get("SECURITY_TXT_EXPIRES"), now)
    except ValueError as error:
        raise SystemExit(str(error)) from None
    if expires <= now:
        app.logger.error(
            "RDM_SECURITY_TXT_EXPIRES is verstreken; security.txt geldt nu 180 dagen: "
            "zet een nieuwe datum"
        )
        expires = security_txt_expiry(None, now)
    app.config["SECURITY_TXT_EXPIRES_AT"] = expires
    app.after_request(secure_headers)


def security_txt_expiry(configured: str | None, now: dt.datetime) -> dt.datetime:
    """Return when security.txt stops holding: the configured moment, or 180 days from now.

    Raises ValueError (in Dutch, for the operator) for a date that cannot be read or lies
    more than a year ahead, as RFC 9116 asks. A date that has passed is the caller's to
    report: the site must not stop over it.
    """
    if not configured:
        return (now + dt.timedelta(days=180)).replace(microsecond=0)
    try:
        expires = dt.datetime.fromisoformat(configured)
    except ValueError:
        raise ValueError(
            f"RDM_SECURITY_TXT_EXPIRES={configured!r} is geen datum (bijv. 2027-06-30T00:00:00Z)"
        ) from None
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=dt.UTC)
    if expires > now + dt.timedelta(days=365):
        raise ValueError(f"RDM_SECURITY_TXT_EXPIRES={configured!r} ligt meer dan een jaar vooruit")
    return expires


def security_txt(contact: str, expires: dt.datetime, canonical: str) -> str:
    """Return the text of /.well-known/security.txt (RFC 9116)."""
    stamp = expires.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = (
        f"Contact: {contact}",
        f"Expires: {stamp}",
        "Preferred-Languages: nl, en",
        f"Canonical: {canonical}",
    )
    return "\n".join(lines) + "\n"
