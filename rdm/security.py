"""The headers every response carries, error pages and static files included.

The site loads nothing but its own stylesheet and icon and runs no script, so the policy
denies everything else. HSTS is sent only on HTTPS requests; behind a proxy a request counts
as HTTPS only when RDM_TRUSTED_PROXIES lets ProxyFix read X-Forwarded-Proto.
"""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
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

# Pages that may show a case's answers or an editor's work: never kept by a browser or proxy.
PRIVATE_PREFIXES = ("/wegwijzer", "/redactie", "/api/v1/advice")


def secure_headers(response: Response) -> Response:
    """Add the security headers; no-store where a case or an editor's session is involved."""
    response.headers.update(HEADERS)
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    if request.path.startswith(PRIVATE_PREFIXES):
        response.headers["Cache-Control"] = "no-store"
    response.headers.pop("Server", None)
    return response


def init_app(app: Flask) -> None:
    """Register the headers for every response of `app`."""
    app.after_request(secure_headers)
