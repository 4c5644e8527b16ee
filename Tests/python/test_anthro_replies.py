"""scripts/anthro-replies against a stub of the OpenAI chat endpoint on loopback."""

import csv
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from conftest import REPO, cli_audit

SCRIPT = str(REPO / "scripts" / "anthro-replies")


class Echo(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        prompt = body["messages"][0]["content"]
        reply = {"choices": [{"message": {"role": "assistant", "content": f"When I was a kid I loved {prompt}"}}]}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *arguments):
        pass


def serve():
    server = HTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/v1"


def write_csv(path, count):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["conv_id", "cue", "user_first_turn"])
        writer.writeheader()
        for number in range(count):
            writer.writerow({"conv_id": number, "cue": "Personal history", "user_first_turn": f"topic {number}"})


def run(*arguments):
    return subprocess.run([sys.executable, SCRIPT, *arguments], capture_output=True, text=True, check=False)


def test_draws_are_seeded_fresh_and_audited(tmp_path):
    server, url = serve()
    try:
        prompts = tmp_path / "first_turns.csv"
        write_csv(prompts, 10)
        first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
        assert run(str(prompts), "--base-url", url, "--count", "4", "--seed", "1", "--out", str(first)).returncode == 0
        again = tmp_path / "again.jsonl"
        assert run(str(prompts), "--base-url", url, "--count", "4", "--seed", "1", "--out", str(again)).returncode == 0
        assert first.read_text() == again.read_text()
        done = run(str(prompts), "--base-url", url, "--count", "10", "--seed", "2", "--exclude", str(first), "--out", str(second))
        assert done.returncode == 0, done.stderr
    finally:
        server.shutdown()
    records = [json.loads(line) for line in first.read_text().splitlines()]
    later = [json.loads(line) for line in second.read_text().splitlines()]
    assert len(records) == 4 and len(later) == 6
    assert not {record["id"] for record in records} & {record["id"] for record in later}
    assert all(record["messages"][1]["content"].startswith("When I was a kid") for record in records)
    audited = cli_audit(str(first))
    assert len(audited) == 4
    assert all(any(f["rule"] == "experiential-language" for f in result["findings"]) for result in audited)


def test_a_file_without_the_columns_is_a_located_error(tmp_path):
    prompts = tmp_path / "other.csv"
    prompts.write_text("id,text\n1,hello\n")
    completed = run(str(prompts), "--base-url", "http://127.0.0.1:9/v1", "--out", str(tmp_path / "out.jsonl"))
    assert completed.returncode == 2
    assert "line 1: no column conv_id, user_first_turn" in completed.stderr


def test_an_unreachable_server_is_reported_with_the_prompt(tmp_path):
    prompts = tmp_path / "first_turns.csv"
    write_csv(prompts, 2)
    completed = run(str(prompts), "--base-url", "http://127.0.0.1:9/v1", "--count", "1", "--out", str(tmp_path / "out.jsonl"))
    assert completed.returncode == 2
    assert "no reply from http://127.0.0.1:9/v1" in completed.stderr
