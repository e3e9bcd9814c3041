"""Webhooks: the outbox written with the change, Standard Webhooks signatures, retries,
410, SSRF, order per story, the went-live event, and imports telling nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import func, select
from standardwebhooks.webhooks import Webhook

import factories
from conftest import Clock
from thepost.app import build_services, payloads
from thepost.content import actions
from thepost.errors import ValidationError
from thepost.mail.models import OutboxMessage
from thepost.permissions import SYSTEM
from thepost.webhooks import actions as hooks
from thepost.webhooks import sender
from thepost.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from thepost.webhooks.worker import WebhookWorker
from webhooks.receiver import Receiver


@pytest.fixture
def clock() -> Clock:
    """Near the real time: receivers check the signature's timestamp against their own."""
    return Clock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver().start()
    yield found
    found.stop()


def _endpoint(services, url: str, events: list[str] | None = None) -> WebhookEndpoint:
    with services.writes.begin() as session:
        made = hooks.create_endpoint(
            session, actor=SYSTEM, url=url, events=events or [], now=services.clock(),
            allow_private=True,
        )  # fmt: skip
        session.expunge(made)
    return made


def _worker(services) -> WebhookWorker:
    post = partial(sender.post, allow_private=True)
    return WebhookWorker(
        services.writes, post, services.clock, payloads(services).describe, reads=services.reads
    )


def _story(services, **kw) -> int:
    with services.writes.begin() as session:
        return factories.article(services, session, **kw).id


def test_a_published_story_arrives_signed(services, receiver):
    endpoint = _endpoint(services, receiver.url)
    story = _story(services, title="Council approves the budget")
    report = _worker(services).run_once()
    assert report.delivered == 1
    [got] = receiver.received
    payload = Webhook(endpoint.secret).verify(got.body, got.headers)
    assert payload["type"] == "article.published"
    assert (
        payload["data"]["id"] == story and payload["data"]["title"] == "Council approves the budget"
    )
    assert payload["data"]["authors"] == [] and "body_html" in payload["data"]
    assert got.headers["webhook-id"].startswith("msg_")
    assert _worker(services).run_once().claimed == 0  # delivered once


def test_a_rolled_back_write_tells_nothing(services, receiver):
    _endpoint(services, receiver.url)
    with pytest.raises(RuntimeError), services.writes.begin() as session:
        factories.article(services, session)
        raise RuntimeError("the write fails after the event")
    with services.reads() as session:
        assert session.scalar(select(func.count()).select_from(WebhookEvent)) == 0


def test_without_endpoints_nothing_is_written(services):
    _story(services)
    with services.reads() as session:
        assert session.scalar(select(func.count()).select_from(WebhookEvent)) == 0


def test_schedule_reschedule_and_going_live_by_the_schedule(services, receiver, clock):
    _endpoint(services, receiver.url)
    worker = _worker(services)
    worker.run_once()  # the schedule is watched from now on
    story = _story(services, publish=False)
    with services.writes.begin() as session:
        actions.publish_article(
            session, services.bus, story, actor=SYSTEM, now=clock(), at=clock() + timedelta(hours=1)
        )
    with services.writes.begin() as session:
        actions.publish_article(
            session, services.bus, story, actor=SYSTEM, now=clock(), at=clock() + timedelta(hours=2)
        )
    worker.run_once()
    assert receiver.types() == ["article.scheduled", "article.rescheduled"]
    clock.advance(hours=1, minutes=59)
    worker.run_once()
    assert receiver.types() == ["article.scheduled", "article.rescheduled"]
    clock.advance(hours=3)  # the process was down when the time came
    restarted = _worker(services)
    restarted.run_once()
    restarted.run_once()
    _worker(services).run_once()
    assert receiver.types() == ["article.scheduled", "article.rescheduled", "article.went_live"]
    assert receiver.received[-1].payload["data"]["status"] == "published"


def test_failures_are_retried_with_backoff_and_retry_after(services, receiver, clock):
    _endpoint(services, receiver.url)
    receiver.answers = [(500, {}), (503, {"Retry-After": "3600"})]
    _story(services)
    worker = _worker(services)
    assert worker.run_once().retried == 1
    with services.reads() as session:
        due = session.scalar(select(WebhookDelivery.next_attempt_at))
    assert timedelta(seconds=3) < due - clock() < timedelta(seconds=7)
    clock.advance(seconds=10)
    assert worker.run_once().retried == 1
    with services.reads() as session:
        due = session.scalar(select(WebhookDelivery.next_attempt_at))
    assert due - clock() >= timedelta(seconds=3600)
    clock.advance(hours=1, seconds=1)
    assert worker.run_once().delivered == 1
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1


