"""Build small WARC files with warcio, the library pagecleaner reads them with."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = (FIXTURES / "batch" / "leiphone-clean.html").read_bytes()
NEWS = (FIXTURES / "batch" / "news" / "xinhua-hebei-drama.htm").read_bytes()
# A Latin-1 page that declares no charset in its markup: only the HTTP header names it.
LATIN1 = (
    "<html><head><title>Crème brûlée</title></head><body><article><h1>Crème brûlée</h1><p>"
    + "La crème brûlée se prépare la veille : crème, jaunes d'œufs, sucre et vanille. " * 6
    + "</p></article></body></html>"
).encode("cp1252")


def write_warc(
    path: Path,
    records: list[tuple[str, bytes, str | None]],
    *,
    gzip: bool = True,
    version: str = "1.1",
    requests: bool = True,
) -> list[str]:
    """Write a warcinfo record, then for each (uri, body, content type) a request and a
    response record; returns the response record ids in order."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    ids = []
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzip, warc_version=version)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for uri, body, content_type in records:
            if requests:
                request = writer.create_warc_record(
                    uri,
                    "request",
                    payload=BytesIO(b""),
                    http_headers=StatusAndHeaders(
                        "GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True
                    ),
                )
                writer.write_record(request)
            headers = [("Content-Length", str(len(body)))]
            if content_type is not None:
                headers.append(("Content-Type", content_type))
            record = writer.create_warc_record(
                uri,
                "response",
                payload=BytesIO(body),
                http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
            )
            writer.write_record(record)
            ids.append(record.rec_headers.get_header("WARC-Record-ID"))
    return ids


def raw_record(uri: str, block: bytes, *, length: int | None = None) -> bytes:
    """An uncompressed WARC response record written by hand, for framings no library writes."""
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{abs(hash(uri)) % 10**12:012d}>\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(block) if length is None else length}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def http_block(body: bytes, content_type: str = "text/html") -> bytes:
    return (
        f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
