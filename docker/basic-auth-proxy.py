#!/usr/bin/env python3
"""Loopback proxy that adds the operator's HTTP Basic credentials to every request.

Headless Chromium sends credentials given in a URL only with the first navigation, not with the console's own
XHR calls, so Hawtio would show its login page; the screenshot script points Chromium at this proxy instead.
Usage: basic-auth-proxy.py LISTEN_PORT TARGET_BASE_URL USER:PASSWORD
"""
import base64
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LISTEN, TARGET, CREDENTIALS = int(sys.argv[1]), sys.argv[2].rstrip("/"), sys.argv[3]
AUTH = "Basic " + base64.b64encode(CREDENTIALS.encode()).decode()
HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length"}


class Handler(BaseHTTPRequestHandler):
    def _forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        request = urllib.request.Request(TARGET + self.path, data=body, method=self.command)
        for name, value in self.headers.items():
            if name.lower() not in HOP and name.lower() != "authorization":
                request.add_header(name, value)
        request.add_header("Authorization", AUTH)
        try:
            response = urllib.request.urlopen(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        payload = response.read()
        self.send_response(response.status if hasattr(response, "status") else response.code)
        for name, value in response.headers.items():
            if name.lower() not in HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", LISTEN), Handler).serve_forever()
