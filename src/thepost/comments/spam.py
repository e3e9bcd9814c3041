"""A local spam classifier for reader comments: no outside service, no network.

The method is naive Bayes as Paul Graham described it in "A Plan for Spam" (2002), with
Gary Robinson's improvements, as SpamBayes uses them:

1. **Tokens.** :func:`tokens` turns a comment into a set of strings: the lower-cased words
   of the body, plus *signal tokens* for what words miss, each with a prefix that a word
   can never have (words hold no ``:``). ``link:spin-palace.example`` names a linked host,
   ``links:3+`` counts the links, ``url:set`` says the website field was filled in,
   ``caps:high`` that most letters were capitals, ``money:amount`` that it quotes a sum
   of money, and so on (see :data:`SIGNALS`).

2. **Counts.** The ``spam_tokens`` table holds, for every token, the number of spam and
   of legitimate comments it appeared in; the row with token ``""`` holds the number of
   spam and legitimate comments learned. :func:`learn` adds a comment, :func:`unlearn`
   takes it away again, :func:`relearn` moves it to the other side when a moderator
   changes their mind, and :func:`ensure_trained` seeds an empty table from the starter
   corpus in :mod:`thepost.comments.spam_corpus`.

3. **Token probabilities.** For a token seen in ``s`` of ``S`` spam and ``h`` of ``H``
   legitimate comments, ``p = (s/S) / (s/S + h/H)`` (rates, so the two piles need not be
   the same size), and Robinson's ``f = (1 * 0.5 + n * p) / (1 + n)`` with ``n = s + h``:
   a token seen once is only mild evidence, an unseen token is exactly 0.5.

4. **Combining.** The tokens whose ``f`` is at least 0.1 away from 0.5 are the clues (at
   most the 150 strongest). Robinson's Fisher chi-square combining asks how unlikely the
   clues' ``f`` values would be if they were random: ``S = 1 - Q(-2 Σ ln(1-f), 2n)``
   is the evidence for spam, ``H = 1 - Q(-2 Σ ln f, 2n)`` the evidence for ham, and the
   probability is ``(1 + S - H) / 2``. Near 0 is legitimate, near 1 is spam and around
   0.5 means "unsure" (clues on both sides, or none) - which a moderator should look at.

5. **Reasons.** The five clues that pushed hardest towards the verdict are described for
   moderators, for example ``'"casino" seen in 12 spam, 0 legitimate'``.

Example::

    with sessions.begin() as session:
        ensure_trained(session)                  # once; False if already trained
        toks = tokens("Ann", "ann@example.org", "", "The 42 bus no longer stops here.")
        verdict = score(session, toks)           # Verdict(probability=0.05, reasons=(...))
        if verdict.probability >= 0.5:
            ...                                  # hold it for a moderator
        learn(session, toks, spam=False)         # the moderator approved it
        relearn(session, toks, spam=True)        # ... then changed their mind

Keep the tokens a comment was learned with (or recompute them from the same stored
fields): unlearning different tokens than were learned moves the wrong counts.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

from sqlalchemy import Table, case, delete, select, update
from sqlalchemy.orm import Session

from thepost.comments.models import SpamToken

__all__ = [
    "SIGNALS",
    "Verdict",
    "ensure_trained",
    "learn",
    "relearn",
    "score",
    "tokens",
    "unlearn",
]

# Robinson's f(w): strength of the prior (s) and its value (x).
PRIOR_STRENGTH = 1.0
PRIOR = 0.5
# Tokens closer to 0.5 than this are ignored; at most this many of the rest are combined.
MIN_DEVIATION = 0.1
MAX_CLUES = 150
MAX_REASONS = 5
# Distinct words and linked hosts kept per comment (the first ones seen). They bound the
# work and the size of the one IN (...) query, even for a 65,000-character body.
MAX_WORDS = 1000
MAX_HOSTS = 20
TOKEN_LENGTH = 120  # SpamToken.token is String(120)
TOTALS = ""

# The signal tokens, by prefix (words never contain ":" or "-", so none can clash).
SIGNALS = {
    "link:": "link:<host> for each distinct host linked from the body",
    "link-tld:": "link-tld:<ending> of each linked host (com, gov.uk, xyz)",
    "links:": "links:0, links:1, links:2 or links:3+, how many links the body has",
    "url:": "url:none or url:set (the website field), url:<host>, url:path (not the home page)",
    "url-tld:": "url-tld:<ending> of the website field's host",
    "email:": "email:<domain>, email:digits (three or more in the name part), email:invalid",
    "name-word:": "name-word:<word> for each word of the name",
    "name:": "name:has-link, name:long (over 30 characters or 4 words), name:digits",
    "len:": "len:0, len:<40, len:<150, len:<500, len:<1500, len:<5000, len:5000+",
    "caps:": "caps:high (most letters upper case), caps:some (three or more SHOUTED words)",
    "repeat:": "repeat:high, a character six times running or one word over and over",
    "money:": "money:amount ($50, 300 dollars), money:per-period ($500 a day)",
    "percent:": "percent:big, a percentage of 100 or more",
    "phone:": "phone:number, ten or more digits written as a telephone number",
    "contact:": "contact:email, an email address in the body",
    "markup:": "markup:html or markup:bbcode, links written as HTML or forum code",
    "style:": "style:fancy-letters, letters from mathematical or full-width alphabets",
    "invisible:": "invisible:chars, zero-width characters hidden in the text",
    "exclaim:": "exclaim:many, three or more exclamation marks",
}


@dataclass(frozen=True)
class Verdict:
    """``probability`` of spam from 0.0 to 1.0 (0.5 when the classifier cannot tell);
    ``reasons``, at most five lines for moderators on what pushed it there."""

    probability: float
    reasons: tuple[str, ...] = ()


# --- tokens ---------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
_BARE_DOMAIN = re.compile(
    r"(?<![@.\w-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?:com|net|org|biz|info|xyz|top|online|site|shop|store|club|live|click|link|io|ru|cn|"
    r"co|uk|us|me|cc|tk|ws|pw|vip|win|bet|casino|loan|app)\b",
    re.IGNORECASE,
)
_DOMAIN = re.compile(r"[\w.-]{1,100}")
_EMAIL_IN_TEXT = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_REPEATED_CHAR = re.compile(r"(\S)\1{5,}")
_MONEY = re.compile(
    r"[$€£¥₹₿]\s?\d[\d,.]*(?:\s?(?:k|m|bn|million|billion)\b)?"
    r"|(?<![\w,.])\d[\d,.]*\s?(?:usd|eur|gbp|dollars?|euros?|pounds?|bucks|btc|usdt|bitcoin)\b",
    re.IGNORECASE,
)
_PER_PERIOD = re.compile(
    r"(?:[$€£¥₹₿]\s?\d[\d,.]*|(?<![\w,.])\d[\d,.]*\s?(?:usd|eur|gbp|dollars?|euros?|pounds?|bucks))"
    # "k" and its spaces in one optional group: "\s*(?:k\b)?\s*" splits a run of spaces
    # between two \s* in every way, quadratic in the run's length.
    r"\s*(?:k\b\s*)?(?:a|an|per|each|every|/)\s*(?:day|week|month|hour|daily|weekly)",
    re.IGNORECASE,
)
_BIG_PERCENT = re.compile(r"\b[1-9]\d{2,}(?:[.,]\d+)?\s?%")
_PHONE = re.compile(r"(?<![\w/=.-])\+?\(?\d(?:[\s().-]{0,2}\d){9,13}(?![\w/-])")
_HTML_LINK = re.compile(r"<a\s[^<>]{0,200}href|\[url[=\]]|\[link[=\]]", re.IGNORECASE)
_SHOUTED = re.compile(r"\b[A-Z]{4,}\b")
# Zero-width and other invisible characters spammers put inside words.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060-\u2064\ufeff\u180e]")
_FANCY = re.compile("[\U0001d400-\U0001d7ff\uff01-\uff5e\U0001f130-\U0001f189]")
_LENGTH_BUCKETS = (
    (1, "0"),
    (40, "<40"),
    (150, "<150"),
    (500, "<500"),
    (1500, "<1500"),
    (5000, "<5000"),
)


def tokens(name: str, email: str, url: str, body: str) -> list[str]:
    """The comment's distinct tokens in a fixed order: lower-cased body words (letters
    and digits, 2-30 characters), words of linked host names, then signal tokens, each
    with a ``prefix:`` from :data:`SIGNALS`. Deterministic; never raises on odd text."""
    signals: list[str] = []
    text = _INVISIBLE.sub("", body)
    if len(text) != len(body):
        signals.append("invisible:chars")
    if _FANCY.search(text):
        signals.append("style:fancy-letters")
    # NFKC folds full-width and mathematical letters (𝐟𝐫𝐞𝐞, ｆｒｅｅ) back to plain ones.
    text = unicodedata.normalize("NFKC", text)

    hosts: list[str] = []

    def take_link(match: re.Match[str]) -> str:
        raw = match.group(0)
        host = _host(raw if "://" in raw else f"http://{raw}")
        if host:
            hosts.append(host)
        # Keep the path's words ("/buy-cheap-pills"), drop the scheme and host.
        rest = raw.split("://", 1)[-1]
        return " " + (rest.split("/", 1)[1] if "/" in rest else "") + " "

    text = _URL.sub(take_link, text)
    for match in _BARE_DOMAIN.finditer(text):
        host = _host(f"http://{match.group(0)}")
        if host:
            hosts.append(host)

    counts = Counter(w.lower() for w in _WORD.findall(text))
    words = [w for w in counts if 2 <= len(w) <= 30]
    for host in _distinct(hosts, MAX_HOSTS):
        words.extend(w for w in _WORD.findall(_host_name(host)) if 2 <= len(w) <= 30)

    signals.extend(_link_signals(hosts))
    signals.extend(_website_signals(url))
    signals.extend(_email_signals(email))
    signals.extend(_name_signals(name))
    signals.extend(_text_signals(body, text, counts))
    return _distinct(words, MAX_WORDS) + _distinct(signals, None)


def _distinct(items: Iterable[str], limit: int | None) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item[:TOKEN_LENGTH], None)
        if limit is not None and len(seen) >= limit:
            break
    return list(seen)


def _host(url: str) -> str:
    """The lower-case host of a URL without ``www.``, or ``""`` if there is none."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    host = host.strip(".")
    host = host[4:] if host.startswith("www.") else host
    # A dot keeps hosts apart from the fixed signals (url:set, email:invalid).
    return host if "." in host and _DOMAIN.fullmatch(host) else ""


