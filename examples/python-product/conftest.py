"""Starts the lab for the product's tests: the hostile image when a Docker
engine has it (make image), else the hostile binary (HOSTILE_BIN, or the
repository's bin/hostile, which make build writes). One lab serves the whole
session; each test starts fresh hosts over its control API and removes them."""

import json
import os
import re
import secrets
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGE = os.environ.get("HOSTILE_IMAGE", "hostile:latest")
API_PORTS = range(2300, 2310)  # the image's --host-ports


class Lab:
    """The lab's control API, as a product's test uses it."""

    def __init__(self, url, token, map_port):
        self.url, self.token, self.map_port = url, token, map_port

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Authorization", "Bearer " + self.token)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                text = resp.read().decode()
        except urllib.error.HTTPError as e:
            raise AssertionError("%s %s: %s" % (method, path, e.read().decode())) from None
        return json.loads(text) if text.strip() else None

    def start(self, scenario, name):
        """Starts a fresh host of a built-in scenario; returns (ssh host, port)."""
        h = self.call("POST", "/hosts", {"scenario": scenario, "name": name})
        port = int(h["addr"].rsplit(":", 1)[1])
        return self.map_port(port)

    def verdict(self, name, client=None):
        return self.call("POST", "/hosts/%s/verdict" % name, None if client is None else {"client": client})

    def sessions(self, name):
        return self.call("GET", "/hosts/%s/sessions" % name)

    def remove(self, name):
        self.call("DELETE", "/hosts/" + name)


def _docker_has_image():
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "image", "inspect", IMAGE], capture_output=True).returncode == 0


def _wait_for(url, token, deadline):
    while True:
        try:
            req = urllib.request.Request(url + "/hosts", headers={"Authorization": "Bearer " + token})
            urllib.request.urlopen(req, timeout=5).read()
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture(scope="session")
def lab():
    token = secrets.token_hex(16)
    if os.environ.get("HOSTILE_LAB", "image" if _docker_has_image() else "binary") == "image":
        args = ["docker", "run", "-d", "--rm", "-e", "HOSTILE_TOKEN=" + token, "-p", "127.0.0.1::8474"]
        for p in API_PORTS:
            args += ["-p", "127.0.0.1::%d" % p]
        cid = subprocess.run(args + [IMAGE], capture_output=True, text=True, check=True).stdout.strip()
        try:
            def mapped(port):
                out = subprocess.run(["docker", "port", cid, str(port)], capture_output=True, text=True, check=True).stdout
                host, _, p = out.splitlines()[0].rpartition(":")
                return host, int(p)
            host, port = mapped(8474)
            url = "http://%s:%d" % (host, port)
            _wait_for(url, token, time.monotonic() + 120)
            yield Lab(url, token, mapped)
        finally:
            subprocess.run(["docker", "rm", "-f", cid], capture_output=True)
        return
    binary = os.environ.get("HOSTILE_BIN", os.path.join(HERE, "..", "..", "bin", "hostile"))
    proc = subprocess.Popen([binary, "serve", "--addr", "127.0.0.1:0", "--control", "127.0.0.1:0", "--quiet", "--token", token],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = None
        for line in proc.stdout:
            m = re.search(r"control API on (http://\S+)", line)
            if m:
                url = m.group(1)
                break
        assert url, "hostile serve printed no control API address"
        yield Lab(url, token, lambda port: ("127.0.0.1", port))
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        proc.stdout.close()
