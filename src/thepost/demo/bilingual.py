"""The demo's Spanish edition: an English site that publishes in Spanish too (at
``/es/``), with two stories and the About page written in both languages and linked as
translations, and the sections named in Spanish (``words.LOCALISED``)."""

from __future__ import annotations

from typing import Any

# Each story: its section, then its words in English and in Spanish.
STORIES: list[dict[str, Any]] = [
    {
        "section": "News",
        "tags": ["Transport", "Harbour"],
        "dateline": "SALTHOLM",
        "en": {
            "title": "Night ferry to the islands returns after four years",
            "slug": "night-ferry-returns",
            "caption": "The ferry terminal on the harbour's north quay.",
            "standfirst": "The last boat leaves the harbour at 23:40 from Friday, and the port "
            "authority says it will run all year.",
            "body": """The night ferry to the outer islands returns on Friday, four years after
the service was cut to save money. The last boat will leave the harbour at 23:40 and reach
Saltholm just after one in the morning.

Islanders have campaigned for the service since 2022. "Anyone who works a late shift in the
city had to sleep on a friend's sofa," said Marta Ilves, who runs the petition. "Now they can
go home."

## Every night of the year

The port authority said the crossing would run every night of the year, weather permitting,
and that fares would be the same as in the daytime.

Two crews have been hired for the new timetable. The authority will review the service after
twelve months.
""",
        },
        "es": {
            "title": "Vuelve el ferri nocturno a las islas cuatro años después",
            "slug": "vuelve-el-ferri-nocturno",
            "caption": "La terminal del ferri en el muelle norte del puerto.",
            "standfirst": "El último barco saldrá del puerto a las 23:40 a partir del viernes, y "
            "la autoridad portuaria asegura que navegará todo el año.",
            "body": """El ferri nocturno a las islas exteriores vuelve el viernes, cuatro años
después de que se suprimiera el servicio para ahorrar dinero. El último barco saldrá del
puerto a las 23:40 y llegará a Saltholm poco después de la una de la madrugada.

Los isleños llevan reclamando el servicio desde 2022. «Quien trabajaba en el turno de noche
en la ciudad tenía que dormir en el sofá de un amigo», dice Marta Ilves, que impulsó la
recogida de firmas. «Ahora pueden volver a casa».

## Todas las noches del año

La autoridad portuaria afirma que la travesía funcionará todas las noches del año, si el
tiempo lo permite, y que el billete costará lo mismo que de día.

Se han contratado dos tripulaciones para el nuevo horario. La autoridad revisará el servicio
dentro de doce meses.
""",
        },
    },
    {
        "section": "Politics",
        "tags": ["City council", "Housing"],
        "dateline": "RIVERTON",
        "en": {
            "title": "Council approves 600 homes on the old rail yard",
            "slug": "council-approves-rail-yard-homes",
            "caption": "The old rail yard, empty since the freight depot closed.",
            "standfirst": "A third of the flats will be let below market rents; work is due to "
            "start in the spring.",
            "body": """The city council voted 31 to 14 on Thursday night to approve 600 homes
on the old rail yard east of the station, ending a decade of argument over the site.

A third of the flats will be let at rents set below the market, and the developer must build
a primary school and a park before the last block is finished.

## "Shadows", say opponents

Opponents said the towers were too tall for the neighbourhood. "We are not against homes,
we are against shadows," said councillor Piet Aro.

Work is due to start in the spring. The first tenants could move in by 2029.
""",
        },
        "es": {
            "title": "El ayuntamiento aprueba 600 viviendas en la antigua playa de vías",
            "slug": "aprobadas-viviendas-playa-de-vias",
            "caption": "La antigua playa de vías, vacía desde que cerró la terminal de carga.",
            "standfirst": "Un tercio de los pisos se alquilará por debajo del precio de "
            "mercado; las obras empezarán en primavera.",
            "body": """El pleno del ayuntamiento aprobó el jueves por la noche, por 31 votos
contra 14, la construcción de 600 viviendas en la antigua playa de vías al este de la
estación, y puso fin a una década de discusiones sobre el solar.

Un tercio de los pisos se alquilará a precios por debajo del mercado, y el promotor deberá
construir un colegio y un parque antes de terminar el último bloque.

## «Sombras», dicen los detractores

Los detractores consideran que las torres son demasiado altas para el barrio. «No estamos
en contra de las viviendas, sino de las sombras», dijo el concejal Piet Aro.

Las obras comenzarán en primavera. Los primeros inquilinos podrían mudarse en 2029.
""",
        },
    },
]

ABOUT_ES: dict[str, str] = {
    "title": "Quiénes somos",
    "slug": "quienes-somos",
    "standfirst": "The Post es una redacción independiente que cubre la ciudad, el país y el "
    "mundo, cada día.",
    "body": """Contamos las noticias que importan a nuestros lectores, las explicamos con
claridad y pedimos cuentas a quienes tienen el poder. Nuestros periodistas trabajan desde la
redacción de Harbour Street y desde las corresponsalías en el extranjero.

## Lo que defendemos

- **La exactitud, primero.** Comprobamos antes de publicar, y lo decimos cuando nos
  equivocamos.
- **Independencia.** Ningún propietario, anunciante ni cargo público decide lo que contamos.
- **Equidad.** Buscamos a las personas de las que hablan nuestras noticias y publicamos su
  versión.

## Quién lo paga

The Post lo pagan sus lectores y una publicidad siempre señalada como tal. Los anunciantes
nunca ven una noticia antes de que se publique.
""",
}
