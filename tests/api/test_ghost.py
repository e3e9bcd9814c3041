"""Ghost's Content API, as its own client sees it: the npm package @tryghost/content-api
(installed from package-lock.json) runs under Node against a live server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from api.conftest import Newsroom, make_token
from browser.conftest import serve
from thepost.accounts import tokens
from thepost.content import models
from thepost.content.text import html_to_text

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
const GhostContentAPI = require('@tryghost/content-api');
const api = new GhostContentAPI({url: process.env.URL, key: process.env.KEY, version: 'v5.0'});
(async () => {
  const out = {};
  const posts = await api.posts.browse({limit: 3, include: 'tags,authors'});
  out.titles = posts.map(p => p.title);
  out.meta = posts.meta;
  out.primaryTag = posts[0].primary_tag.slug;
  out.authors = posts[0].authors.map(a => a.name);
  out.filtered = (await api.posts.browse({filter: 'tag:aleppo', limit: 'all'})).map(p => p.title);
  out.bySection = (await api.posts.browse({filter: 'primary_tag:sport+published_at:<2100-01-01', fields: 'title,url'})).map(p => Object.keys(p).sort().join(','));
  const one = await api.posts.read({slug: process.env.SLUG}, {formats: ['html', 'plaintext']});
  out.one = {title: one.title, html: one.html.startsWith('<p>'), plaintext: typeof one.plaintext};
  out.byId = (await api.posts.read({id: one.id})).slug;
  const tags = await api.tags.browse({limit: 'all', include: 'count.posts'});
  out.tags = tags.map(t => [t.slug, t.count.posts]);
  out.authorsList = (await api.authors.browse()).map(a => a.slug);
  out.settings = (await api.settings.browse()).title;
  out.pages = (await api.pages.browse()).length;
  try { await api.posts.read({slug: 'no-such-story'}); out.missing = 'found'; }
  catch (err) { out.missing = err.name + ': ' + err.message; }
  try { await api.posts.browse({filter: 'visibility:paid+custom:1'}); out.unsupported = 'ok'; }
  catch (err) { out.unsupported = err.message; }
  console.log(JSON.stringify(out));
})().catch(err => { console.error(err); process.exit(1); });
"""


@pytest.fixture
def node() -> str:
    found = shutil.which("node")
    if found is None or not (ROOT / "node_modules" / "@tryghost" / "content-api").exists():
        pytest.fail("node and the npm packages are installed by `make test` (package-lock.json)")
    return found


def test_the_ghost_client_reads_the_post(services, staff, newsroom: Newsroom, node, tmp_path):
    key = make_token(services, staff.admin, kind=tokens.CONTENT)
    script = tmp_path / "read.js"
    script.write_text(SCRIPT)
    with serve(services) as url:
        env = {**os.environ, "URL": url, "KEY": key, "SLUG": "story-1",
               "NODE_PATH": str(ROOT / "node_modules")}  # fmt: skip
        done = subprocess.run(
            [node, str(script)], env=env, capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout)
        wrong = subprocess.run(
            [node, str(script)], env={**env, "KEY": "0" * 26}, capture_output=True, text=True,
            timeout=60, check=False,
        )  # fmt: skip
    assert out["titles"] == ["Story 1", "Story 2", "Story 3"]
    assert out["meta"]["pagination"] == {
        "page": 1, "limit": 3, "pages": 3, "total": 7, "next": 2, "prev": None
    }  # fmt: skip
    assert out["primaryTag"] == "news" and out["authors"] == ["Rana Haddad"]
    assert out["filtered"] == ["Story 3", "Story 6"]
    assert out["bySection"] == ["title,url"] * 3
    assert out["one"] == {"title": "Story 1", "html": True, "plaintext": "string"}
    assert out["byId"] == "story-1"
    assert ["aleppo", 2] in out["tags"] and ["sport", 3] in out["tags"]
    assert out["authorsList"] == ["rana-haddad"]
    assert out["settings"] == "The Post"
    assert out["missing"].endswith("Post not found.")
    assert "not supported" in out["unsupported"]
    assert wrong.returncode != 0 and "Unknown Content API Key" in wrong.stderr


def test_plaintext_is_the_text_of_the_html_made_only_when_asked_for(
    client, services, staff, newsroom: Newsroom, monkeypatch
) -> None:
    key = make_token(services, staff.admin, kind=tokens.CONTENT)
    made: list[str] = []
    monkeypatch.setattr(
        models, "html_to_text", lambda html: made.append(html) or html_to_text(html)
    )
    listed = f"/ghost/api/content/posts/?key={key}&limit=all"
    bare = client.get(listed).json()["posts"]
    assert len(bare) == 7 and all("plaintext" not in p for p in bare) and made == []
    both = client.get(listed + "&formats=html,plaintext").json()["posts"]
    assert [p["plaintext"] for p in both] == [html_to_text(p["html"]) for p in both]
    assert both[0]["plaintext"] == "A first paragraph. A second paragraph." and len(made) == 7
