"""The reader's site and its emails in the site's language, in-process, on SQLite and
PostgreSQL: the pages a reader meets (an article with its comment form, the home page,
search, newsletters, signing in, an error), the form's errors, the emails readers get,
and the stored article pages, rendered again when the language changes."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

import factories as f
from admin.conftest import sign_in, staff  # noqa: F401  (a fixture)
from thepost import i18n
from thepost.content import actions, live
from thepost.content.models import Article
from thepost.mail.models import OutboxMessage
from thepost.newsletters import actions as newsletters
from thepost.newsletters.models import Newsletter
from thepost.permissions import SYSTEM
from thepost.web import newsletter_mail
from thepost.web.site import pages

ARTICLE = "/politics/council-passes-the-budget"
ORIGIN = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}

# What each language says where English says "Leave a Reply", and so on; a page in the
# language shows them all.
ARTICLE_PHRASES = {
    "es": [
        "Deja una respuesta",
        "Tu dirección de correo electrónico no será publicada. Los campos obligatorios están marcados con",
        "También te puede interesar",
        'placeholder="Hola, ¿qué estás buscando?"',
        "Síguenos",
        "Haz clic para comentar",
        "Publicar el comentario",
        "Por Jane Smith",
        "2 comentarios",
    ],
    "ar": [
        "اترك تعليقًا",
        "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ",
        "قد يعجبك أيضًا",
        'placeholder="مرحبًا، عمّ تبحث؟"',
        "تابعونا",
        "انقر للتعليق",
        "أرسل التعليق",
        "بقلم Jane Smith",
        "تعليقان",  # two comments: Arabic's dual
    ],
    "de": [
        "Schreiben Sie einen Kommentar",
        "Ihre E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit",
        "Das könnte Sie auch interessieren",
        'placeholder="Hallo, wonach suchen Sie?"',
        "Folgen Sie uns",
        "2 Kommentare",
    ],
    "fr": [
        "Laisser un commentaire",
        "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec",
        "Vous aimerez aussi",
        'placeholder="Bonjour, que recherchez-vous\u00a0?"',
        "Suivez-nous",
        "2 commentaires",
    ],
}
ENGLISH = [
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked",
    "You May Also Like",
    "Hi, what are you looking for?",
    "Connect with us",
]


@pytest.fixture
def world(services):
    """A section of stories, one with two approved comments, and a newsletter."""
    with services.writes.begin() as session:
        politics = f.section(session, "Politics")
        jane = f.author(session, "Jane Smith")
        lead = f.article(
            services, session, title="Council passes the budget", section=politics,
            authors=[jane], tags=["Budget"], body="The budget vote was close.",
        )  # fmt: skip
        for i in range(3):
            f.article(services, session, title=f"Budget follow-up {i}", section=politics,
                      tags=["Budget"])  # fmt: skip
        f.comment(services, session, lead, name="Ana", body="Good news.")
        f.comment(services, session, lead, name="Ben", body="Agreed.")
        newsletters.save_newsletter(
            session, services.bus, {"name": "The Morning Briefing"}, actor=SYSTEM,
            now=services.clock(),
        )  # fmt: skip
    return lead


def speak(services, language: str) -> None:
    with services.writes.begin() as session:
        actions.update_site_settings(session, services.bus, actor=SYSTEM, language=language)


def words(html: str) -> str:
    """A page's words without its tags, spaces folded (a phrase may span a tag)."""
    return " ".join(re.sub(r"<[^>]*>", "", html).split())


@pytest.mark.parametrize("language", ["es", "ar", "de", "fr"])
def test_the_article_page_speaks_the_site_language(client, services, world, language) -> None:
    english = client.get(ARTICLE).text
    assert all(phrase in english for phrase in ENGLISH)
    speak(services, language)
    page = client.get(ARTICLE)
    assert page.status_code == 200
    html = page.text
    assert f'<html lang="{language}"' in html
    shown = words(html)
    missing = [p for p in ARTICLE_PHRASES[language] if p not in html and p not in shown]
    assert missing == []
    assert not [phrase for phrase in ENGLISH if phrase in html]


def test_spanish_pages(client, services, world) -> None:
    speak(services, "es")
    home = client.get("/").text
    assert "Noticias destacadas" in home and "Lo último" in home and "Síguenos" in home
    assert "Recibe nuestros boletines" in home and "Suscribirme" in home
    assert "Te enviaremos un enlace para confirmar" in home  # the consent, as recorded

    found = words(client.get("/search?q=budget").text)
    assert "Resultados de «budget»" in found and "4 resultados" in found
    assert "Filtros y orden" in found and "Todas las secciones" in found
    nothing = client.get("/search?q=zzzzqqq").text
    assert "Ninguna noticia coincide con tu búsqueda." in nothing

    letters = client.get("/newsletters").text
    assert "<h1>Boletines</h1>" in letters and "Elige los que quieras" in letters

    sign_in = client.get("/account").text
    assert "<h1>Iniciar sesión</h1>" in sign_in and "Envíame un enlace de acceso" in sign_in

    missing = client.get("/politics/no-such-story")
    assert missing.status_code == 404
    assert "Página no encontrada" in missing.text
    assert "no hemos encontrado la página que buscabas" in missing.text
    assert (
        "Ir a la portada" in missing.text
        and 'placeholder="Hola, ¿qué estás buscando?"' in missing.text
    )

    section = client.get("/politics").text
    assert "Por " in section and "No stories" not in section


