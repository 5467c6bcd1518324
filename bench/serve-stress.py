#!/usr/bin/env python3
"""Measures `errbook serve` while clients hold connections open or never read.

    python3 bench/serve-stress.py BOOK_DIR [ERRBOOK_BINARY]

Starts `errbook serve` on BOOK_DIR, opens 500 idle connections and 50 that request
records.json with a 4 KiB receive buffer and never read, then times 100 ordinary requests one
after another and prints their latency and the server's peak resident memory.
"""
import socket
import statistics
import subprocess
import sys
import time


def main():
    book = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/errbook"
    server = subprocess.Popen([binary, "-C", book, "serve", "--port", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        host = server.stdout.readline().split()[1][len("http://"):].strip("/")
        name, port = host.split(":")
        address = (name, int(port))

        def get(path):
            s = socket.create_connection(address)
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := s.recv(65536):
                data += chunk
            s.close()
            return data

        get("/")
        idle = [socket.create_connection(address) for _ in range(500)]
        stuck = []
        for _ in range(50):
            s = socket.create_connection(address)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.sendall(f"GET /records.json HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            stuck.append(s)
        time.sleep(0.5)
        paths = ["/", "/en/errors/cannotpullcontainererror/", "/assets/style.css", "/records.json"]
        latencies = []
        for i in range(100):
            started = time.time()
            answer = get(paths[i % len(paths)])
            latencies.append((time.time() - started) * 1000)
            assert answer.startswith(b"HTTP/1.1 200"), answer[:60]
        status = open(f"/proc/{server.pid}/status").read()
        peak = next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM"))
        latencies.sort()
        print(f"latency ms: median {statistics.median(latencies):.1f} p90 {latencies[89]:.1f} "
              f"max {latencies[-1]:.1f}; server peak {int(peak) / 1024:.1f} MB "
              f"({len(idle)} idle, {len(stuck)} never-reading connections)")
    finally:
        server.kill()


if __name__ == "__main__":
    main()
