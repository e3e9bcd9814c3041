"""Settings: the only place that reads the environment.

Every setting has a default and a line of help; ``THEPOST_<NAME>`` overrides it.
Tests and ``create_app`` take a ``Settings`` built directly::

    settings = Settings(database_url="sqlite:///:memory:", data_dir=tmp_path)

The README's configuration table is generated from these fields, and a test checks
that every field is listed there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from thepost import redis_client


class SmtpServer(NamedTuple):
    """Where and how to reach one SMTP server."""

    host: str
    port: int = 25
    username: str = ""
    password: str = ""
    starttls: bool = False
    tls: bool = False  # smtps: TLS from the first byte


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="THEPOST_", extra="ignore", frozen=True)

    data_dir: Path = Field(
        Path("data"),
        description="Directory for the embedded SQLite database and uploaded media.",
    )
    database_url: str = Field(
        "",
        description="SQLAlchemy URL; empty means SQLite at <data_dir>/thepost.sqlite3. "
        "PostgreSQL: postgresql+psycopg://user@host/db.",
    )
    base_url: str = Field(
        "http://127.0.0.1:8000", description="Public URL of the site, for absolute links."
    )
    secret_key: str = Field(
        "",
        description="Key for signed cookies, preview links and keyed hashes, at least 32 "
        "characters. Empty: one is generated on first start and kept in "
        "<data_dir>/secret_key (mode 0600); set it, the same on every host, when several "
        "hosts serve the site.",
    )
    secret_key_fallbacks: str = Field(
        "",
        description="Earlier keys, comma-separated, still accepted for signed links and "
        "cookies while a rotation settles (docs/deploy.md); signing uses the key alone.",
    )
    page_size: int = Field(12, ge=1, le=100, description="Cards per page on list pages.")
    sitemap_page_size: int = Field(
        50_000,
        ge=1,
        le=50_000,
        description="URLs per article sitemap (the protocol allows 50,000).",
    )
    related_count: int = Field(4, ge=1, le=12, description="Articles in 'You May Also Like'.")
    redis_url: str = Field(
        "",
        description="Redis URL (redis://host:6379/0, rediss:// for TLS, unix:///path) for "
        "shared rate limits and instant page cache invalidation across processes; empty keeps "
        "limits in memory.",
    )
    smtp_host: str = Field(
        "", description="SMTP server for outgoing mail; empty queues mail unsent."
    )
    smtp_port: int = Field(25, ge=1, le=65535, description="SMTP server port.")
    smtp_username: str = Field("", description="SMTP login name (empty: no login).")
    smtp_password: str = Field("", description="SMTP password.")
    smtp_starttls: bool = Field(False, description="Upgrade the SMTP connection with STARTTLS.")
    send_mail: bool = Field(
        True,
        description="Serving processes send queued mail and newsletters in the background "
        "(off: `thepost newsletters send`, run from a timer or on another host, sends them).",
    )
    smtp_servers: str = Field(
        "",
        description="More SMTP servers newsletters may send through (a bulk provider), as "
        "name=smtp://user:password@host:port, comma-separated; smtps:// for TLS from the "
        "start, ?starttls=1 to upgrade. A newsletter names its server; the others use "
        "THEPOST_SMTP_HOST.",
    )
    newsletter_rate: float = Field(
        50,
        ge=0,
        le=100_000,
        description="Newsletter messages a worker sends per second at most (0: as fast as "
        "the SMTP server takes them).",
    )
    bounce_address: str = Field(
        "",
        description="Return path of newsletter mail, e.g. bounces@example.org: each message "
        "goes out from bounces+<token>@example.org (VERP), so a bounce names its recipient. "
        "Empty: the From address.",
    )
    ses_topics: str = Field(
        "",
        description="Amazon SNS topics (ARNs, comma-separated) whose SES bounce and complaint "
        "notifications /newsletters/bounces/ses accepts; empty: none.",
    )
    mailgun_signing_key: str = Field(
        "",
        description="Mailgun's webhook signing key, to check bounce and complaint webhooks "
        "at /newsletters/bounces/mailgun; empty: refused.",
    )
    webhooks_allow_private: bool = Field(
        False,
        description="Let webhooks go to private, loopback and link-local addresses (a receiver "
        "on the same host or network); off, such endpoints are refused (SSRF).",
    )
    webhooks_interval_ms: int = Field(
        2000, ge=50, le=60_000, description="How often the webhook worker looks for work."
    )
    mail_from: str = Field(
        "The Post <newsroom@localhost>", description="From address of mail the site sends."
    )
    media_store: Literal["local", "s3"] = Field(
        "local",
        description="Where uploaded pictures are kept: local (<data_dir>/media, which hosts "
        "can share as a mounted directory) or s3 (an S3-compatible bucket; needs thepost[s3]).",
    )
    media_url: str = Field(
        "",
        description="Public base URL pages link pictures at (a CDN, or the bucket's public "
        "address); empty: the site's own /media/ route, which reads from the store.",
    )
    s3_bucket: str = Field("", description="Bucket of the s3 media store.")
    s3_prefix: str = Field("", description="Key prefix inside the bucket (optional).")
    s3_endpoint_url: str = Field(
        "", description="Endpoint of an S3-compatible server (MinIO, Ceph...); empty: AWS."
    )
    s3_region: str = Field("", description="Region of the bucket (empty: boto3's default).")
    s3_access_key_id: str = Field(
        "", description="Access key of the s3 store; empty: boto3's own chain (instance role)."
    )
    s3_secret_access_key: str = Field("", description="Secret key of the s3 store.")
    theme_dir: Path | None = Field(
        None, description="Folder of templates that override the built-in ones (optional)."
    )
    debug: bool = Field(False, description="Show tracebacks instead of the 500 page.")
    hsts_seconds: int = Field(
        0,
        ge=0,
        description="Strict-Transport-Security max-age (with includeSubDomains), sent only "
        "on requests that came over HTTPS; 0: no HSTS. Turn on once every host of the "
        "domain serves HTTPS, e.g. 31536000 (a browser keeps it that long).",
    )
    host: str = Field("127.0.0.1", description="Address `thepost serve` binds.")
    port: int = Field(8000, ge=1, le=65535, description="Port `thepost serve` binds.")
    workers: int = Field(1, ge=1, le=64, description="Worker processes for `thepost serve`.")
    trusted_proxies: str = Field(
        "",
        description="Addresses or networks (comma-separated) of reverse proxies whose "
        "X-Forwarded-For and X-Forwarded-Proto are believed (empty: none).",
    )
    threads: int = Field(
        4,
        ge=1,
        le=256,
        description="Threads per worker for pages that are not answered on its event loop "
        "(each may hold a database connection and a memory arena).",
    )
    page_cache: bool = Field(
        True, description="Keep rendered public pages in memory and answer from there."
    )
    page_cache_mb: int = Field(
        64, ge=1, le=65536, description="Memory for cached pages per process, in MiB."
    )
    page_cache_seconds: int = Field(
        300, ge=1, le=86400, description="A cached page is rendered again after this long."
    )
    page_cache_check_ms: int = Field(
        250,
        ge=10,
        le=60000,
        description="How often each process checks the database for changes to cached pages.",
    )
    session_idle_minutes: int = Field(
        60, ge=1, le=43200, description="Newsroom sign-in ends after this long without a request."
    )
    session_lifetime_hours: int = Field(
        12, ge=1, le=8760, description="Newsroom sign-in ends this long after login, however busy."
    )

    @field_validator("database_url")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str) -> str:
        value = value.strip()
        if value:
            redis_client.parse_url(value)  # ValueError: says what is wrong with it
        return value

    @field_validator("secret_key")
    @classmethod
    def _strong_key(cls, value: str) -> str:
        if value and (reason := weak_key(value)):
            raise ValueError(
                f"THEPOST_SECRET_KEY is {reason}: anyone could sign preview links and "
                "cookies with it. Leave it empty to have one generated, or make one with: "
                'python -c "import secrets; print(secrets.token_urlsafe(48))"'
            )
        return value

    @field_validator("secret_key_fallbacks")
    @classmethod
    def _strong_fallbacks(cls, value: str) -> str:
        for key in value.split(","):
            if key.strip() and (reason := weak_key(key.strip())):
                raise ValueError(f"a key in THEPOST_SECRET_KEY_FALLBACKS is {reason}")
        return value

    @property
    def fallback_keys(self) -> list[str]:
        return [key.strip() for key in self.secret_key_fallbacks.split(",") if key.strip()]

    @model_validator(mode="after")
    def _s3_needs_a_bucket(self) -> Settings:
        if self.media_store == "s3" and not self.s3_bucket:
            raise ValueError("THEPOST_MEDIA_STORE=s3 needs THEPOST_S3_BUCKET")
        return self

    @field_validator("smtp_servers")
    @classmethod
    def _servers(cls, value: str) -> str:
        smtp_servers(value)  # raises ValueError on a malformed entry
        return value

    @field_validator("bounce_address")
    @classmethod
    def _bounce(cls, value: str) -> str:
        value = value.strip()
        if value and (value.count("@") != 1 or "+" in value or " " in value):
            raise ValueError(
                "THEPOST_BOUNCE_ADDRESS is an address without '+', like bounces@example.org"
            )
        return value

    @property
    def ses_topic_arns(self) -> set[str]:
        return {arn.strip() for arn in self.ses_topics.split(",") if arn.strip()}

    @property
    def servers(self) -> dict[str, SmtpServer]:
        """The SMTP servers mail may go through: "" is the site's own (when set)."""
        found = smtp_servers(self.smtp_servers)
        if self.smtp_host:
            found[""] = SmtpServer(
                self.smtp_host, self.smtp_port, self.smtp_username, self.smtp_password,
                self.smtp_starttls,
            )  # fmt: skip
        return found

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'thepost.sqlite3').resolve()}"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"


