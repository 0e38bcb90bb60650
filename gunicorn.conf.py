"""gunicorn settings for RDM Twente (read from the working directory, or pass `-c`).

    gunicorn 'rdm:create_app()'

Two sync workers suit the 2-core machines the site runs on; RDM_WORKERS and RDM_BIND
override. The catalogue and its router are loaded in the master before the workers fork
(preload_app), so every worker shares them instead of loading its own; the search index is
built once per catalogue on disk in the instance folder and opened by every worker.
"""

import logging
import os
import re

from gunicorn.glogging import Logger
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


# A query string (e.g. a search term) from a `?` up to the end of a line or a space.
QUERY_TO_END_OF_LINE = re.compile(r"\?(?=\S).*")
QUERY = re.compile(r"\?\S*")
# What a client sent, quoted in gunicorn's warning about a malformed request.
QUOTED = re.compile(r"'.*'", re.DOTALL)


def _cut_query_strings(record: logging.LogRecord) -> bool:
    """Cut every query string from an error-log line.

    gunicorn quotes a malformed request line whole, and its query may hold spaces: then a
    part of it shows up as the HTTP version. So what a client sent is left out of those
    warnings, and anything after a `?` out of every line.
    """
    try:
        message = record.getMessage()
    except (TypeError, ValueError):  # arguments that do not fit: log the template alone
        message = str(record.msg)
    if message.startswith("Invalid request from"):
        message = QUOTED.sub("'…'", message)
    record.msg = QUERY_TO_END_OF_LINE.sub("?…", message)
    record.args = ()
    if record.exc_info:
        trace = logging.Formatter().formatException(record.exc_info)
        record.exc_text = QUERY_TO_END_OF_LINE.sub("?…", trace)
    return True


class LoggerWithoutQueryStrings(Logger):
    """gunicorn's logger, writing no query string to the error log or the access log."""

    def setup(self, cfg):
        super().setup(cfg)
        self.error_log.addFilter(_cut_query_strings)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms.update({"q": "", "{query_string}e": ""})
        return {
            name: QUERY.sub("", value) if isinstance(value, str) else value
            for name, value in atoms.items()
        }


logger_class = LoggerWithoutQueryStrings
