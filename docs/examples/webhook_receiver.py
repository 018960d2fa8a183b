"""A webhook receiver for the Industrial AI Alliance Portal that verifies each delivery with the Standard Webhooks
library and drops repeats by ``webhook-id``.

    pip install standardwebhooks
    WEBHOOK_SECRET=whsec_... PORT=8080 python docs/examples/webhook_receiver.py [COUNT]

Prints one line per new event (type, sequence number, webhook-id) and answers 204; a delivery whose signature does
not verify gets 400 and is not printed. Stops after COUNT new events (default: never).
"""

import json
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

webhook = Webhook(os.environ["WEBHOOK_SECRET"])
seen: set[str] = set()  # a real receiver keeps this in its database, in the transaction that handles the event
limit = int(sys.argv[1]) if len(sys.argv) > 1 else None


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            event = webhook.verify(body, dict(self.headers))
        except WebhookVerificationError as error:
            self.send_error(400, str(error))
            return
        message_id = self.headers["webhook-id"]
        if message_id not in seen:  # delivered at least once: the same id may come again
            seen.add(message_id)
            print(event["type"], event["sequence"], message_id, json.dumps(event["data"])[:80], flush=True)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Receiver)
while limit is None or len(seen) < limit:
    server.handle_request()
