"""Checking that a bounce webhook comes from the provider it claims.

- **Amazon SES** posts through SNS, which signs every message with an RSA key whose
  certificate it publishes at ``SigningCertURL`` (``SignatureVersion`` 1: SHA-1, 2:
  SHA-256). The certificate is fetched only from ``https://sns.<region>.amazonaws.com``;
  the topic must be one the site was told to trust (``THEPOST_SES_TOPICS``), since anyone
  may point their own topic at the endpoint.
- **Mailgun** signs with the account's webhook signing key: an HMAC-SHA256 of the
  timestamp and token (``THEPOST_MAILGUN_SIGNING_KEY``), refused when older than
  ``FRESH``.
- **Postmark** does not sign: its webhook URL carries a secret the newsroom shows to
  admins (``postmark_token``), derived from the site's key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from thepost.keys import Keys

FRESH = 15 * 60  # seconds a Mailgun signature stays good
_SNS_HOST = re.compile(r"sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?")
# The fields SNS signs, in order, for each message type.
_CONFIRMATION = ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type")
_SIGNED = {
    "Notification": ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"),
    "SubscriptionConfirmation": _CONFIRMATION,
    "UnsubscribeConfirmation": _CONFIRMATION,
}


class Refused(Exception):
    """The payload is not provably from the provider."""


def sns_url(url: str) -> bool:
    """Whether ``url`` is an https address of Amazon SNS (certificates, confirmations)."""
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(_SNS_HOST.fullmatch(parts.hostname or ""))


def verify_sns(message: dict[str, Any], fetch: Callable[[str], bytes], topics: set[str]) -> None:
    """Raise ``Refused`` unless ``message`` is signed by SNS and from a trusted topic."""
    kind = message.get("Type")
    if kind not in _SIGNED:
        raise Refused("not an SNS message")
    if message.get("TopicArn") not in topics:
        raise Refused("a topic this site was not told to trust")
    url = str(message.get("SigningCertURL", ""))
    if not sns_url(url) or not url.endswith(".pem"):
        raise Refused("the signing certificate is not Amazon SNS's")
    # Imported on a bounce's first report, not in every worker that never gets one.
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    version = str(message.get("SignatureVersion", ""))
    algorithm = {"1": hashes.SHA1(), "2": hashes.SHA256()}.get(version)
    if algorithm is None:
        raise Refused("an unknown signature version")
    signed = "".join(
        f"{name}\n{message[name]}\n"
        for name in _SIGNED[str(kind)]
        if name in message and message[name] is not None
    ).encode("utf-8")
    try:
        key = x509.load_pem_x509_certificate(fetch(url)).public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            raise Refused("the certificate's key is not RSA")
        signature = base64.b64decode(str(message.get("Signature", "")), validate=True)
        key.verify(signature, signed, padding.PKCS1v15(), algorithm)
    except (InvalidSignature, ValueError, OSError) as exc:
        raise Refused(f"the signature does not hold ({type(exc).__name__})") from exc


def verify_mailgun(payload: dict[str, Any], signing_key: str, *, now: float | None = None) -> None:
    signature = payload.get("signature")
    if not signing_key or not isinstance(signature, dict):
        raise Refused("no signature, or no signing key set")
    timestamp, token = str(signature.get("timestamp", "")), str(signature.get("token", ""))
    expected = hmac.new(signing_key.encode(), (timestamp + token).encode(), hashlib.sha256)
    if not hmac.compare_digest(expected.hexdigest(), str(signature.get("signature", ""))):
        raise Refused("the signature does not hold")
    if not timestamp.isdigit() or abs((now or time.time()) - int(timestamp)) > FRESH:
        raise Refused("the signature is too old")


def postmark_token(keys: Keys) -> str:
    """The secret in the Postmark webhook's URL."""
    return keys.hash("newsletter-bounces-postmark", "")[:32]
