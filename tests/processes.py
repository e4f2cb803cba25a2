"""Start the project's real processes for tests, and stop them like a person would."""
import os
import queue
import signal
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Process:
    """A command run in its own process group, its output read line by line."""

    def __init__(self, command, env=None, cwd=ROOT):
        self.lines = queue.Queue()
        self.output = []
        self.popen = subprocess.Popen(
            command, cwd=cwd, env={**os.environ, **(env or {})}, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.popen.stdout:
            self.output.append(line)
            self.lines.put(line)

    def wait_for(self, text, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if text in self.lines.get(timeout=1):
                    return
            except queue.Empty:
                if self.popen.poll() is not None:
                    break
        raise AssertionError(f"no {text!r} within {timeout} s:\n{''.join(self.output)[-3000:]}")

    def interrupt(self, timeout=60):
        """Ctrl-C: SIGINT to the whole process group, as a terminal does."""
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGINT)
        return self.popen.wait(timeout=timeout)

    def kill(self):
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()


def port_is_free(port):
    import socket

    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0
