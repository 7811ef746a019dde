"""A small product that manages hosts over SSH, in Python with paramiko, as the
products of escalations 001 and 004 did: it deletes files with `rm -f` over a
pool of connections (001's LogSync clean-up) and lists LVM physical volumes
through `sudo -n pvs` (004's vdsm). Two variants:

- legacy, as shipped when the escalations hit: stdin held open and no deadline
  on rm, vdsm's strict line parser on pvs;
- fixed: `command rm -f --` with stdin closed and a deadline, pvs read as JSON
  with anything printed around the report ignored.
"""

import json
import queue
import threading

import paramiko

PVS_FIELDS = "pv_name,vg_name"


class InvalidLine(Exception):
    """vdsm's error for a pvs line it cannot parse."""


class Product:
    def __init__(self, host, port, user, password, variant="legacy", pool_size=4, timeout=20.0):
        if variant not in ("legacy", "fixed"):
            raise ValueError("variant must be legacy or fixed, got %r" % variant)
        self.host, self.port, self.user, self.password = host, port, user, password
        self.variant, self.timeout = variant, timeout
        self._pool = queue.Queue()
        self._all = []
        for _ in range(pool_size):
            self._pool.put(self._connect())

    def _connect(self):
        c = paramiko.SSHClient()
        c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        c.connect(self.host, port=self.port, username=self.user, password=self.password,
                  look_for_keys=False, allow_agent=False, timeout=self.timeout,
                  banner_timeout=self.timeout, auth_timeout=self.timeout)
        self._all.append(c)
        return c

    def close(self):
        for c in self._all:
            c.close()

    def _exec(self, command, close_stdin, deadline):
        """Runs command on a pooled connection; returns (status, stdout, stderr)."""
        c = self._pool.get()
        try:
            chan = c.get_transport().open_session()
            if deadline is not None:
                chan.settimeout(deadline)
            chan.exec_command(command)
            if close_stdin:
                chan.shutdown_write()
            out = chan.makefile("rb").read().decode()
            err = chan.makefile_stderr("rb").read().decode()
            return chan.recv_exit_status(), out, err
        finally:
            self._pool.put(c)

    def remove_files(self, paths):
        """Deletes paths with rm -f, several commands at once over the pool.
        Returns the worker threads and the list their errors go to: a legacy
        product's workers may never end."""
        errors = []
        if self.variant == "legacy":
            commands = ["rm -f %s" % p for p in paths]  # one per file, as LogSync did
        else:
            quoted = ["'%s'" % p.replace("'", "'\\''") for p in paths]
            commands = ["command rm -f -- " + " ".join(quoted[i:i + 100]) for i in range(0, len(quoted), 100)]

        def worker(command):
            try:
                if self.variant == "legacy":
                    status, _, err = self._exec(command, close_stdin=False, deadline=None)
                else:
                    status, _, err = self._exec(command, close_stdin=True, deadline=self.timeout)
                if status != 0:
                    errors.append("%s exited %d: %s" % (command[:60], status, err.strip()))
            except Exception as e:  # a deadline, a dropped connection
                errors.append("%s: %s" % (command[:60], e))

        threads = [threading.Thread(target=worker, args=(c,), daemon=True) for c in commands]
        for t in threads:
            t.start()
        return threads, errors

    def list_physical_volumes(self):
        """Returns [(pv_name, vg_name)] as vdsm reads them."""
        if self.variant == "legacy":
            status, out, err = self._exec(
                "sudo -n /sbin/pvs --noheadings --separator '|' -o " + PVS_FIELDS, close_stdin=True, deadline=self.timeout)
            if status != 0:
                raise RuntimeError("pvs exited %d: %s" % (status, err.strip()))
            pvs = []
            for line in out.splitlines():
                line = line.strip()
                if not line:
                    continue
                fields = line.split("|")
                if len(fields) != 2 or not fields[0].startswith("/dev/"):
                    raise InvalidLine("Missing field 'pv_name' in line '%s'" % line)
                pvs.append((fields[0], fields[1]))
            return pvs
        status, out, err = self._exec(
            "sudo -n /sbin/pvs --reportformat json -o " + PVS_FIELDS, close_stdin=True, deadline=self.timeout)
        if status != 0:
            raise RuntimeError("list physical volumes: sudo pvs exited %d: %s" % (status, err.strip()))
        start = out.find("{")
        if start < 0:
            raise RuntimeError("pvs printed no JSON report: %r" % out)
        report, _ = json.JSONDecoder().raw_decode(out[start:])
        return [(pv["pv_name"], pv["vg_name"]) for r in report["report"] for pv in r["pv"]]
