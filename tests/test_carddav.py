"""The CardDAV client on answers a real server rarely gives (served by httpx.MockTransport)."""

from __future__ import annotations

import httpx
import pytest

from ctdir.carddav import Client, DavError, check_url, href_key
from ctdir.errors import InvalidInput

URL = "https://dav.example.org/amina/team/"


def client_answering(status: int, body: bytes, headers: dict[str, str] | None = None) -> Client:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers=headers)

    return Client(URL, "amina", "Kestrel-8841", transport=httpx.MockTransport(answer))


def test_xml_with_entities_is_refused_in_one_line() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<multistatus xmlns="DAV:"><response><href>&b;</href></response></multistatus>'
    )
    with pytest.raises(DavError) as caught:
        client_answering(207, bomb).listing()
    assert "refuses to read" in caught.value.message and "\n" not in caught.value.message


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (207, b"<html>maintenance</html", "not valid XML"),
        (207, b"<html/>", "did not answer with a WebDAV multistatus"),
        (500, b"", "answered HTTP 500 Internal Server Error to PROPFIND /amina/team/"),
        (301, b"", "moved to https://dav.example.org/new/ (HTTP 301)"),
    ],
)
def test_unexpected_answers_are_one_clear_line(status: int, body: bytes, message: str) -> None:
    client = client_answering(status, body, {"Location": "https://dav.example.org/new/"})
    with pytest.raises(DavError) as caught:
        client.tag()
    assert message in caught.value.message
    assert "Kestrel-8841" not in caught.value.message


def test_a_collection_that_is_not_an_address_book_is_refused() -> None:
    calendar = (
        b'<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><response>'
        b"<href>/amina/team/</href><propstat><prop><resourcetype><collection/><C:calendar/>"
        b"</resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat></response>"
        b"</multistatus>"
    )
    with pytest.raises(DavError, match="is not a CardDAV address book"):
        client_answering(207, calendar).tag()


def test_urls_and_hrefs() -> None:
    assert check_url(" https://dav.example.org/amina/team ") == URL
    for bad in ("dav.example.org/amina", "ftp://x/y/", "https://x/y/?a=1"):
        with pytest.raises(InvalidInput):
            check_url(bad)
    assert href_key("https://dav.example.org/amina/team/a%20b.vcf") == "/amina/team/a b.vcf"
