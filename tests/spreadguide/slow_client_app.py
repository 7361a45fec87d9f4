"""A WSGI app with nothing but the worker under test: it answers with the body length it read
and the process that read it."""

import os


def app(environ, start_response):
    body = environ["wsgi.input"].read()
    out = b"read %d" % len(body)
    start_response(
        "200 OK",
        [
            ("Content-Type", "text/plain"),
            ("Content-Length", str(len(out))),
            ("X-Pid", str(os.getpid())),
        ],
    )
    return [out]