def _tld(host: str) -> str:
    """The domain ending: ``com``, or two labels for ``gov.uk``-style endings."""
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2:
        return ".".join(labels[-2:])
    return labels[-1]


def _host_name(host: str) -> str:
    """The host without its ending: ``spin-palace`` for ``spin-palace.co.uk``."""
    labels = host.split(".")
    return ".".join(labels[: len(labels) - len(_tld(host).split("."))])


def _link_signals(hosts: list[str]) -> list[str]:
    count = len(hosts)
    out = [f"links:{count if count < 3 else '3+'}"]
    for host in _distinct(hosts, MAX_HOSTS):
        out += [f"link:{host}", f"link-tld:{_tld(host)}"]
    return out


def _website_signals(url: str) -> list[str]:
    url = url.strip()
    if not url:
        return ["url:none"]
    out = ["url:set"]
    host = _host(url if "://" in url else f"http://{url}")
    if host:
        out += [f"url:{host}", f"url-tld:{_tld(host)}"]
        try:
            path = urlsplit(url).path
        except ValueError:
            path = ""
        if path.strip("/"):
            out.append("url:path")
    return out


def _email_signals(email: str) -> list[str]:
    local, at, domain = email.strip().lower().rpartition("@")
    domain = domain.strip(".")
    if not at or not local or "." not in domain or not _DOMAIN.fullmatch(domain):
        return ["email:invalid"]
    out = [f"email:{domain}"]
    if sum(c.isdigit() for c in local) >= 3:
        out.append("email:digits")
    return out


