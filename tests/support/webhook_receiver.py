"""A webhook receiver for lapor's tests, as an integrator would write one: every delivery is
verified with the `standardwebhooks` package (the Standard Webhooks reference library, used
unmodified); every third request is answered 503 with Retry-After: 1, as a flaky receiver
would; what it accepts is appended to a JSON-lines file.

    python webhook_receiver.py PORT SECRET_FILE OUT_FILE
"""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook

PORT, SECRET_FILE, OUT_FILE = int(sys.argv[1]), sys.argv[2], sys.argv[3]
LOCK = threading.Lock()
SEEN = [0]


def record(line):
    with LOCK, open(OUT_FILE, "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        with LOCK:
            SEEN[0] += 1
            flaky = SEEN[0] % 3 == 0
        if flaky:
            self.send_response(503)
            self.send_header("Retry-After", "1")
            self.end_headers()
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            with open(SECRET_FILE, encoding="utf-8") as f:
                secret = f.read().strip()
            Webhook(secret).verify(body, headers)
        except Exception as e:  # noqa: BLE001 - any refusal is recorded and answered 400
            record({"error": repr(e)})
            self.send_response(400)
            self.end_headers()
            return
        record({"id": headers["webhook-id"], "body": body.decode("utf-8")})
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
