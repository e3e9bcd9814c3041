"""Webhooks in the newsroom: an endpoint made (its secret shown), its log with each
attempt, a replay, a rotation; a wrong form comes back with the errors beside the fields."""

from __future__ import annotations

import re
from functools import partial

from admin.conftest import sign_in
from thepost.app import payloads
from thepost.web import urls
from thepost.webhooks import sender
from thepost.webhooks.worker import WebhookWorker

ORIGIN = {"Origin": "http://testserver"}


def test_an_endpoint_is_made_logged_and_replayed(client, services, staff):
    from webhooks.receiver import Receiver

    receiver = Receiver().start()
    receiver.answers = [(500, {})]
    try:
        csrf = sign_in(client, staff.admin)
        # Loopback is refused on this site (private addresses are not allowed).
        refused = client.post(
            urls.admin_webhooks(),
            data={"url": receiver.url, "description": "Kept", "csrf_token": csrf},
            headers=ORIGIN,
        )
        assert refused.status_code == 400
        assert "private or local address" in refused.text and 'value="Kept"' in refused.text
        services.settings = services.settings.model_copy(update={"webhooks_allow_private": True})
        made = client.post(
            urls.admin_webhooks(),
            data={"url": receiver.url, "events": ["tag.changed"], "csrf_token": csrf},
            headers=ORIGIN,
        )
        assert made.status_code == 303
        page_url = made.headers["location"].split("?")[0]
        page = client.get(made.headers["location"]).text
        assert "whsec_" in page and "copy its secret" in page
        tag = client.post(
            "/admin/tags/new", data={"name": "Floods", "csrf_token": csrf}, headers=ORIGIN
        )
        assert tag.status_code == 303
        worker = WebhookWorker(
            services.writes, partial(sender.post, allow_private=True), services.clock,
            payloads(services).describe,
        )  # fmt: skip
        worker.run_once()
        log = client.get(page_url).text
        assert "tag.changed" in log and "<strong>500</strong>" in log
        replay = re.search(r"/admin/webhooks/\d+/deliveries/\d+/replay", log).group(0)
        assert client.post(replay, data={"csrf_token": csrf}, headers=ORIGIN).status_code == 303
        worker.run_once()
        assert len(receiver.received) == 2
        assert "<strong>200</strong>" in client.get(page_url).text
        rotated = client.post(page_url + "/rotate", data={"csrf_token": csrf}, headers=ORIGIN)
        assert rotated.status_code == 303
        assert "signs too until" in client.get(page_url).text
    finally:
        receiver.stop()


def test_only_admins_manage_webhooks(client, staff):
    sign_in(client, staff.editor)
    assert client.get(urls.admin_webhooks()).status_code == 403