def _name_signals(name: str) -> list[str]:
    name = unicodedata.normalize("NFKC", _INVISIBLE.sub("", name)).strip()
    out = [f"name-word:{w.lower()}" for w in _WORD.findall(name) if 2 <= len(w) <= 30]
    if _URL.search(name) or _BARE_DOMAIN.search(name):
        out.append("name:has-link")
    if len(name) > 30 or len(name.split()) > 4:
        out.append("name:long")
    if any(c.isdigit() for c in name):
        out.append("name:digits")
    return out


def _text_signals(body: str, text: str, counts: Counter[str]) -> list[str]:
    out = [f"len:{next((label for top, label in _LENGTH_BUCKETS if len(body) < top), '5000+')}"]
    upper = lower = 0
    for char in text:
        if char.isupper():
            upper += 1
        elif char.islower():
            lower += 1
    if upper + lower >= 12 and upper > lower:
        out.append("caps:high")
    elif len(_SHOUTED.findall(text)) >= 3:
        out.append("caps:some")
    total = sum(counts.values())
    top = max((n for w, n in counts.items() if len(w) >= 4), default=0)
    if _REPEATED_CHAR.search(text) or (top >= 4 and top >= 0.15 * total):
        out.append("repeat:high")
    if _MONEY.search(text):
        out.append("money:amount")
    if _PER_PERIOD.search(text):
        out.append("money:per-period")
    if _BIG_PERCENT.search(text):
        out.append("percent:big")
    if _PHONE.search(text):
        out.append("phone:number")
    if _EMAIL_IN_TEXT.search(text):
        out.append("contact:email")
    markup = _HTML_LINK.search(text)
    if markup:
        out.append("markup:html" if markup.group(0).startswith("<") else "markup:bbcode")
    if text.count("!") >= 3:
        out.append("exclaim:many")
    return out


