"""gunicorn settings for RDM Twente (read from the working directory, or pass `-c`).

    gunicorn 'rdm:create_app()'

Two sync workers suit the 2-core machines the site runs on; RDM_WORKERS and RDM_BIND
override. The catalogue and its router are loaded in the master before the workers fork
(preload_app), so every worker shares them instead of loading its own; the search index is
built once per catalogue on disk in the instance folder and opened by every worker.
"""

import os

from gunicorn.http import wsgi

bind = os.environ.get("RDM_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("RDM_WORKERS", "2"))
preload_app = True
# A request that takes longer than this is a fault, not a slow page.
timeout = 30
graceful_timeout = 10
# Headers and request lines beyond these limits are refused with 400 before Flask sees them.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# No control socket: nothing administers the workers at run time, and two servers on one
# machine (the benchmark's) would otherwise share its path.
control_socket_disable = True
# Forwarded headers are believed only from the proxy in front (RDM_PROXY_ADDRESSES, comma
# separated; none by default), and no header may ever set SCRIPT_NAME or PATH_INFO: a page
# rendered for a forged SCRIPT_NAME would carry links to another site. A header name with
# an underscore is dropped (gunicorn's header_map default).
forwarded_allow_ips = os.environ.get("RDM_PROXY_ADDRESSES", "")
forwarder_headers = ""
accesslog = os.environ.get("RDM_ACCESS_LOG")  # off by default: paths may carry search terms
errorlog = "-"


class _Response(wsgi.Response):
    """gunicorn's response without its `Server:` banner."""

    def default_headers(self):
        return [line for line in super().default_headers() if not line.startswith("Server:")]


wsgi.Response = _Response
