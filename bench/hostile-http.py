#!/usr/bin/env python3
"""Sends malformed HTTP requests over raw sockets and prints what the service answers.

Usage: bench/hostile-http.py [port]   (default 8080; the service must run on 127.0.0.1)

Each line: case, status, Content-Type, and the start of the body. Used to compare the error
answers before and after a change (docs/operations.md, "Errors, limits and timeouts"); the
assertions live in ConnectorErrorsTests and MultipartErrorsTests.
"""
import socket
import sys

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
PRED = b'{"instances": [[5.1, 3.5, 1.4, 0.2]]}'


def raw(data, timeout=10.0):
    with socket.create_connection(("127.0.0.1", PORT), timeout=timeout) as s:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        chunks = []
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                chunks.append(b)
        except socket.timeout:
            chunks.append(b"<timeout>")
        return b"".join(chunks)


def request(method, target, headers=(), body=b"", host=b"127.0.0.1"):
    lines = [method + b" " + target + b" HTTP/1.1"]
    if host is not None:
        lines.append(b"Host: " + host)
    lines += list(headers)
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def multipart(parts, boundary=b"XyZ"):
    body = b""
    for headers, content in parts:
        body += b"--" + boundary + b"\r\n" + headers + b"\r\n\r\n" + content + b"\r\n"
    return body + b"--" + boundary + b"--\r\n"


def upload(body, content_type=b"multipart/form-data; boundary=XyZ"):
    return request(b"POST", b"/api/v1/datasets",
                   [b"Content-Type: " + content_type, b"Content-Length: " + str(len(body)).encode()], body)


def json_post(path, body):
    return request(b"POST", path, [b"Content-Type: application/json",
                                   b"Content-Length: " + str(len(body)).encode()], body)


CSV = b"a,b,label\n1,2,x\n3,4,y\n"
FILE = b'Content-Disposition: form-data; name="file"; filename="d.csv"\r\nContent-Type: text/csv'

CASES = [
    ("%2F in path", request(b"GET", b"/api/v1/datasets/a%2Fb")),
    ("%5C in path", request(b"GET", b"/api/v1/datasets/a%5Cb")),
    ("%00 in path", request(b"GET", b"/api/v1/datasets/a%00b")),
    ("invalid UTF-8 in path", request(b"GET", b"/api/v1/datasets/%C3%28")),
    ("raw byte in request line", request(b"GET", b"/api/v1/\x01")),
    ("oversize header", request(b"GET", b"/api/v1/datasets", [b"X-Big: " + b"a" * 20000])),
    ("oversize URL", request(b"GET", b"/api/v1/datasets?q=" + b"a" * 20000)),
    ("bad Host", request(b"GET", b"/api/v1/datasets", host=b"exa mple..com:99999")),
    ("no Host (HTTP/1.1)", request(b"GET", b"/api/v1/datasets", host=None)),
    ("duplicate Content-Length", request(b"POST", b"/predict", [b"Content-Type: application/json",
        b"Content-Length: " + str(len(PRED)).encode(), b"Content-Length: 3"], PRED)),
    ("negative Content-Length", request(b"POST", b"/predict", [b"Content-Type: application/json",
        b"Content-Length: -5"], PRED)),
    ("bad chunk header", request(b"POST", b"/predict", [b"Content-Type: application/json",
        b"Transfer-Encoding: chunked"], b"zz\r\n" + PRED + b"\r\n0\r\n\r\n")),
    ("TRACE", request(b"TRACE", b"/api/v1/datasets")),
    ("Transfer-Encoding: gzip", request(b"POST", b"/predict", [b"Content-Type: application/json",
        b"Transfer-Encoding: gzip"], PRED)),
    ("unknown path", request(b"GET", b"/nope")),
    ("multipart: no boundary", upload(multipart([(FILE, CSV)]), b"multipart/form-data")),
    ("multipart: truncated", upload(multipart([(FILE, CSV)])[:-12])),
    ("multipart: endless part headers", upload(b"--XyZ\r\n" + (b"X-H: " + b"a" * 100 + b"\r\n") * 200)),
    ("multipart: huge boundary", upload(multipart([(FILE, CSV)], b"B" * 5000), b"multipart/form-data; boundary="
        + b"B" * 5000)),
    ("multipart: NUL in file name", upload(multipart([(FILE.replace(b"d.csv", b"d\x00.csv"), CSV)]))),
    ("multipart: 60 parts", upload(multipart([(b'Content-Disposition: form-data; name="p%d"' % i, b"x")
        for i in range(60)]))),
    ("multipart: long part header", upload(multipart([(FILE + b"\r\nX-Long: " + b"a" * 2000, CSV)]))),
    ("JSON trailing garbage", json_post(b"/predict", PRED + b" xyz")),
    ("JSON duplicate keys", json_post(b"/api/v1/training-jobs",
        b'{"datasetId": "iris", "datasetId": "nope", "epochs": 1}')),
]


def main():
    for name, data in CASES:
        try:
            answer = raw(data)
        except OSError as e:
            print(f"{name:34} connection error: {e}")
            continue
        head, _, body = answer.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = lines[0].decode("latin-1") if lines and lines[0] else "<no answer>"
        ctype = next((l.split(b":", 1)[1].strip().decode("latin-1") for l in lines[1:]
                      if l.lower().startswith(b"content-type:")), "-")
        text = body.decode("utf-8", "replace").replace("\n", " ")[:150]
        print(f"{name:34} {status[9:]:28} {ctype:26} {text}")


if __name__ == "__main__":
    main()
