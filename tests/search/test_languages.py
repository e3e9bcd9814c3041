"""Search in each story's language, on SQLite and PostgreSQL: a Spanish site, a German
site, an English site with Spanish translations, and a site whose language changes.

Inflected forms find each other where the language's Snowball stemmer conflates them
("elección" / "elecciones", "Wahl" / "Wahlen", "Haus" / "Häuser"), stop words are left
out of what the reader asked for, accents are folded, snippets show the words as
written, and a search in one language never finds the stories in another.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import text

import factories as f
from search.steps import found, publish, run
from thepost.content import actions, page_actions
from thepost.db.migrate import alembic_config, upgrade
from thepost.permissions import SYSTEM
from thepost.search import pages as search_pages
from thepost.search import state
from thepost.search.backends.base import MARK_END, MARK_START
from thepost.search.query import parse

SPANISH = [
    # key, section, title, standfirst, body
    ("eleccion-alcalde", "Política",
     "La elección del alcalde de Sevilla se decidirá en una segunda vuelta",
     "Ningún candidato superó la mitad de los votos el domingo.",
     "La junta electoral confirmó el recuento el lunes por la noche. La elección enfrenta "
     "ahora a la candidata socialista con el aspirante conservador, que quedó a tres "
     "puntos de distancia."),
    ("elecciones-autonomicas", "Política",
     "Las elecciones autonómicas se celebrarán el 12 de mayo",
     "El presidente regional firmó el decreto de convocatoria tras meses de rumores.",
     "Los partidos tienen quince días para presentar sus listas. Las encuestas anticipan "
     "un parlamento fragmentado y largas negociaciones después de las elecciones."),
    ("eleccion-rectora", "Sociedad",
     "Una catedrática de física gana la elección a rectora de la universidad",
     "Es la primera mujer al frente de la institución en cuatro siglos de historia.",
     "La nueva rectora obtuvo el apoyo del sesenta por ciento del claustro y prometió "
     "reducir las tasas de matrícula y contratar a más profesores jóvenes."),
    ("elecciones-sindicales", "Economía",
     "Participación récord en las elecciones sindicales del metal",
     "Siete de cada diez trabajadores acudieron a las urnas en las fábricas de la comarca.",
     "Los dos grandes sindicatos mantienen la mayoría en el comité, aunque una "
     "candidatura independiente logró por primera vez tres delegados."),
    ("incendio-avila", "Sucesos",
     "Un incendio forestal obliga a desalojar dos pueblos en Ávila",
     "Los bomberos trabajan desde la madrugada con el apoyo de seis hidroaviones.",
     "El fuego, que comenzó junto a una carretera comarcal, ha quemado ya más de "
     "ochocientas hectáreas de pinar. La Guardia Civil investiga si fue provocado."),
    ("incendios-verano", "Sucesos",
     "Los incendios de este verano duplican la superficie quemada del año pasado",
     "La sequía y las olas de calor explican el balance, según los técnicos forestales.",
     "Galicia, Castilla y León y Extremadura concentran la mayor parte de los daños. El "
     "ministerio reclama más brigadas durante todo el año y no solo en los meses de calor."),
    ("viviendas-alquiler", "Economía",
     "El Gobierno construirá veinte mil viviendas de alquiler asequible",
     "Los pisos se levantarán en suelo público cedido por los ayuntamientos.",
     "Las primeras promociones estarán en Madrid, Barcelona y Málaga. Los inquilinos no "
     "pagarán más del treinta por ciento de sus ingresos."),
    ("vivienda-precio", "Economía",
     "El precio de la vivienda usada sube un nueve por ciento en un año",
     "Comprar un piso de segunda mano nunca había sido tan caro en la capital.",
     "Los tasadores atribuyen la subida a la falta de oferta nueva y a la llegada de "
     "inversores extranjeros a los barrios céntricos."),
    ("presupuestos-pleno", "Política",
     "El pleno aprueba los presupuestos municipales con el voto en contra de la oposición",
     "Las cuentas destinan un tercio del gasto a transporte público y limpieza.",
     "El concejal de Hacienda defendió que la deuda bajará por tercer año consecutivo, "
     "mientras la oposición denunció recortes en los centros de mayores."),
    ("lluvias-valencia", "Sociedad",
     "Las lluvias torrenciales inundan el centro de Valencia",
     "Los servicios de emergencia atendieron más de trescientas llamadas en una tarde.",
     "Varias calles quedaron cortadas al tráfico y el metro suspendió el servicio en dos "
     "líneas. No hay que lamentar daños personales."),
    ("hospital-urgencias", "Sanidad",
     "El nuevo hospital comarcal abrirá sus urgencias en otoño",
     "Atenderá a más de cien mil vecinos que hoy recorren cuarenta kilómetros.",
     "La consejería de Salud ha contratado a doscientos profesionales, entre médicos, "
     "enfermeras y técnicos, para poner en marcha el centro."),
    ("betis-europa", "Deportes",
     "El Betis remonta en el último minuto y se acerca a Europa",
     "Un cabezazo del central en el descuento dio la victoria al equipo verdiblanco.",
     "El Villamarín celebró un triunfo que deja al Betis a dos puntos de la quinta plaza "
     "con cuatro jornadas por delante."),
    ("prado-goya", "Cultura",
     "El Museo del Prado recupera un retrato perdido de Goya",
     "La obra estuvo un siglo en una colección privada de Burdeos.",
     "Los restauradores confirmaron la autoría tras analizar los pigmentos y la firma. "
     "El cuadro se expondrá al público a partir de marzo."),
    ("huelga-trenes", "Economía",
     "La huelga de maquinistas deja sin trenes a miles de viajeros",
     "Renfe mantiene los servicios mínimos pero cancela la mitad de los cercanías.",
     "El sindicato reclama más contrataciones y denuncia la falta de personal en las "
     "líneas de media distancia."),
    ("banco-espana", "Economía",
     "El Banco de España rebaja la previsión de crecimiento",
     "La economía crecerá un dos por ciento este año, tres décimas menos de lo previsto.",
     "El organismo advierte de que la inflación seguirá por encima del objetivo hasta el "
     "verano y pide prudencia a los bancos."),
]  # fmt: skip

GERMAN = [
    ("wahl-freiburg", "Politik",
     "Knappe Wahl: Freiburg hat einen neuen Oberbürgermeister",
     "Der Kandidat der Grünen setzte sich mit 51 Prozent durch.",
     "Die Wahlbeteiligung lag bei knapp sechzig Prozent. Der unterlegene Amtsinhaber "
     "gratulierte noch am Abend und kündigte eine geordnete Übergabe an."),
    ("wahlen-sachsen", "Politik",
     "Vor den Wahlen in Sachsen wirbt die Regierung um Vertrauen",
     "Umfragen sehen drei Parteien nahezu gleichauf.",
     "Der Ministerpräsident will im Wahlkampf vor allem über Schulen und Krankenhäuser "
     "sprechen. Die Opposition wirft ihm vor, die Wahlen zur Abstimmung über den Bund zu "
     "machen."),
    ("haus-altstadt", "Lokales",
     "Brand zerstört ein Haus in der Altstadt",
     "Die Feuerwehr rettete sechs Bewohner über die Drehleiter.",
     "Das Feuer brach nach ersten Erkenntnissen im Dachstuhl aus. Das Haus ist nicht "
     "mehr bewohnbar, die Polizei ermittelt zur Ursache."),
    ("haeuser-leipzig", "Wirtschaft",
     "In Leipzig entstehen 400 neue Häuser am Stadtrand",
     "Die Stadt verkauft dafür eine ehemalige Kaserne an eine Genossenschaft.",
     "Die Häuser sollen bis 2028 fertig sein. Ein Drittel der Wohnungen wird gefördert "
     "und an Familien mit mittlerem Einkommen vermietet."),
    ("bahn-streik", "Wirtschaft",
     "Streik der Lokführer legt den Fernverkehr lahm",
     "Die Bahn bietet einen Notfahrplan an und rät von Reisen ab.",
     "Die Gewerkschaft fordert kürzere Schichten und mehr Geld. Pendler müssen sich auch "
     "im Regionalverkehr auf Ausfälle einstellen."),
    ("hochwasser-elbe", "Lokales",
     "Hochwasser an der Elbe: Pegel steigt weiter",
     "In Dresden wurden Sandsäcke an die Anwohner verteilt.",
     "Der Höchststand wird für Donnerstag erwartet. Die Altstadt ist durch mobile Wände "
     "geschützt, mehrere Uferstraßen sind gesperrt."),
    ("schulen-lehrer", "Bildung",
     "Schulen suchen händeringend nach Lehrern",
     "Zum neuen Schuljahr sind im Land über tausend Stellen unbesetzt.",
     "Das Kultusministerium will Quereinsteiger schneller einstellen und pensionierte "
     "Lehrkräfte zurückgewinnen."),
    ("krankenhaus-notaufnahme", "Gesundheit",
     "Krankenhaus schließt nachts seine Notaufnahme",
     "Patienten müssen künftig in die dreißig Kilometer entfernte Kreisstadt fahren.",
     "Der Klinikträger begründet den Schritt mit fehlendem Personal. Bürgermeister der "
     "Region kündigten Widerstand an."),
    ("fussball-pokal", "Sport",
     "Zweitligist wirft den Meister aus dem Pokal",
     "Ein Elfmeter in der Nachspielzeit entschied das Spiel.",
     "Vor ausverkauftem Haus feierten die Fans bis tief in die Nacht. Der Trainer sprach "
     "vom schönsten Abend seiner Laufbahn."),
    ("museum-duerer", "Kultur",
     "Museum zeigt verschollene Zeichnung von Dürer",
     "Das Blatt tauchte bei einer Haushaltsauflösung in Franken auf.",
     "Experten bestätigten die Echtheit nach monatelangen Untersuchungen. Die Ausstellung "
     "beginnt im Frühjahr."),
    ("energie-preise", "Wirtschaft",
     "Stadtwerke senken die Strompreise zum Jahreswechsel",
     "Ein Durchschnittshaushalt spart rund achtzig Euro im Jahr.",
     "Grund sind die gesunkenen Einkaufspreise an der Börse. Die Gaspreise bleiben "
     "vorerst unverändert."),
    ("gemeinden-finanzen", "Politik",
     "Gemeinden klagen über leere Kassen",
     "Der Städtetag fordert einen größeren Anteil an der Umsatzsteuer.",
     "Viele Kommunen können Schwimmbäder und Bibliotheken nur noch mit Mühe offen halten."),
    ("radweg-bau", "Lokales",
     "Neuer Radweg verbindet zwei Dörfer",
     "Nach drei Jahren Bauzeit wurde die Strecke am Samstag eröffnet.",
     "Der Weg führt entlang einer stillgelegten Bahntrasse und ist nachts beleuchtet."),
    ("wetter-sturm", "Panorama",
     "Sturmtief bringt Orkanböen an die Küste",
     "Der Wetterdienst warnt vor umstürzenden Bäumen.",
     "Auf den Inseln fallen mehrere Fähren aus. Im Binnenland wird vor allem Regen "
     "erwartet."),
    ("theater-premiere", "Kultur",
     "Umjubelte Premiere am Staatstheater",
     "Die Inszenierung verlegt Schillers Räuber in eine Großstadt von heute.",
     "Das Publikum feierte das Ensemble mit minutenlangem Applaus."),
]  # fmt: skip


def settings(services, **values) -> None:
    with services.writes.begin() as session:
        actions.update_site_settings(session, services.bus, actor=SYSTEM, **values)


def publish_all(services, clock, stories) -> dict[str, int]:
    with services.writes.begin() as session:
        sections = {name: f.section(session, name) for name in {row[1] for row in stories}}
    made = {}
    for days, (key, section, title, standfirst, body) in enumerate(stories):
        made[key] = publish(
            services,
            title=title,
            standfirst=standfirst,
            body=body,
            section=sections[section],
            published=clock.now - timedelta(days=days + 1),
        ).id
    return made


@pytest.fixture
def spanish(services, clock) -> dict[str, int]:
    settings(services, language="es")
    return publish_all(services, clock, SPANISH)


@pytest.fixture
def german(services, clock) -> dict[str, int]:
    settings(services, language="de")
    return publish_all(services, clock, GERMAN)


def keys(made: dict[str, int], ids: list[int]) -> set[str]:
    names = {i: k for k, i in made.items()}
    return {names[i] for i in ids}


ELECTIONS = {"eleccion-alcalde", "elecciones-autonomicas", "eleccion-rectora",
             "elecciones-sindicales"}  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("elecciones", ELECTIONS),  # finds the stories that only say "elección"...
        ("elección", ELECTIONS),  # ...and the other way round
        ("eleccion", ELECTIONS),  # accents folded
        ("ELECCIONES ", ELECTIONS),
        ("incendios ", {"incendio-avila", "incendios-verano"}),
        ("incendio ", {"incendio-avila", "incendios-verano"}),
        ("vivienda ", {"viviendas-alquiler", "vivienda-precio"}),
        ("viviendas ", {"viviendas-alquiler", "vivienda-precio"}),
        ("presupuesto ", {"presupuestos-pleno"}),
        ("elecciones sindicales", {"elecciones-sindicales"}),
        ("elecciones -sindicales", ELECTIONS - {"elecciones-sindicales"}),
        ('"banco de españa"', {"banco-espana"}),  # a phrase keeps its stop words
        ("incend", {"incendio-avila", "incendios-verano"}),  # the last word as a prefix
    ],
)
def test_spanish_words_find_their_other_forms(services, spanish, query, expected) -> None:
    result = run(services, query, limit=20)
    assert keys(spanish, [h.article_id for h in result.hits]) == expected, query
    assert result.total == len(expected)


def test_spanish_stop_words_are_left_out(services, spanish) -> None:
    plain = run(services, "elecciones")
    assert len(plain.hits) == 4
    for query in ("las elecciones de", "las elecciones de la", "de las elecciones "):
        asked = run(services, query)
        assert [(h.article_id, h.snippet) for h in asked.hits] == [
            (h.article_id, h.snippet) for h in plain.hits
        ], query
        assert [h.score for h in asked.hits] == pytest.approx([h.score for h in plain.hits])
        assert asked.total == plain.total
    for only_stop_words in ("de la ", "las ", "los de "):
        assert run(services, only_stop_words).total == 0, only_stop_words


def test_spanish_snippets_show_the_words_as_written(services, spanish) -> None:
    hits = {h.article_id: h.snippet for h in run(services, "elecciones ").hits}
    mayor = hits[spanish["eleccion-alcalde"]]
    assert f"{MARK_START}elección{MARK_END}" in mayor, mayor
    assert "eleccion " not in mayor and f"{MARK_START}eleccion" not in mayor
    # A headline-only match shows the standfirst.
    assert hits[spanish["elecciones-sindicales"]].startswith("Siete de cada diez trabajadores")
    hits = {h.article_id: h.snippet for h in run(services, "elección ").hits}
    regional = hits[spanish["elecciones-autonomicas"]]
    assert f"después de las {MARK_START}elecciones{MARK_END}" in regional, regional


def test_spanish_suggestions(services, spanish, clock) -> None:
    with services.reads() as session:
        got = services.search.suggest(session, parse("elecciones sindi"), now=clock())
        assert got == [spanish["elecciones-sindicales"]]
        got = services.search.suggest(session, parse("la elección "), now=clock())
        assert keys(spanish, got) == ELECTIONS


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Wahlen ", {"wahl-freiburg", "wahlen-sachsen"}),
        ("Wahl ", {"wahl-freiburg", "wahlen-sachsen"}),
        ("Häuser ", {"haus-altstadt", "haeuser-leipzig", "fussball-pokal"}),
        ("Haus ", {"haus-altstadt", "haeuser-leipzig", "fussball-pokal"}),
        ("Hauser ", {"haus-altstadt", "haeuser-leipzig", "fussball-pokal"}),  # umlaut folded
        ("Gemeinde ", {"gemeinden-finanzen"}),
        ("Schule ", {"schulen-lehrer", "wahlen-sachsen"}),
        ("Lehrer ", {"schulen-lehrer"}),
        ("die Wahlen in Sachsen ", {"wahlen-sachsen"}),  # stop words left out
        ("und oder der ", set()),
    ],
)
def test_german_words_find_their_other_forms(services, german, query, expected) -> None:
    result = run(services, query, limit=20)
    assert keys(german, [h.article_id for h in result.hits]) == expected, query


def test_german_snippets_show_the_words_as_written(services, german) -> None:
    hits = {h.article_id: h.snippet for h in run(services, "Haus ").hits}
    assert f"{MARK_START}Häuser{MARK_END}" in hits[german["haeuser-leipzig"]]
    hits = {h.article_id: h.snippet for h in run(services, "Wahl ").hits}
    assert f"{MARK_START}Wahlen{MARK_END}" in hits[german["wahlen-sachsen"]]


def test_arabic_words_are_found_without_their_article_or_vowel_marks(services) -> None:
    settings(services, language="ar")
    story = publish(
        services,
        title="أعلنت الحكومة أن الرئيس محمّد سيزور المدرسة",
        standfirst="",
        body="وقال المتحدث إن الزيارة مهمة جداً للطلاب.",
    )
    publish(services, title="ارتفاع أسعار الخبز في الأسواق", body="قال التجار إن الطلب تراجع.")
    for query in ("حكومة ", "الحكومة ", "محمد ", "مُحَمَّد ", "مدرسة ", "جدا "):
        assert found(services, query) == [story.id], query
    snippet = run(services, "جدا ").hits[0].snippet
    assert f"{MARK_START}جداً{MARK_END}" in snippet, snippet


# -- several languages on one site -----------------------------------------------------------


@pytest.fixture
def translated(services, clock):
    """An English site publishing in Spanish too: a story and its translation."""
    settings(services, languages=["es"])
    english = publish(
        services,
        title="Council approves the budget after a long debate",
        standfirst="Councillors voted for the spending plan.",
        body="The budget includes cuts to libraries and more money for road repairs.",
    )
    spanish = publish(
        services,
        title="El ayuntamiento aprueba los presupuestos tras un largo debate",
        standfirst="Los concejales votaron a favor del plan de gasto.",
        body="Los presupuestos recortan las bibliotecas y destinan más dinero a las carreteras.",
        language="es",
        translation_of_id=english.id,
    )
    return english.id, spanish.id


def test_a_translation_is_found_in_its_own_language_alone(services, translated, clock) -> None:
    english, spanish = translated
    assert found(services, "budget") == [english]
    assert found(services, "presupuestos") == []  # not in an English reader's search
    assert found(services, "debate") == [english]  # a word of both: the reader's language's
    assert found(services, "presupuesto ", language="es") == [spanish]  # stemmed as Spanish
    assert found(services, "debate", language="es") == [spanish]
    assert found(services, "budget", language="es") == []
    assert found(services, "los concejales votaron", language="es") == [spanish]
    assert found(services, "debate", language="de") == []  # no story in German
    with services.reads() as session:
        now = clock()
        assert services.search.suggest(session, parse("aprueba"), now=now) == []
        assert services.search.suggest(session, parse("aprueba"), now=now, language="es") == [
            spanish
        ]
        assert services.search.suggest(session, parse("approves"), now=now) == [english]


def test_pages_are_found_in_their_own_language_alone(services, translated, clock) -> None:
    def page(title: str, body: str, language: str = "") -> int:
        with services.writes.begin() as session:
            made = page_actions.save_page(
                session,
                services.bus,
                services.media_urls,
                page_actions.PageInput(title=title, body=body, language=language),
                actor=SYSTEM,
                now=clock(),
            )
            page_actions.publish_page(session, services.bus, made.id, actor=SYSTEM, now=clock())
            return made.id

    english = page("Privacy policy", "How we handle your data and your privacy.")
    spanish = page("Política de privacidad", "Cómo tratamos sus datos y su privacidad.", "es")
    with services.reads() as session:
        now = clock()

        def pages(query: str, language: str | None = None) -> list[int]:
            searched = search_pages.load(session)
            hits = search_pages.find(searched, parse(query), now=now, language=language)
            return [h.page_id for h in hits]

        assert pages("privacy") == [english] and pages("privacidad") == []
        assert pages("privacidad", "es") == [spanish] and pages("privacy", "es") == []
        assert pages("privacy", "en") == [english]


def test_an_english_readers_results_page_leaves_the_translations_out(client, translated) -> None:
    english, _ = translated
    page = client.get("/search", params={"q": "debate"})
    assert page.status_code == 200
    assert "Council approves the budget" in page.text and "ayuntamiento" not in page.text
    suggested = client.get("/search/suggest", params={"q": "ayunt"}).json()
    assert suggested == {"results": []}


def test_a_change_of_the_sites_language_takes_its_stories_along(
    services, clock, monkeypatch
) -> None:
    """An English site writing in Spanish (its stories' language is "") switches to
    Spanish: from the save on, its stories are analysed and searched as Spanish."""
    votes = publish(
        services,
        title="Los concejales votaron contra el plan de movilidad",
        standfirst="La propuesta vuelve a la comisión.",
        body="Los vecinos aprobaron la decisión con aplausos en el salón de plenos.",
    )
    english = run(services, "votar ")  # English stemming keeps "votaron" whole...
    assert english.corrected is not None and english.corrected.text() == "votaron"
    rebuilds = []
    rebuild = services.search.rebuild
    monkeypatch.setattr(
        services.search, "rebuild", lambda *a, **kw: rebuilds.append(1) or rebuild(*a, **kw)
    )
    settings(services, tagline="Noticias de la ciudad", language="en")  # no change: kept
    assert rebuilds == []
    settings(services, language="es")
    assert rebuilds == [1]
    with services.reads() as session:
        assert state.recorded(session) == "es"
    spanish = run(services, "votar ")  # ...Spanish stemming conflates it with "votar"
    assert [h.article_id for h in spanish.hits] == [votes.id] and spanish.corrected is None
    assert found(services, "aprobar ") == [votes.id]
    assert found(services, "los votaron de ") == [votes.id]  # Spanish stop words left out
    later = publish(services, title="El pleno votará el jueves", body="Sin cambios.")
    assert set(found(services, "votar ")) == {votes.id, later.id}
    settings(services, language="es-MX")  # another tag for the same language's stories
    assert rebuilds == [1, 1]
    assert set(found(services, "votar ")) == {votes.id, later.id}
    with services.writes.begin() as session:
        assert services.search.rebuild(session) == 2  # (what `thepost reindex` runs)
    assert set(found(services, "votar ", language="es-MX")) == {votes.id, later.id}


# -- the migration -------------------------------------------------------------------------


def snapshot(services) -> dict[str, list]:
    """Everything the index holds, as its backend stores it."""
    queries = {
        "terms": "SELECT term, documents FROM search_terms ORDER BY term",
        "state": "SELECT name, value FROM search_state ORDER BY name",
    }
    if services.engine.dialect.name == "sqlite":
        queries["texts"] = "SELECT * FROM search_fts_texts ORDER BY article_id"
        for table in ("search_fts", "search_pairs"):  # every token, where it is
            queries[table] = (
                f'SELECT term, doc, col, "offset" FROM temp.{table}_v ORDER BY 1, 2, 3, 4'
            )
    else:
        queries["documents"] = (  # with the body the snippets read
            "SELECT article_id, language, document::text, body "
            "FROM search_documents ORDER BY article_id"
        )
    with services.writes.begin() as session:  # (temporary tables: one connection)
        if services.engine.dialect.name == "sqlite":
            for table in ("search_fts", "search_pairs"):
                session.execute(
                    text(
                        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_v "
                        f"USING fts5vocab(main, {table}, instance)"
                    )
                )
        return {
            name: [tuple(r) for r in session.execute(text(sql))] for name, sql in queries.items()
        }


def test_migration_0030_makes_the_index_the_search_makes(services, clock) -> None:
    """Down to 0029 (English stemming for every story) and up again: the index the
    migration analyses anew equals the one written story by story, on a Spanish site
    with a German translation."""
    settings(services, language="es", languages=["de"])
    stories = publish_all(services, clock, SPANISH[:6])
    with services.writes.begin() as session:
        author = f.author(session, "Lucía Fernández")
    publish(
        services,
        title="Die Wahl in Sevilla geht in die zweite Runde",
        body="Kein Kandidat erreichte die Mehrheit.",
        tags=["Wahlen", "Spanien"],
        authors=[author],
        language="de",
        translation_of_id=stories["eleccion-alcalde"],
    )
    before = snapshot(services)
    assert found(services, "autonómica ") == [stories["elecciones-autonomicas"]]
    assert found(services, "Wahlen ", language="de")
    config = alembic_config(services.engine.url.render_as_string(hide_password=False))
    try:
        with services.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0029")
        if services.engine.dialect.name == "postgresql":  # analysed as English again
            with services.reads() as session:
                spanish = text("SELECT count(*) FROM search_documents WHERE document @@ 'autonom'")
                assert session.scalar(spanish) == 0
    finally:
        upgrade(services.engine)
    assert snapshot(services) == before
    assert keys(stories, found(services, "elecciones ")) == ELECTIONS & set(stories)
