"""A small TCP proxy the outage tests put between the site and PostgreSQL, to cut and restore.

cut("refuse"): every connection is dropped at once (a server that went away, a restart).
cut("hang"): connections are accepted and then nothing answers (a network that black-holes
packets); only the client's connect timeout ends the wait.
restore(): forwarding again, on the same port.
"""
import socket
import threading


class TCPProxy:
    """Forwards 127.0.0.1:<port> to `target` until cut."""

    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.mode = "forward"
        self._lock = threading.Lock()
        self._sockets = set()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closed = False
        threading.Thread(target=self._accept_loop, daemon=True).start()

    def cut(self, mode="refuse"):
        """Stop forwarding and break every connection that is open now."""
        assert mode in {"refuse", "hang"}
        self.mode = mode
        self._drop_all()

    def restore(self):
        self._drop_all()  # connections held by "hang" are let go
        self.mode = "forward"

    def close(self):
        self._closed = True
        self._listener.close()
        self._drop_all()

    def _drop_all(self):
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _track(self, sock):
        with self._lock:
            self._sockets.add(sock)

    def _accept_loop(self):
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.mode == "refuse":
                client.close()
            elif self.mode == "hang":
                self._track(client)  # held open, never answered, dropped on restore or close
            else:
                threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client):
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        upstream.settimeout(None)
        self._track(client)
        self._track(upstream)
        threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()
        self._pipe(upstream, client)

    def _pipe(self, source, destination):
        try:
            while data := source.recv(65536):
                destination.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._sockets.discard(source)
                self._sockets.discard(destination)
            for sock in (source, destination):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