def test_arabic_pages(client, services, world) -> None:
    speak(services, "ar")
    home = client.get("/").text
    assert "أبرز الأخبار" in home and "تابعونا" in home
    found = words(client.get("/search?q=budget").text)
    assert "نتائج البحث عن «budget»" in found and "4 نتائج" in found
    assert "<h1>النشرات البريدية</h1>" in client.get("/newsletters").text
    assert "<h1>تسجيل الدخول</h1>" in client.get("/account").text
    missing = client.get("/no/such-page")
    assert missing.status_code == 404 and "الصفحة غير موجودة" in missing.text


def test_the_comment_form_comes_back_with_its_errors_in_the_language(
    client, services, clock, world
) -> None:
    speak(services, "es")
    html = client.get(ARTICLE).text
    stamp = re.search(r'name="stamp" value="([^"]+)"', html).group(1)
    clock.advance(seconds=20)
    data = {"author": "", "email": "not an address", "url": "ftp://x", "comment": "Hola.",
            "stamp": stamp, "website_hp": "", "parent_id": ""}  # fmt: skip
    back = client.post(ARTICLE + "/comments", data=data, headers=ORIGIN)
    assert back.status_code == 400
    assert "Tu comentario no se ha publicado" in back.text
    assert 'id="author-error">Escribe tu nombre.</span>' in back.text
    assert (
        'id="email-error">Escribe una dirección de correo electrónico válida.</span>' in back.text
    )
    assert "La web debe ser una dirección que empiece por http:// o https://." in back.text


def test_a_newsletter_sign_up_in_arabic(client, services, world) -> None:
    speak(services, "ar")
    [newsletter_id] = re.findall(
        r'name="newsletter" value="(\d+)"', client.get("/newsletters").text
    )
    refused = client.post(
        "/newsletters/subscribe", data={"email": "nobody", "newsletter": newsletter_id},
        headers=ORIGIN,
    )  # fmt: skip
    assert refused.status_code == 400 and "اكتب عنوانًا واحدًا مثل name@example.org." in refused.text
    signed = client.post(
        "/newsletters/subscribe",
        data={"email": "reader@example.org", "newsletter": newsletter_id},
        headers=ORIGIN,
    )
    assert signed.status_code == 303
    check = client.get(signed.headers["location"]).text
    assert "<h1>تفقّد بريدك الوارد</h1>" in check
    with services.reads() as session:
        [mail] = session.scalars(select(OutboxMessage)).all()
    assert mail.subject == "أكّد اشتراكك في The Post"
    assert "The Morning Briefing" in mail.body and "الرابط صالح لمدة 7 أيام." in mail.body


def test_the_sign_in_email_in_german(client, services, world) -> None:
    speak(services, "de")
    asked = client.post(
        "/account/sign-in", data={"email": "leser@example.org", "next": "/account"},
        headers=ORIGIN,
    )  # fmt: skip
    assert asked.status_code == 303
    with services.reads() as session:
        [mail] = session.scalars(select(OutboxMessage)).all()
    assert mail.subject == "Anmeldung bei The Post"
    assert "Um sich bei The Post anzumelden" in mail.body
    assert "15 Minuten lang" in mail.body
    check = client.get(asked.headers["location"]).text
    assert "Sehen Sie in Ihr Postfach" in check


def test_stored_article_pages_follow_the_language(client, services, world) -> None:
    """The parts stored at publish carry the language in their stamp: a change of it
    shows the page in the new language at once, and ``thepost render`` stores them so."""
    assert "By Jane Smith" in words(client.get(ARTICLE).text)
    speak(services, "fr")
    assert "Par Jane Smith" in words(client.get(ARTICLE).text)
    rendered = pages.refresh_stale(services.writes, services.templates, services.settings.base_url)
    assert rendered >= 4
    shown = words(client.get(ARTICLE).text)
    assert "Par Jane Smith" in shown and "Publié :" in shown and "Laisser un commentaire" in shown


def test_a_held_comment_is_acknowledged_in_the_language(client, services, clock, world) -> None:
    speak(services, "es")
    html = client.get(ARTICLE).text
    stamp = re.search(r'name="stamp" value="([^"]+)"', html).group(1)
    clock.advance(seconds=20)
    data = {"author": "Lucía", "email": "lucia@example.org", "url": "", "stamp": stamp,
            "comment": "Muy buena noticia.", "website_hp": "", "parent_id": ""}  # fmt: skip
    posted = client.post(ARTICLE + "/comments", data=data, headers=ORIGIN)
    assert posted.status_code == 303
    received = client.get(posted.headers["location"].split("#")[0]).text
    assert "<title>Comentario recibido</title>" in received
    assert "Gracias. Hemos recibido tu comentario en" in received
    assert "Volver al artículo" in received
    [mine] = client.get(f"/comments/mine?article={world.id}").json()["comments"]
    assert "Tu comentario está pendiente de moderación." in mine["html"]
    assert 'aria-label="Comentario de Lucía"' in mine["html"]


