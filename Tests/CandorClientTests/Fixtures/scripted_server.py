"""A chat API stand-in on 127.0.0.1 that answers from a script, for the client's tests.

Usage: scripted_server.py STEPS LOG  where STEPS is a comma-separated list, one per request
(the last repeats): 200 (a chat reply), 429 (rate limited, Retry-After: 0), any other
status, `sleep` (answer after 5 s), `close` (drop the connection unanswered).
Prints the port on the first line of standard output; appends each request to LOG as a JSON line.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

steps = sys.argv[1].split(",")
log_path = sys.argv[2]
requests = []
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        body = self.rfile.read(length).decode()
        with lock:
            step = steps[min(len(requests), len(steps) - 1)]
            record = {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": json.loads(body)}
            requests.append(record)
            with open(log_path, "a") as log:
                log.write(json.dumps(record) + "\n")
        if step == "close":
            self.close_connection = True
            self.connection.close()
            return
        if step == "sleep":
            time.sleep(5)
            step = "200"
        status = int(step)
        if status == 200 and self.path.endswith("/messages"):
            self.send(200, {"content": [{"type": "text", "text": "pong"}], "stop_reason": "end_turn"})
        elif status == 200:
            self.send(200, {"choices": [{"message": {"role": "assistant", "content": "pong"}, "finish_reason": "stop"}]})
        elif status == 429:
            self.send(429, {"error": "slow down"}, [("retry-after", "0")])
        else:
            self.send(status, {"error": "scripted %d" % status})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
