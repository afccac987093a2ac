"""A small CardDAV (RFC 6352) client: what two-way sync needs, over httpx.

Five operations: the collection's change tag (PROPFIND Depth 0: ``getctag``
and ``sync-token``), the ETag of every card (PROPFIND Depth 1), cards by href
(REPORT ``addressbook-multiget``), and conditional writes (PUT with
``If-Match`` or ``If-None-Match: *``, DELETE with ``If-Match``) so that a card
changed on the server meanwhile is never overwritten. Server XML is parsed with
defusedxml. Every failure becomes a one-line ``DavError`` that never holds the
password (it is only ever inside httpx's Authorization header).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from ctdir.errors import CtdirError, InvalidInput

if TYPE_CHECKING:
    import httpx

DAV = "DAV:"
CARDDAV = "urn:ietf:params:xml:ns:carddav"
CALSERVER = "http://calendarserver.org/ns/"
MULTIGET_BATCH = 200
VCARD_TYPE = "text/vcard; charset=utf-8"

_TAG_BODY = (
    '<?xml version="1.0" encoding="utf-8"?>'
    f'<d:propfind xmlns:d="{DAV}" xmlns:cs="{CALSERVER}">'
    "<d:prop><d:resourcetype/><cs:getctag/><d:sync-token/></d:prop></d:propfind>"
)
_LIST_BODY = (
    '<?xml version="1.0" encoding="utf-8"?>'
    f'<d:propfind xmlns:d="{DAV}" xmlns:cs="{CALSERVER}">'
    "<d:prop><d:resourcetype/><d:getetag/><cs:getctag/><d:sync-token/></d:prop></d:propfind>"
)


class DavError(CtdirError):
    """The server cannot be reached, refused, or answered something unexpected."""

    exit_code = 3


class PreconditionFailed(DavError):
    """HTTP 412: the card changed (or appeared) on the server since it was read."""


@dataclass(frozen=True)
class Listing:
    """The collection's change tag and every card's ETag, from one response."""

    tag: str | None
    etags: dict[str, str | None]  # href (path, decoded) -> ETag


def check_url(url: str) -> str:
    """The collection URL, ending in "/"; InvalidInput for what cannot be one."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(
            f"{url!r} is not an address book URL (expected https://host/path/to/book/)"
        )
    if parts.username is not None or parts.password is not None:
        # A password in the URL would end up in the sync state and in messages.
        raise InvalidInput(
            "put no user name or password in the URL: use --user and CTDIR_CARDDAV_PASSWORD"
        )
    if parts.query or parts.fragment:
        raise InvalidInput(f"{url!r}: an address book URL has no ?query or #fragment")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def href_key(href: str) -> str:
    """Hrefs as servers write them (absolute or not, %-encoded or not) -> one decoded path."""
    return unquote(urlsplit(href.strip()).path)


