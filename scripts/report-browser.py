#!/usr/bin/env python3
"""Loads an HTML file in headless Chromium over the DevTools protocol and says what the page did.

    report-browser.py PAGE.html --screenshot OUT.png --dom OUT.html [--dark] [--width 1200]

Prints one JSON object: the requests the page attempted (besides its own document), console errors, uncaught
exceptions and error log entries (CSP violations among them), and the load time in milliseconds. Only the
standard library: the WebSocket client below speaks just what DevTools needs (text frames, one connection), so
that nothing has to be installed besides Chromium itself.
"""

import argparse
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


class DevTools:
    """One WebSocket connection to a page target: commands with ids, events queued as they arrive."""

    def __init__(self, url):
        rest = url.split("://", 1)[1]
        hostport, path = rest.split("/", 1)
        host, port = hostport.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("DevTools closed the connection during the handshake")
            response += chunk
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"DevTools refused the WebSocket: {head[:200]!r}")
        self.next_id = 0
        self.events = []

    def _read(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def _frame(self):
        message = b""
        while True:
            first, second = self._read(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if second & 0x80 else None
            payload = self._read(length)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            opcode = first & 0x0F
            if opcode == 8:
                raise RuntimeError("DevTools closed the connection")
            if opcode in (9, 10):  # ping, pong: not expected from DevTools, skipped
                continue
            message += payload
            if first & 0x80:
                return json.loads(message.decode())

    def send(self, method, **params):
        self.next_id += 1
        data = json.dumps({"id": self.next_id, "method": method, "params": params}).encode()
        header = bytes([0x81])
        if len(data) < 126:
            header += bytes([0x80 | len(data)])
        elif len(data) < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(data))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(data))
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))
        wanted = self.next_id
        while True:
            message = self._frame()
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_for(self, method, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.events:
                if event["method"] == method:
                    return event
            self.sock.settimeout(max(0.1, deadline - time.monotonic()))
            message = self._frame()
            if "method" in message:
                self.events.append(message)
        raise RuntimeError(f"no {method} within {timeout} s")

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")


def start_chromium(binary, profile):
    arguments = [
        binary, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--no-default-browser-check",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank",
    ]
    process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    marker = Path(profile) / "DevToolsActivePort"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"chromium exited with status {process.returncode}")
        if marker.exists() and marker.read_text().count("\n") >= 1:
            return process, int(marker.read_text().split("\n")[0])
        time.sleep(0.05)
    process.kill()
    raise RuntimeError("chromium did not open its DevTools port within 60 s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("page")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--screenshot")
    parser.add_argument("--dom")
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--max-height", type=int, default=6000)
    options = parser.parse_args()

    url = Path(options.page).resolve().as_uri()
    profile = tempfile.mkdtemp(prefix="taste-report-chromium-")
    process = None
    try:
        process, port = start_chromium(options.chromium, profile)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as answer:
            targets = json.load(answer)
        page = next(t for t in targets if t.get("type") == "page")
        tools = DevTools(page["webSocketDebuggerUrl"])
        for domain in ("Runtime", "Log", "Network", "Page"):
            tools.send(f"{domain}.enable")
        tools.send("Emulation.setDeviceMetricsOverride", width=options.width, height=900, deviceScaleFactor=1, mobile=False)
        tools.send(
            "Emulation.setEmulatedMedia",
            features=[{"name": "prefers-color-scheme", "value": "dark" if options.dark else "light"}],
        )
        tools.events.clear()
        started = time.monotonic()
        tools.send("Page.navigate", url=url)
        tools.wait_for("Page.loadEventFired", timeout=60)
        load_ms = (time.monotonic() - started) * 1000
        timing = json.loads(tools.evaluate("JSON.stringify(performance.getEntriesByType('navigation')[0])") or "{}")
        # Settle: anything the page does after load (it has no script, so nothing should) is reported too.
        tools.evaluate("new Promise(r => setTimeout(r, 200))")

        requests, errors = [], []
        for event in tools.events:
            method, params = event["method"], event.get("params", {})
            if method == "Network.requestWillBeSent" and params.get("request", {}).get("url") != url:
                requests.append(params["request"]["url"])
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
                errors.append("console: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                errors.append("exception: " + params.get("exceptionDetails", {}).get("text", ""))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
                errors.append("log: " + params["entry"].get("text", ""))

        if options.dom:
            Path(options.dom).write_text(tools.evaluate("document.documentElement.outerHTML") or "")
        if options.screenshot:
            height = min(int(tools.evaluate("document.documentElement.scrollHeight") or 900), options.max_height)
            shot = tools.send(
                "Page.captureScreenshot", format="png", captureBeyondViewport=True,
                clip={"x": 0, "y": 0, "width": options.width, "height": height, "scale": 1},
            )
            Path(options.screenshot).write_bytes(base64.b64decode(shot["data"]))
        print(json.dumps({
            "url": url, "requests": requests, "errors": errors, "load_ms": round(load_ms, 1),
            "dom_content_loaded_ms": round(timing.get("domContentLoadedEventEnd", 0), 1),
            "load_event_end_ms": round(timing.get("loadEventEnd", 0), 1),
        }))
        return 0
    except Exception as error:  # one line for the test's failure message
        print(json.dumps({"failure": f"{type(error).__name__}: {error}"}))
        return 1
    finally:
        if process is not None:
            process.kill()
            process.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