MIN_KEY_LENGTH = 32
# Keys that appear in examples and defaults the world over (lower case).
KNOWN_WEAK = frozenset({
    "change-me-in-production", "changeme", "change-me", "change_me", "secret", "secret-key",
    "secretkey", "your-secret-key", "your-secret-key-here", "mysecretkey", "supersecret",
    "password", "development", "dev", "test", "testing", "insecure", "django-insecure",
    "not-a-secret", "please-change-me", "replace-me", "xxx", "0123456789",
})  # fmt: skip


def weak_key(key: str) -> str | None:
    """Why ``key`` must not sign anything (a known placeholder, too short, one character
    repeated), or None."""
    if key.strip().lower() in KNOWN_WEAK or key.strip().lower().startswith("change-me"):
        return "a placeholder that appears in examples"
    if len(key) < MIN_KEY_LENGTH:
        return f"shorter than {MIN_KEY_LENGTH} characters"
    if len(set(key)) < 8:
        return "made of too few different characters"
    return None


def smtp_servers(text: str) -> dict[str, SmtpServer]:
    """``name=smtp://user:password@host:port?starttls=1, ...`` as servers by name."""
    found: dict[str, SmtpServer] = {}
    for entry in filter(None, (e.strip() for e in text.split(","))):
        name, _, url = entry.partition("=")
        parts = urlsplit(url.strip())
        if not name.strip().isidentifier() or parts.scheme not in ("smtp", "smtps"):
            raise ValueError(f"an SMTP server is name=smtp://host:port, not {entry!r}")
        if not parts.hostname:
            raise ValueError(f"the SMTP server {name.strip()!r} has no host")
        tls = parts.scheme == "smtps"
        found[name.strip()] = SmtpServer(
            parts.hostname, parts.port or (465 if tls else 25),
            unquote(parts.username or ""), unquote(parts.password or ""),
            parse_qs(parts.query).get("starttls", ["0"])[0] in ("1", "true", "yes"), tls,
        )  # fmt: skip
    return found


def to_environ(settings: Settings) -> dict[str, str]:
    """The settings as ``THEPOST_*`` variables, for worker processes started by a server."""
    values = settings.model_dump(exclude_none=True)
    return {f"THEPOST_{k.upper()}": str(v) for k, v in values.items()}


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (CLI flags) on top."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
