"""A plain-HTTP stand-in for the TLS proxy in front of `make serve`: forwards to gunicorn and says the
visitor came over HTTPS (X-Forwarded-Proto), as nginx or Caddy would. Production settings redirect
plain HTTP to HTTPS, so a browser (Lighthouse) needs this to reach the site without certificates."""
import http.client
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}


def handler_for(upstream_port):
    class Forward(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def forward(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": self.client_address[0]})
            upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=30)
            upstream.request(self.command, self.path, body=body or None, headers=headers)
            response = upstream.getresponse()
            content = response.read()
            self.send_response(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP | {"content-length"}:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(content)
            upstream.close()

        do_GET = do_HEAD = do_POST = forward

        def log_message(self, *args):
            pass

    return Forward


@contextmanager
def proxying(port, upstream_port):
    """Serve http://127.0.0.1:port/ in front of 127.0.0.1:upstream_port until the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", port), handler_for(upstream_port))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()