def _text(element: ET.Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _ok(propstat: ET.Element) -> bool:
    status = _text(propstat.find(f"{{{DAV}}}status")) or ""
    return " 200 " in f"{status} "


class Client:
    """One address-book collection, reached with basic authentication."""

    def __init__(
        self,
        url: str,
        user: str | None,
        password: str | None,
        *,
        transport: httpx.BaseTransport | None = None,
        verify: bool = True,
        timeout: float = 30.0,
    ) -> None:
        import httpx

        self.url = check_url(url)
        self.path = href_key(self.url)
        self.host = urlsplit(self.url).netloc
        self.timeout = timeout
        auth = httpx.BasicAuth(user, password or "") if user else None
        self.requests = 0
        self._http = httpx.Client(
            auth=auth,
            transport=transport,
            verify=verify,
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": "ctdir"},
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def card_href(self, name: str) -> str:
        return self.path + name

    # -- requests -------------------------------------------------------------

    def _send(
        self,
        method: str,
        href: str,
        *,
        body: str | bytes | None = None,
        headers: dict[str, str] | None = None,
        ok: Iterable[int] = (200, 201, 204, 207),
    ) -> httpx.Response:
        import httpx

        target = f"{urlsplit(self.url).scheme}://{self.host}{href}"
        self.requests += 1
        try:
            response = self._http.request(method, target, content=body, headers=headers)
        except httpx.TimeoutException:
            raise DavError(
                f"the server {self.host} did not answer within {self.timeout:.0f} s"
            ) from None
        except httpx.ConnectError as exc:
            raise DavError(f"cannot connect to {self.host}: {_reason(exc)}") from None
        except httpx.TransportError as exc:
            raise DavError(f"the connection to {self.host} failed: {_reason(exc)}") from None
        if response.status_code not in set(ok):
            raise _status_error(response, method, href, self)
        return response

    def _multistatus(self, response: httpx.Response) -> list[ET.Element]:
        from defusedxml import DefusedXmlException
        from defusedxml import ElementTree as SafeET

        try:
            root = SafeET.fromstring(response.content)
        except DefusedXmlException as exc:  # entities, DTDs: what XML bombs are made of
            name = type(exc).__name__
            raise DavError(f"{self.host} sent XML that ctdir refuses to read ({name})") from None
        except ET.ParseError as exc:
            raise DavError(
                f"{self.host} sent a WebDAV answer that is not valid XML ({exc})"
            ) from None
        if root.tag != f"{{{DAV}}}multistatus":
            raise DavError(f"{self.host} did not answer with a WebDAV multistatus")
        return root.findall(f"{{{DAV}}}response")

    @staticmethod
    def _props(response: ET.Element) -> ET.Element:
        """The properties the server found (status 200), merged into one element."""
        found = ET.Element("prop")
        for propstat in response.findall(f"{{{DAV}}}propstat"):
            prop = propstat.find(f"{{{DAV}}}prop")
            if prop is not None and _ok(propstat):
                found.extend(list(prop))
        return found

    @staticmethod
    def _tag_of(props: ET.Element) -> str | None:
        ctag = _text(props.find(f"{{{CALSERVER}}}getctag"))
        token = _text(props.find(f"{{{DAV}}}sync-token"))
        return f"{ctag or ''}|{token or ''}" if ctag or token else None

    def tag(self) -> str | None:
        """The collection's change tag (None if the server offers none); checks it is a book."""
        response = self._send(
            "PROPFIND", self.path, body=_TAG_BODY, headers=_xml_headers(depth="0")
        )
        for item in self._multistatus(response):
            if href_key(_text(item.find(f"{{{DAV}}}href")) or "").rstrip("/") != self.path.rstrip(
                "/"
            ):
                continue
            props = self._props(item)
            kinds = props.find(f"{{{DAV}}}resourcetype")
            if kinds is None or kinds.find(f"{{{CARDDAV}}}addressbook") is None:
                raise DavError(f"{self.url} is not a CardDAV address book")
            return self._tag_of(props)
        raise DavError(f"{self.host} did not describe {self.url} in its answer")

    def listing(self) -> Listing:
        """Every card's ETag and the collection's tag, from one PROPFIND Depth 1."""
        response = self._send(
            "PROPFIND", self.path, body=_LIST_BODY, headers=_xml_headers(depth="1")
        )
        tag: str | None = None
        etags: dict[str, str | None] = {}
        for item in self._multistatus(response):
            href = href_key(_text(item.find(f"{{{DAV}}}href")) or "")
            props = self._props(item)
            if href.rstrip("/") == self.path.rstrip("/"):
                tag = self._tag_of(props)
                continue
            kinds = props.find(f"{{{DAV}}}resourcetype")
            if href.endswith("/") or (kinds is not None and len(kinds)):
                continue  # a sub-collection, not a card
            etags[href] = _text(props.find(f"{{{DAV}}}getetag"))
        return Listing(tag, etags)

    def multiget(self, hrefs: list[str]) -> dict[str, tuple[str | None, str]]:
        """href -> (ETag, card text) for each href still on the server."""
        cards: dict[str, tuple[str | None, str]] = {}
        for start in range(0, len(hrefs), MULTIGET_BATCH):
            batch = hrefs[start : start + MULTIGET_BATCH]
            root = ET.Element(f"{{{CARDDAV}}}addressbook-multiget")
            prop = ET.SubElement(root, f"{{{DAV}}}prop")
            ET.SubElement(prop, f"{{{DAV}}}getetag")
            ET.SubElement(prop, f"{{{CARDDAV}}}address-data")
            for href in batch:
                ET.SubElement(root, f"{{{DAV}}}href").text = href
            body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
            response = self._send("REPORT", self.path, body=body, headers=_xml_headers("1"))
            for item in self._multistatus(response):
                props = self._props(item)
                data = props.find(f"{{{CARDDAV}}}address-data")
                if data is None or data.text is None:
                    continue  # gone since the listing (404 in its propstat)
                href = href_key(_text(item.find(f"{{{DAV}}}href")) or "")
                cards[href] = (_text(props.find(f"{{{DAV}}}getetag")), data.text)
        return cards

    def put(self, href: str, card: str, etag: str | None) -> str | None:
        """Write a card: over ``etag`` only, or (None) only where no card is. The new ETag."""
        headers = {"Content-Type": VCARD_TYPE}
        if etag is None:
            headers["If-None-Match"] = "*"
        else:
            headers["If-Match"] = etag
        response = self._send("PUT", href, body=card.encode("utf-8"), headers=headers)
        # A server that changed the card on the way in may send no ETag (RFC 6352 6.3.2.3).
        return response.headers.get("ETag")

    def delete(self, href: str, etag: str | None) -> None:
        """Delete a card if it is still the version ``etag``; a card already gone is fine."""
        headers = {"If-Match": etag} if etag else {}
        self._send("DELETE", href, headers=headers, ok=(200, 204, 404))


def _xml_headers(depth: str) -> dict[str, str]:
    return {"Depth": depth, "Content-Type": "application/xml; charset=utf-8"}


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    lowered = text.lower()
    if "refused" in lowered:
        return "connection refused (is the server running, and the port right?)"
    if "certificate" in lowered or "ssl" in lowered:
        return f"the server's certificate could not be verified ({text})"
    if "name or service not known" in lowered or "nodename nor servname" in lowered:
        return "unknown host name"
    return text or type(exc).__name__


def _status_error(response: httpx.Response, method: str, href: str, client: Client) -> DavError:
    code = response.status_code
    if code == 412:
        return PreconditionFailed(f"{href} changed on the server during this sync")
    if code == 401:
        return DavError(
            f"{client.host} refused the user name or password (HTTP 401); check --user and "
            "CTDIR_CARDDAV_PASSWORD"
        )
    if code == 403:
        return DavError(f"{client.host} does not allow this account to {method} {href} (HTTP 403)")
    if code == 404:
        return DavError(f"no address book at {client.url} (HTTP 404); check the URL")
    if code in (301, 302, 307, 308):
        where = response.headers.get("Location", "?")
        return DavError(f"{client.url} moved to {where} (HTTP {code}); sync with that URL")
    return DavError(
        f"{client.host} answered HTTP {code} {response.reason_phrase} to {method} {href}"
    )
