#!/usr/bin/env python3
"""Do clients stuck in a partial request body starve everyone else?

Usage: bench/slow-clients.py [port] [stuck] [declared-bytes] [hold-seconds]
       (defaults: 8080, 220 connections, a 1000-byte body of which 10 bytes are sent, 0)

Opens `stuck` connections to 127.0.0.1:port that each send the headers of POST /predict and the
first 10 bytes of the body, then stop. While they hang, it times 20 normal /predict requests,
one after the other, each with a 60 s client timeout, and prints their latencies; with
hold-seconds it goes on with one normal request a second for that long (past the server's body
read timeout, say) and prints the slowest. Afterwards it
reports how many stuck connections were answered (and with what) or are still open.
Figures for docs/operations.md, "Errors, limits and timeouts"; SlowClientsTests asserts the behaviour.
"""
import socket
import statistics
import sys
import time

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
STUCK = int(sys.argv[2]) if len(sys.argv) > 2 else 220
DECLARED = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
HOLD = float(sys.argv[4]) if len(sys.argv) > 4 else 0
BODY = b'{"instances": [[5.1, 3.5, 1.4, 0.2]]}'


def open_stuck():
    s = socket.create_connection(("127.0.0.1", PORT), timeout=5)
    s.sendall(b"POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              b"Content-Length: " + str(DECLARED).encode() + b"\r\n\r\n" + b'{"instance')
    return s


def normal():
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", PORT), timeout=60) as s:
        s.sendall(b"POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  b"Connection: close\r\nContent-Length: " + str(len(BODY)).encode() + b"\r\n\r\n" + BODY)
        data = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            return None, time.monotonic() - start
    return data.split(b"\r\n", 1)[0].decode(), time.monotonic() - start


def main():
    stuck = []
    t0 = time.monotonic()
    for _ in range(STUCK):
        stuck.append(open_stuck())
    print(f"{STUCK} connections stuck in a {DECLARED}-byte body after {time.monotonic() - t0:.1f} s")
    time.sleep(1)
    latencies = []
    for i in range(20):
        status, seconds = normal()
        latencies.append(seconds)
        print(f"  normal request {i + 1:2}: {status or 'no answer within 60 s'} in {seconds * 1000:.0f} ms")
    print(f"normal requests: median {statistics.median(latencies) * 1000:.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms")
    if HOLD > 0:
        held, failures, end = [], 0, time.monotonic() + HOLD
        while time.monotonic() < end:
            status, seconds = normal()
            held.append(seconds)
            failures += 0 if status and " 200" in status else 1
            time.sleep(max(0.0, 1 - seconds))
        print(f"while held {HOLD:.0f} s: {len(held)} normal requests, {failures} not 200, "
              f"slowest {max(held) * 1000:.0f} ms")
    answered, still_open = {}, 0
    for s in stuck:
        s.setblocking(False)
        try:
            first = s.recv(200)
            line = first.split(b"\r\n", 1)[0].decode() if first else "closed"
            answered[line] = answered.get(line, 0) + 1
        except BlockingIOError:
            still_open += 1
        except OSError as e:
            answered[type(e).__name__] = answered.get(type(e).__name__, 0) + 1
        s.close()
    print(f"stuck connections {time.monotonic() - t0:.0f} s after they started: still waiting {still_open}, "
          f"answered {answered}")


if __name__ == "__main__":
    main()
