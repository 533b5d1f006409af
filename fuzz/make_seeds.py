#!/usr/bin/env python3
"""Write the fuzz seed inputs into seeds/ (run it from anywhere).

The first byte of an input picks the name it is read under (see NAMES in
fuzz_targets/read_normalize_segment.rs): 0 text, 1 HTML, 2 JSONL, 3 WARC,
4 WARC gzip, 5 text gzip, 6 zstd. Small seeds of each shape get the fuzzer
past the first checks of every reader in a short run.
"""
import gzip
import os
import subprocess
import zlib

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds")
TEXT = (
    "Hà Nội: thủy điện Hòa Bình xả lũ\n![]() |\nẢnh: TTXVN |\n"
    "Người dân khỏe mạnh, “mọi việc” ổn &amp; yên.\n\nTin mới nhất\n"
    "Giá vàng tăng\n01/05/2024 08:30 | Kinh tế\n"
).encode()
HTML = (
    b'<!doctype html><html><head><meta charset="windows-1258"><title>T</title></head>'
    b"<body><nav>Menu</nav><article><h1>Ti\xeau \xf0\xea\xcc</h1><p>N\xf4i dung b\xe0i.</p>"
    b'<figure><img src=a.jpg><figcaption>A caption. Photo: X</figcaption></figure></article>'
    b"<aside><h2>Latest</h2><ul><li>Other 01/05/2024</li></ul></aside></body></html>"
)


# brotli.compress("Tin mới\nNội dung bài báo hôm nay.\n"), so that no brotli
# module is needed here.
BROTLI = b"\x0b\x14\x80" + "Tin mới\nNội dung bài báo hôm nay.\n".encode() + b"\x03"


def record(kind, headers, block):
    out = f"WARC/1.0\r\nWARC-Type: {kind}\r\n".encode()
    for name, value in headers:
        out += f"{name}: {value}\r\n".encode()
    out += f"Content-Length: {len(block)}\r\n\r\n".encode() + block + b"\r\n\r\n"
    return out


def response(uri, http_headers, body):
    block = b"HTTP/1.1 200 OK\r\n" + http_headers + b"\r\n" + body
    return record(
        "response",
        [("WARC-Target-URI", uri), ("WARC-Date", "2024-05-01T08:30:00Z"),
         ("WARC-Payload-Digest", "sha1:AAAA")],
        block,
    )


def chunked(data):
    half = len(data) // 2
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (data[:half], data[half:])) + b"0\r\n\r\n"


def raw_deflate(data):
    c = zlib.compressobj(wbits=-15)
    return c.compress(data) + c.flush()


WARC = b"".join([
    record("warcinfo", [], b"software: seed\r\n"),
    record("request", [("WARC-Target-URI", "https://x.vn/a")], b"GET /a HTTP/1.1\r\n\r\n"),
    response("https://x.vn/a", b"Content-Type: text/html; charset=windows-1258\r\n", HTML),
    response("https://x.vn/b", b"Content-Type: text/plain\r\nContent-Encoding: gzip\r\n", gzip.compress(TEXT)),
    response("https://x.vn/c", b"Content-Type: text/plain\r\nContent-Encoding: deflate\r\nTransfer-Encoding: chunked\r\n", chunked(zlib.compress(TEXT))),
    response("https://x.vn/d", b"Content-Type: text/plain\r\nContent-Encoding: deflate\r\n", raw_deflate(TEXT)),
    response("https://x.vn/e", b"Content-Type: text/plain\r\nContent-Encoding: br\r\n", BROTLI),
    record("revisit", [("WARC-Target-URI", "https://x.vn/a"), ("WARC-Date", "2024-05-02T08:30:00Z"),
                       ("WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"),
                       ("WARC-Refers-To-Target-URI", "https://x.vn/a"),
                       ("WARC-Refers-To-Date", "2024-05-01T08:30:00Z")], b"HTTP/1.1 200 OK\r\n\r\n"),
    record("metadata", [], b"via: https://x.vn/\r\n"),
    record("resource", [("Content-Type", "text/plain"), ("WARC-Target-URI", "file:///a.txt")], TEXT),
])
JSONL = (
    '{"text": "Tiêu đề\\nNội dung.", "url": "https://x.vn/a", "fetched_at": "2024-05-01T15:30:00+07:00", "site": "x", "tags": ["a", 1]}\n'
    '{"html": "<p>Xin chào</p>", "uri": "https://x.vn/b", "date": "yesterday", "meta": {"lang": "vi"}}\n'
    "not json\n"
    '{"text": 42}\n'
).encode()


def write(name, pick, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(bytes([pick]) + data)


write("text", 0, TEXT)
write("html", 1, HTML)
write("jsonl", 2, JSONL)
write("warc", 3, WARC)
write("warc-gz", 4, b"".join(gzip.compress(r) for r in [WARC[: len(WARC) // 2], WARC[len(WARC) // 2 :]]))
write("text-gz", 5, gzip.compress(TEXT))
write("text-zst", 6, subprocess.run(["zstd", "-q", "-c"], input=TEXT, capture_output=True, check=True).stdout)