def test_a_reply_notification_is_asked_for_in_french(client, services, clock, world) -> None:
    speak(services, "fr")
    html = client.get(ARTICLE).text
    stamp = re.search(r'name="stamp" value="([^"]+)"', html).group(1)
    clock.advance(seconds=20)
    data = {"author": "Zoé", "email": "zoe@example.org", "url": "", "stamp": stamp,
            "comment": "Bonne nouvelle.", "website_hp": "", "parent_id": "", "notify": "1"}  # fmt: skip
    assert client.post(ARTICLE + "/comments", data=data, headers=ORIGIN).status_code == 303
    with services.reads() as session:
        [mail] = session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_address == "zoe@example.org")
        ).all()
    # A subject is one line of plain spaces (``notify._one_line``).
    assert mail.subject == "Confirmez les notifications de réponse : Council passes the budget"
    assert mail.body.startswith("Un commentaire sur «\u00a0Council passes the budget\u00a0»")
    assert "Si ce n’était pas vous, ignorez ce message" in mail.body


def test_a_newsletter_issue_in_spanish(services, world) -> None:
    speak(services, "es")
    with services.writes.begin() as session:
        newsletter = session.scalars(select(Newsletter)).one()
        others = session.scalars(select(Article.id).where(Article.id != world.id)).all()
        stories = [world.id, *others]
        issue = newsletters.save_issue(
            session, actor=SYSTEM, newsletter_id=newsletter.id, subject="Hoy",
            note="Buenas tardes.", article_ids=stories[:3], layout="digest", now=services.clock(),
        )  # fmt: skip
        html, plain = newsletter_mail.render(session, services, issue, now=services.clock())
    shown = words(html)
    assert "Leer la noticia" in shown and "Más noticias" in shown
    assert "Recibes The Morning Briefing porque te suscribiste en The Post." in shown
    assert "Elige tus boletines" in shown and "Darse de baja" in shown
    assert "Más noticias\n------------\n" in plain
    assert "Elige tus boletines: https://preferences.newsletter.invalid/" in plain


def test_the_newsroom_chooses_the_language(client, services, staff, world) -> None:  # noqa: F811
    """*Settings* offers the languages the site speaks; a site's other tag stays offered
    (a region of one speaks it, any other English), and is declared as it is."""
    sign_in(client, staff.admin)
    form = client.get("/admin/settings").text
    offered = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', form)
    assert ("es", "Español") in offered and ("ar", "العربية") in offered
    assert [tag for tag, _ in offered if tag in i18n.LANGUAGES] == list(i18n.LANGUAGES)
    assert re.search(r'<option value="en" selected>English</option>', form)

    speak(services, "es-MX")
    assert (
        '<option value="es-MX" selected>es-MX (Español)</option>'
        in client.get("/admin/settings").text
    )
    reader = TestClient(client.app)
    page = reader.get(ARTICLE).text
    assert '<html lang="es-MX"' in page and "Deja una respuesta" in page

    speak(services, "pt-BR")
    assert (
        '<option value="pt-BR" selected>pt-BR (English)</option>'
        in client.get("/admin/settings").text
    )
    page = reader.get(ARTICLE).text
    assert '<html lang="pt-BR"' in page and "Leave a Reply" in page


def test_a_live_blog_in_arabic(client, services, world) -> None:
    """The blog's part is stored with the story and its entries are made by the
    template's macros for the update URL: both speak the site's language."""
    speak(services, "ar")
    with services.writes.begin() as session:
        live.start(session, services.bus, world.id, actor=SYSTEM, now=services.clock())
    ids = []
    for n in range(3):
        services.clock.advance(seconds=1)
        with services.writes.begin() as session:
            ids.append(live.write_entry(
                session, services.bus, services.media_urls, world.id,
                live.EntryInput(body=f"Entry {n}.", headline=f"Headline {n}"),
                actor=SYSTEM, now=services.clock(), post=True,
            ).id)  # fmt: skip
    with services.writes.begin() as session:
        live.mark_entry(session, services.bus, ids[0], actor=SYSTEM, now=services.clock(),
                        key_event=True)  # fmt: skip
    page = words(client.get(ARTICLE).text)
    assert "مباشر" in page and "أبرز الأحداث" in page and "حدث بارز" in page
    assert "3 تحديثات حتى الآن، منذ" in page and "حدّث الصفحة لرؤية الجديد" in page
    changes = client.get(f"/liveblog/{world.id}/updates").json()
    assert "حدث بارز" in " ".join(c["html"] for c in changes["changes"])
    with services.writes.begin() as session:
        live.end(session, services.bus, world.id, actor=SYSTEM, now=services.clock())
    assert "انتهت هذه التغطية المباشرة" in words(client.get(ARTICLE).text)
