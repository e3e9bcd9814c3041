"""WordPress's REST API reads, as its own client sees them: the npm package wpapi
(installed from package-lock.json) runs under Node against a live server."""

from __future__ import annotations

import json
import os
import subprocess

import factories
from api.conftest import Newsroom
from api.test_ghost import ROOT, node  # noqa: F401  (a fixture)
from browser.conftest import serve
from comments.test_durability import _free_port
from thepost.app import build_services
from thepost.content.models import Article

SCRIPT = """
const WPAPI = require('wpapi');
const wp = new WPAPI({endpoint: process.env.URL + '/wp-json'});
(async () => {
  const out = {};
  const posts = await wp.posts().perPage(3).embed();
  out.titles = posts.map(p => p.title.rendered);
  out.paging = {total: posts._paging.total, totalPages: posts._paging.totalPages, next: !!posts._paging.next};
  out.embedded = posts[0]._embedded.author.map(a => a.name);
  out.terms = posts[0]._embedded['wp:term'].map(list => list.map(t => t.slug));
  const next = await posts._paging.next;
  out.second = next.map(p => p.title.rendered);
  out.bySlug = (await wp.posts().slug('story-2')).map(p => p.id);
  const cats = await wp.categories();
  out.categories = cats.map(c => [c.slug, c.count]);
  const sport = cats.find(c => c.slug === 'sport');
  out.inSport = (await wp.posts().categories(sport.id)).map(p => p.title.rendered);
  const tags = await wp.tags();
  const aleppo = tags.find(t => t.slug === 'aleppo');
  out.tagged = (await wp.posts().tags(aleppo.id)).map(p => p.title.rendered);
  out.users = (await wp.users()).map(u => u.slug);
  out.one = (await wp.posts().id(posts[0].id)).slug;
  out.fields = Object.keys((await wp.posts().perPage(1).param('_fields', 'id,link'))[0]).sort();
  out.search = (await wp.search().search('Story 5')).map(r => r.title);
  out.media = (await wp.media()).length;
  try { await wp.posts().perPage(500); out.tooMany = 'ok'; } catch (err) { out.tooMany = err.data ? err.data.status : String(err); }
  try { await wp.posts().id(99999); out.missing = 'found'; } catch (err) { out.missing = err.code; }
  console.log(JSON.stringify(out));
})().catch(err => { console.error(err); process.exit(1); });
"""


def test_wpapi_reads_the_post(settings, services, clock, newsroom: Newsroom, node, tmp_path):  # noqa: F811
    with services.writes.begin() as session:
        picture = factories.image(services, session)
        session.get(Article, newsroom.stories[0].id).featured_image_id = picture.id
    script = tmp_path / "read.js"
    script.write_text(SCRIPT)
    port = _free_port()  # the site's own address, in the Link headers wpapi follows
    site = build_services(
        settings.model_copy(update={"base_url": f"http://127.0.0.1:{port}"}), clock=clock
    )
    with serve(site, port) as url:
        env = {**os.environ, "URL": url, "NODE_PATH": str(ROOT / "node_modules")}
        done = subprocess.run(
            [node, str(script)], env=env, capture_output=True, text=True, timeout=60, check=False
        )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["titles"] == ["Story 1", "Story 2", "Story 3"]
    assert out["paging"] == {"total": 7, "totalPages": 3, "next": True}
    assert out["embedded"] == ["Rana Haddad"]
    assert out["terms"] == [["news"], ["weather"]]
    assert out["second"] == ["Story 4", "Story 5", "Story 6"]
    assert out["bySlug"] == [newsroom.stories[1].id]
    assert ["sport", 3] in out["categories"] and ["news", 4] in out["categories"]
    assert out["inSport"] == ["Story 2", "Story 4", "Story 6"]
    assert out["tagged"] == ["Story 3", "Story 6"]
    assert out["users"] == ["rana-haddad"]
    assert out["one"] == "story-1"
    assert out["fields"] == ["id", "link"]
    assert out["search"][0] == "Story 5"
    assert out["media"] == 1
    assert out["tooMany"] == 400
    assert out["missing"] == "rest_post_invalid_id"