def test_a_410_turns_the_endpoint_off_and_tells_the_admins(services, receiver, staff):
    endpoint = _endpoint(services, receiver.url)
    receiver.answers = [(410, {})]
    _story(services)
    _story(services)
    report = _worker(services).run_once()
    assert report.disabled == [endpoint.id]
    with services.reads() as session:
        found = session.get(WebhookEndpoint, endpoint.id)
        assert not found.enabled and "410" in found.disabled_reason
        mail = session.scalars(select(OutboxMessage)).all()
        assert [m.to_address for m in mail] == [staff.admin.email]
        assert (
            session.scalar(
                select(func.count())
                .select_from(WebhookDelivery)
                .where(WebhookDelivery.status == "pending")
            )
            == 0
        )
    _story(services)
    assert _worker(services).run_once().claimed == 0


def test_one_storys_events_go_out_in_order(services, receiver, clock):
    _endpoint(services, receiver.url)
    receiver.answers = [(500, {})]
    story = _story(services)
    with services.writes.begin() as session:
        actions.unpublish_article(session, services.bus, story, actor=SYSTEM, now=clock())
    other = _story(services)
    worker = _worker(services)
    worker.run_once()  # the publish fails; the unpublish waits behind it; the other goes
    assert [(r.payload["type"], r.payload["data"]["id"]) for r in receiver.received] == [
        ("article.published", story),
        ("article.published", other),
    ]
    clock.advance(seconds=10)
    worker.run_once()
    assert receiver.types()[2:] == ["article.published", "article.unpublished"]


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:9/x", "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/",
     "http://[::1]/", "ftp://example.org/", "http://user:pw@example.org/", "not a url",
     "http://localhost/"],
)  # fmt: skip
def test_private_and_odd_addresses_are_refused(services, url):
    with services.writes.begin() as session, pytest.raises(ValidationError) as refused:
        hooks.create_endpoint(
            session, actor=SYSTEM, url=url, events=[], now=services.clock(), allow_private=False
        )
    assert "url" in refused.value.errors
    answer = sender.post(url, b"{}", {}, allow_private=False)
    assert answer.status == 0 and answer.error


def test_an_import_tells_nothing(services, receiver):
    _endpoint(services, receiver.url)
    with services.bus.inward():
        _story(services)
    assert _worker(services).run_once().claimed == 0


def test_settings_changes_are_debounced(services, receiver, clock):
    _endpoint(services, receiver.url)
    for tagline in ("One", "Two", "Three"):
        with services.writes.begin() as session:
            actions.update_site_settings(session, services.bus, actor=SYSTEM, tagline=tagline)
    assert _worker(services).run_once().claimed == 0
    clock.advance(seconds=11)
    _worker(services).run_once()
    assert receiver.types() == ["settings.changed"]
    assert receiver.received[0].payload["data"]["settings"]["tagline"] == "Three"


def test_replay_and_rotation_sign_with_both_secrets(services, receiver, clock):
    endpoint = _endpoint(services, receiver.url)
    _story(services)
    _worker(services).run_once()
    with services.writes.begin() as session:
        rotated = hooks.rotate_secret(session, endpoint.id, actor=SYSTEM, now=clock())
        new_secret = rotated.secret
        delivery_id = session.scalar(select(WebhookDelivery.id))
        hooks.replay(session, delivery_id, actor=SYSTEM, now=clock())
    _worker(services).run_once()
    first, again = receiver.received
    assert first.headers["webhook-id"] == again.headers["webhook-id"]
    Webhook(endpoint.secret).verify(again.body, again.headers)  # the old secret, still
    Webhook(new_secret).verify(again.body, again.headers)
    assert len(again.headers["webhook-signature"].split()) == 2


def test_services_can_be_rebuilt_and_deliver_what_was_left(settings, clock, receiver):
    first = build_services(settings, clock=clock)
    _endpoint(first, receiver.url)
    _story(first)
    first.engine.dispose()
    second = build_services(settings, clock=clock)  # a restart
    assert _worker(second).run_once().delivered == 1
    second.engine.dispose()
