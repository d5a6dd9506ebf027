"""A TCP forwarder between kaohe and a server (Redis, PostgreSQL) that can make the server go away and come back.

`stop` cuts every connection and refuses new ones, as a restarted server or a
dropped network does; `start` listens again on the same port; `hang` cuts
every connection and accepts new ones but never answers, as a server stuck
under load or a firewall swallowing replies does. The shared server itself is
never touched.
"""

from __future__ import annotations

import socket
import threading


class Proxy:
    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.lock = threading.Lock()
        self.connections: set[socket.socket] = set()
        self.listener: socket.socket | None = None
        self.accepting: threading.Thread | None = None
        self.silent = False
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.start()

    def start(self, silent: bool = False) -> None:
        self.stop()  # from `hang`: its listener and the connections it holds go first
        self.silent = silent
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.listener.settimeout(0.1)
        self.accepting = threading.Thread(target=self._accept, args=(self.listener,), daemon=True)
        self.accepting.start()

    def stop(self) -> None:
        listener, self.listener = self.listener, None
        if listener is not None:
            listener.close()
            # The port is free once the thread's pending accept has returned (at most its 0.1 s timeout).
            self.accepting.join()
        with self.lock:
            for connection in self.connections:
                _close(connection)
            self.connections.clear()

    def hang(self) -> None:
        self.start(silent=True)

    def _accept(self, listener: socket.socket) -> None:
        while self.listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:  # closed by `stop`
                return
            if self.silent:  # held open, never answered
                with self.lock:
                    self.connections.add(client)
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            for end in (client, server):
                end.settimeout(None)
            with self.lock:
                self.connections |= {client, server}
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        _close(source)
        _close(sink)


def _close(end: socket.socket) -> None:
    try:
        end.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    end.close()