# --- scoring --------------------------------------------------------------------------


def score(session: Session, toks: Sequence[str]) -> Verdict:
    """How likely the comment with these tokens is spam, with the reasons. One query.
    An untrained classifier (no spam or no legitimate comments learned) says 0.5."""
    wanted = _distinct(toks, None)
    rows = session.execute(
        select(SpamToken.token, SpamToken.spam, SpamToken.ham).where(
            SpamToken.token.in_(wanted + [TOTALS])
        )
    ).all()
    counts = {token: (spam, ham) for token, spam, ham in rows}
    spam_docs, ham_docs = counts.pop(TOTALS, (0, 0))
    if spam_docs <= 0 or ham_docs <= 0:
        return Verdict(0.5)

    clues: list[tuple[float, str, int, int]] = []
    for token in wanted:
        spam, ham = counts.get(token, (0, 0))
        f = _token_probability(spam, ham, spam_docs, ham_docs)
        if abs(f - 0.5) >= MIN_DEVIATION:
            clues.append((f, token, spam, ham))
    clues.sort(key=lambda c: (-abs(c[0] - 0.5), c[1]))
    clues = clues[:MAX_CLUES]
    if not clues:
        return Verdict(0.5)

    probability = _chi2_combine([c[0] for c in clues])
    spammy = probability >= 0.5
    pushing = [c for c in clues if (c[0] > 0.5) == spammy][:MAX_REASONS]
    reasons = tuple(
        f"{_describe(token)} seen in {spam} spam, {ham} legitimate"
        for _, token, spam, ham in pushing
    )
    return Verdict(probability, reasons)


def _token_probability(spam: int, ham: int, spam_docs: int, ham_docs: int) -> float:
    """Robinson's f(w) with s = 1 and x = 0.5."""
    spam, ham = max(spam, 0), max(ham, 0)
    spam_rate = min(1.0, spam / spam_docs)
    ham_rate = min(1.0, ham / ham_docs)
    if spam_rate + ham_rate == 0:
        return PRIOR
    p = spam_rate / (spam_rate + ham_rate)
    n = spam + ham
    return (PRIOR_STRENGTH * PRIOR + n * p) / (PRIOR_STRENGTH + n)


def _chi2_combine(probabilities: Sequence[float]) -> float:
    """Robinson's Fisher chi-square combining, as in SpamBayes."""
    n = len(probabilities)
    # f is strictly inside (0, 1) by construction; the clamp only guards rounding.
    spam_logs = sum(math.log(max(1.0 - f, 1e-300)) for f in probabilities)
    ham_logs = sum(math.log(max(f, 1e-300)) for f in probabilities)
    spam_evidence = 1.0 - _chi2_q(-2.0 * spam_logs, 2 * n)
    ham_evidence = 1.0 - _chi2_q(-2.0 * ham_logs, 2 * n)
    return (1.0 + spam_evidence - ham_evidence) / 2.0


def _chi2_q(x2: float, v: int) -> float:
    """P(chi-square with v (even) degrees of freedom >= x2)."""
    m = x2 / 2.0
    term = total = math.exp(-m)
    for i in range(1, v // 2):
        term *= m / i
        total += term
    return min(total, 1.0)


_DESCRIPTIONS = {
    "links:0": "no links",
    "links:1": "one link",
    "links:2": "two links",
    "links:3+": "three or more links",
    "url:set": "the website field filled in",
    "url:none": "the website field left empty",
    "url:path": "a website pointing below its home page",
    "email:invalid": "an odd email address",
    "email:digits": "an email address with several digits",
    "name:has-link": "a web address in the name",
    "name:long": "a long name",
    "name:digits": "digits in the name",
    "caps:high": "mostly capital letters",
    "caps:some": "several shouted words",
    "repeat:high": "heavily repeated characters or words",
    "money:amount": "a sum of money",
    "money:per-period": "money per day, week or month",
    "percent:big": "a percentage of 100 or more",
    "phone:number": "a phone number",
    "contact:email": "an email address in the text",
    "markup:html": "an HTML link",
    "markup:bbcode": "a forum-code link",
    "style:fancy-letters": "fancy look-alike letters",
    "invisible:chars": "invisible characters",
    "exclaim:many": "many exclamation marks",
}
_PREFIX_DESCRIPTIONS = (
    ("link-tld:", "a link ending in .{}"),
    ("link:", "a link to {}"),
    ("url-tld:", "a website ending in .{}"),
    ("url:", "the website {}"),
    ("email:", "an email address at {}"),
    ("name-word:", 'the name word "{}"'),
    ("len:", "a body length of {} characters"),
)


def _describe(token: str) -> str:
    if token in _DESCRIPTIONS:
        return _DESCRIPTIONS[token]
    for prefix, template in _PREFIX_DESCRIPTIONS:
        if token.startswith(prefix):
            return template.format(token[len(prefix) :])
    return f'"{token}"'


# --- learning -------------------------------------------------------------------------


def learn(session: Session, toks: Sequence[str], *, spam: bool, weight: int = 1) -> None:
    """Count one comment (``weight`` times) as spam or as legitimate."""
    if weight < 1:
        raise ValueError("weight must be at least 1")
    column = "spam" if spam else "ham"
    deltas = {token: {column: weight} for token in _distinct(toks, None) if token != TOTALS}
    deltas[TOTALS] = {column: weight}
    _add(session, deltas)


def unlearn(session: Session, toks: Sequence[str], *, spam: bool, weight: int = 1) -> None:
    """Take back an earlier :func:`learn` with the same tokens, side and weight. Counts
    never go below zero; token rows left at zero are removed."""
    if weight < 1:
        raise ValueError("weight must be at least 1")
    table = _table()
    column = table.c.spam if spam else table.c.ham
    wanted = [token for token in _distinct(toks, None) if token != TOTALS]
    session.execute(
        update(table)
        .where(table.c.token.in_(wanted + [TOTALS]))
        .values({column: case((column > weight, column - weight), else_=0)})
    )
    if wanted:
        session.execute(
            delete(table).where(table.c.token.in_(wanted), table.c.spam == 0, table.c.ham == 0)
        )


def relearn(session: Session, toks: Sequence[str], *, spam: bool, weight: int = 1) -> None:
    """A moderator flipped the decision: the comment learned as the other side is now
    ``spam`` (True) or legitimate (False)."""
    unlearn(session, toks, spam=not spam, weight=weight)
    learn(session, toks, spam=spam, weight=weight)


def ensure_trained(session: Session) -> bool:
    """Train from the starter corpus if nothing was learned yet. True if it trained.

    Safe to call from several processes: the totals row is created first and locked
    (on PostgreSQL; SQLite has one writer at a time anyway), so only one trains."""
    from thepost.comments import spam_corpus

    table = _table()
    session.execute(
        _insert(session, table)
        .values(token=TOTALS, spam=0, ham=0)
        .on_conflict_do_nothing(index_elements=[table.c.token])
    )
    spam_docs, ham_docs = session.execute(
        select(table.c.spam, table.c.ham).where(table.c.token == TOTALS).with_for_update()
    ).one()
    if spam_docs or ham_docs:
        return False
    deltas: dict[str, dict[str, int]] = {}
    for column, comments in (("spam", spam_corpus.SPAM), ("ham", spam_corpus.HAM)):
        for comment in comments:
            toks = tokens(comment["name"], comment["email"], comment["url"], comment["body"])
            for token in [*toks, TOTALS]:
                counts = deltas.setdefault(token, {})
                counts[column] = counts.get(column, 0) + 1
    _add(session, deltas)
    return True


def _table() -> Table:
    return cast(Table, SpamToken.__table__)


def _insert(session: Session, table: Table) -> Any:
    """The dialect's INSERT, which has ``on_conflict_do_update`` on both backends."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)
    raise NotImplementedError(f"spam counts need SQLite or PostgreSQL, not {dialect}")


def _add(session: Session, deltas: dict[str, dict[str, int]]) -> None:
    """Add counts with one atomic upsert (sorted, so concurrent writers cannot deadlock)."""
    table = _table()
    stmt = _insert(session, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.token],
        set_={
            "spam": table.c.spam + stmt.excluded.spam,
            "ham": table.c.ham + stmt.excluded.ham,
        },
    )
    rows = [
        {"token": token, "spam": counts.get("spam", 0), "ham": counts.get("ham", 0)}
        for token, counts in sorted(deltas.items())
    ]
    session.execute(stmt, rows)
