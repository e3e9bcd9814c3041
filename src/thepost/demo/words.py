"""Word banks and sentence templates for the demo loader (``thepost.demo``).

Everything here is invented: people, places, companies, clubs, films and the events
themselves. Templates hold ``{slot}`` markers that the loader fills from an article's
context (its main person, organisation, place...) or from fresh random numbers.

Topics give an article its headline, tags, captions and most distinctive sentences, so
articles on the same topic share tags and vocabulary and "You May Also Like" has
something meaningful to find.
"""

from __future__ import annotations

from typing import Any

Topic = dict[str, Any]

# -- sections -----------------------------------------------------------------------------

# name, description, datelines (capitals, as printed), expert roles for the section.
SECTIONS: list[dict[str, Any]] = [
    {
        "name": "News",
        "description": "The day's essential stories from our towns, cities and countryside.",
        "datelines": [
            "RIVERTON",
            "KINGSBRIDGE",
            "NORTHGATE",
            "ASHFORD MILL",
            "PORT HADLEY",
            "LONDON",
            "EASTWICK",
        ],
        "experts": [
            "a researcher at the Institute for Civic Studies",
            "a lecturer in public policy at the University of Riverton",
            "director of the Northgate Community Trust",
            "an independent consultant who has advised several councils",
        ],
    },
    {
        "name": "World",
        "description": "International affairs, diplomacy and the stories shaping other nations.",
        "datelines": [
            "GENEVA",
            "NAIROBI",
            "LISBON",
            "SINGAPORE",
            "OTTAWA",
            "MONTEVIDEO",
            "OSLO",
            "WELLINGTON",
        ],
        "experts": [
            "a fellow at the Centre for Global Affairs",
            "a former ambassador who now teaches international relations",
            "a senior analyst at the Meridian Policy Institute",
            "a professor of international law at Harwick University",
        ],
    },
    {
        "name": "Politics",
        "description": "Parliament, councils, elections and the decisions that shape public life.",
        "datelines": ["LONDON", "WESTMINSTER", "RIVERTON", "KINGSBRIDGE", "EASTWICK"],
        "experts": [
            "a professor of politics at Harwick University",
            "director of the Open Government Forum",
            "a former council chief executive",
            "head of research at the polling firm Civica Insight",
        ],
    },
    {
        "name": "Business",
        "description": "Markets, companies, jobs and the economy, explained without the jargon.",
        "datelines": ["LONDON", "RIVERTON", "FRANKFURT", "NEW YORK", "PORT HADLEY"],
        "experts": [
            "chief economist at Stanmore Bank",
            "an analyst at the broker Fenwick Hale",
            "a retail consultant and former store manager",
            "head of markets research at Greyfield Capital",
        ],
    },
    {
        "name": "Technology",
        "description": "Chips, apps, privacy and the people building the digital world.",
        "datelines": ["LONDON", "SAN FRANCISCO", "CAMBRIDGE", "RIVERTON", "DUBLIN"],
        "experts": [
            "a security researcher at the Open Systems Lab",
            "a professor of computer science at Harwick University",
            "an industry analyst at Signal & Noise Research",
            "a digital rights campaigner with the Privacy Commons",
        ],
    },
    {
        "name": "Entertainment",
        "description": "Film, music, television, books and the stage, reviewed and reported.",
        "datelines": ["LONDON", "LOS ANGELES", "EDINBURGH", "RIVERTON", "CANNES"],
        "experts": [
            "a film historian and programmer",
            "a music industry analyst",
            "a television critic and former commissioning editor",
            "a literary agent with two decades in publishing",
        ],
    },
    {
        "name": "Sport",
        "description": "Results, transfers and analysis from football, cricket, athletics and "
        "more.",
        "datelines": ["RIVERTON", "NORTHGATE", "KINGSBRIDGE", "PORT HADLEY", "EASTWICK", "LONDON"],
        "experts": [
            "a former international turned broadcaster",
            "a sports scientist at Harwick University",
            "a football finance specialist",
            "a veteran coach who has worked at four clubs",
        ],
    },
    {
        "name": "Opinion",
        "description": "Columns, analysis and argument from our writers and guest contributors.",
        "datelines": ["LONDON", "RIVERTON", "KINGSBRIDGE"],
        "experts": [
            "an economist who studies towns and cities",
            "a headteacher with thirty years in the classroom",
            "a historian of everyday life",
            "a researcher who has spent a decade on the subject",
        ],
    },
]

# -- people ---------------------------------------------------------------------------------

# name, job title, bio, sections they mostly write for, whether they have a portrait.
AUTHORS: list[dict[str, Any]] = [
    {
        "name": "Eleanor Whitcombe",
        "job_title": "Political Editor",
        "bio": "Eleanor Whitcombe has covered Westminster for fifteen years and leads The Post's "
        "political team. She previously reported on local government in the north-west. "
        "She is the author of a short history of by-elections.",
        "sections": ["Politics", "News"],
        "photo": True,
    },
    {
        "name": "Daniel Okoro",
        "job_title": "Political Correspondent",
        "bio": "Daniel Okoro reports on parliament, elections and public spending. Before joining "
        "The Post he worked on a regional daily, where he covered three general elections.",
        "sections": ["Politics", "News"],
        "photo": False,
    },
    {
        "name": "Priya Raman",
        "job_title": "Business Editor",
        "bio": "Priya Raman writes about companies, markets and the economy. She trained as an "
        "accountant before moving into journalism and still reads annual reports for fun.",
        "sections": ["Business", "Opinion"],
        "photo": True,
    },
    {
        "name": "Tomasz Nowak",
        "job_title": "Technology Reporter",
        "bio": "Tomasz Nowak covers chips, apps, privacy and the technology industry. He studied "
        "electronic engineering and spent five years as a software developer. He is based "
        "in Cambridge.",
        "sections": ["Technology", "Business"],
        "photo": False,
    },
    {
        "name": "Hannah Ferreira",
        "job_title": "World Affairs Correspondent",
        "bio": "Hannah Ferreira has reported from more than thirty countries, covering elections, "
        "climate diplomacy and humanitarian crises. She speaks Portuguese, Spanish and French.",
        "sections": ["World"],
        "photo": True,
    },
    {
        "name": "Marcus Bell",
        "job_title": "Chief Sports Writer",
        "bio": "Marcus Bell has written about football, cricket and athletics for two decades. He "
        "has covered five World Cups and still plays five-a-side every Thursday.",
        "sections": ["Sport"],
        "photo": False,
    },
    {
        "name": "Aoife Gallagher",
        "job_title": "Arts and Entertainment Correspondent",
        "bio": "Aoife Gallagher reviews film, television and theatre and reports on the business "
        "of culture. She previously programmed a small independent cinema in Galway.",
        "sections": ["Entertainment"],
        "photo": True,
    },
    {
        "name": "Grace Lindqvist",
        "job_title": "Economics Correspondent",
        "bio": "Grace Lindqvist explains inflation, interest rates and the public finances. She "
        "joined The Post from a think tank, where she researched household incomes.",
        "sections": ["Business", "World"],
        "photo": False,
    },
    {
        "name": "Oliver Hartley",
        "job_title": "Columnist",
        "bio": "Oliver Hartley writes a weekly column on towns, work and the way we live now. "
        "He was a secondary school teacher for twelve years before turning to writing.",
        "sections": ["Opinion"],
        "photo": True,
    },
    {
        "name": "Ruth Abernethy",
        "job_title": "Senior Reporter",
        "bio": "Ruth Abernethy covers health, housing and transport across the region. She has "
        "won two regional press awards for her reporting on hospital waiting lists.",
        "sections": ["News", "Politics"],
        "photo": False,
    },
    {
        "name": "Samir Haddad",
        "job_title": "Sports Reporter",
        "bio": "Samir Haddad follows the region's football clubs home and away and writes about "
        "cricket in the summer. He grew up a short walk from the Riverton Athletic ground.",
        "sections": ["Sport", "News"],
        "photo": False,
    },
]

FIRST_NAMES = [
    "Alice",
    "Amara",
    "Ben",
    "Callum",
    "Chloe",
    "Dev",
    "Elena",
    "Fatima",
    "Felix",
    "Gareth",
    "Helen",
    "Imran",
    "Isla",
    "James",
    "Joanna",
    "Kofi",
    "Laura",
    "Leon",
    "Mahmoud",
    "Maria",
    "Martin",
    "Mei",
    "Nadia",
    "Neil",
    "Niamh",
    "Owen",
    "Paula",
    "Rahul",
    "Rosa",
    "Sean",
    "Sofia",
    "Stuart",
    "Tamsin",
    "Tariq",
    "Una",
    "Victor",
    "Wendy",
    "Yusuf",
    "Zara",
    "Agnes",
]
LAST_NAMES = [
    "Ashworth",
    "Barlow",
    "Bramley",
    "Castell",
    "Dunmore",
    "Eastham",
    "Fairburn",
    "Garside",
    "Halloran",
    "Iveson",
    "Jessop",
    "Kettering",
    "Langdon",
    "Marchetti",
    "Mensah",
    "Northcott",
    "Osei",
    "Pennant",
    "Quayle",
    "Rowntree",
    "Sandhu",
    "Thornbury",
    "Underwood",
    "Varga",
    "Wetherall",
    "Yardley",
    "Achterberg",
    "Brennan",
    "Chaudhry",
    "Delacroix",
    "Eriksen",
    "Fitzgerald",
    "Greaves",
    "Hollis",
    "Iqbal",
    "Kowalczyk",
    "Lindholm",
    "Morrow",
    "Nakamura",
    "Okafor",
]
PHOTOGRAPHERS = [
    "Jane Doe",
    "Tom Ashby",
    "Lena Marsh",
    "Kwame Addo",
    "Rhiannon Price",
    "Ivo Petrov",
    "Sara Lindgren",
    "Joe Castellano",
]

# -- sentences shared between sections -----------------------------------------------------------

# Prose for each "voice", grouped by the job a sentence does in a story. ``{person_ref}``
# and ``{expert_ref}`` name a person in full with their role the first time, then by surname.
VOICES: dict[str, dict[str, list[str]]] = {
    "news": {
        "intro": [
            "{person_ref} said the coming weeks would be crucial.",
            "Speaking on {day}, {person_ref} said the priority was to be open with people about "
            "what lay ahead.",
            "{person_ref} said there were lessons for everyone involved.",
            '{person_ref} described the situation as "serious but manageable".',
        ],
        "reaction": [
            '"We have listened carefully to what people told us, and we believe this is the '
            'right course," {person_ref} said.',
            "Not everyone is convinced.",
            "{expert_ref} said the detail would matter more than the headline.",
            '"There is a gap between the promise and what people will actually notice," '
            "{expert_ref} said.",
            "Some {group} said they had been given too little notice.",
            "Others welcomed the move, describing it as long overdue.",
            "A spokesperson for {org} said it would respond in full in due course.",
            '{org} said it remained "fully committed" to working with {group}.',
            "{person_ref} acknowledged that mistakes had been made in the past but insisted "
            "lessons had been learned.",
            'Asked whether more could have been done, {person_ref} said: "With hindsight, '
            'probably."',
            "Campaigners said they would study the small print before deciding what to do next.",
            "Critics were quick to question the timing.",
        ],
        "context": [
            "The news follows months of speculation.",
            "The issue has risen up the agenda over the past year, partly because of pressure "
            "from {group}.",
            "Figures published earlier this {period} suggested the problem had been growing for "
            "some time.",
            "Those involved say the circumstances this time are different.",
            "{org} has faced criticism in the past for moving too slowly.",
            "The background is a familiar one: rising costs, stretched budgets and a public that "
            "expects more.",
            "Much of the debate has taken place away from public view.",
            "A review commissioned {ago} made a number of recommendations, only some of which "
            "were adopted.",
            "Similar warnings were made {ago}, but little changed.",
        ],
        "numbers": [
            "About {pct} of those asked in a recent survey said they supported the change, while "
            "{pct2} were opposed.",
            "The cost is estimated at {money}, although some believe the final figure could be "
            "higher.",
            "The figure represents a rise of {pct} on the same period last year.",
        ],
        "next": [
            "A final decision is expected within {n_small} weeks.",
            "{org} said further details would be published in the coming days.",
            "{person_ref} said progress would be reviewed in six months.",
            "Whatever the outcome, the debate is unlikely to end soon.",
            "The matter is due to be discussed again before the end of the {period}.",
            "A fuller report is expected in the spring.",
        ],
    },
    # Added to "news" for stories close to home.
    "local": {
        "reaction": [
            "{resident}, who has lived in {place} for {n} years, said the news had been the "
            'talk of the town all week. "I just want someone to explain what it means for people '
            'like me," {resident_first} said.',
            "Opposition councillors described the plans as a missed opportunity.",
        ],
        "context": [
            "Similar proposals were shelved {ago} after objections from {group}.",
            "It is the {ordinal} time in {n_small} years that the question has come back to "
            "{place}.",
        ],
        "numbers": [
            "Of the {n_many} people who spoke at the public meeting, only {n_small} were in "
            "favour.",
            "Around {big} people in {place} are expected to be affected in the first year.",
        ],
        "next": [
            "A public meeting has been arranged for next {day} evening.",
            "For now, many in {place} are waiting to see what happens next.",
        ],
    },
    "sport": {
        "intro": [
            '{person_ref} said afterwards that it had been "a proper team effort".',
            "Speaking afterwards, {person_ref} said the preparation had paid off.",
            "{person_ref} said there was no time to get carried away.",
        ],
        "reaction": [
            '"We knew it would be tough, and it was," {person_ref} said.',
            "{person_ref} refused to single out individuals, but praised the work rate of the "
            "whole group.",
            '{expert_ref} said the result would bring real belief. "You can see the '
            'confidence growing week by week," {expert_ref} said.',
            "Supporters stayed behind long after the end to applaud.",
            "{person_ref} admitted there had been moments of good fortune.",
            "Several {group} said it was the best atmosphere at the ground for years.",
            "There was frustration among some {group}, who felt more was possible.",
            '"That is what all the hard work is for," {person_ref} said.',
            "There was a standing ovation at the end.",
            '"I am proud of every one of them," {person_ref} said.',
            "{expert_ref} said the performance showed how far things had come.",
            "Team-mates were quick to offer their congratulations.",
            "The mood afterwards was one of relief as much as celebration.",
        ],
        "context": [
            "It has been a season of ups and downs.",
            "Injuries have disrupted preparations for much of the past month.",
            "Expectations were modest at the start of the season.",
            "Form had been patchy going into the weekend.",
            "The club has invested heavily in young players in recent years.",
            "Attendances are up on last season, helped by cheaper tickets for under-18s.",
            "There has been speculation about the future of several senior players.",
            "Conditions were bright but blustery, with a strong wind across the ground.",
            "Preparation had been far from ideal, with illness going round the camp.",
            "Local interest has grown sharply over the past two seasons.",
            "The forecast had threatened to spoil the day, but the rain held off.",
            "Training facilities were upgraded over the summer.",
            "A change of coaching staff in the close season has begun to bear fruit.",
            "The fixture list has been unkind, with several long journeys in quick succession.",
            "The region has a proud sporting tradition, and its crowds are rarely short of "
            "opinions.",
        ],
        "numbers": [
            "Ticket sales for the next home fixture are already above {big}.",
            "It was a {ordinal} successive win.",
            "Club membership has grown by {pct_small} this year.",
        ],
        "next": [
            "Attention now turns to a difficult trip away next {day}.",
            "There is little time to dwell on it, with the next fixture in four days.",
            "{person_ref} will assess several knocks before naming the squad for the next match.",
            "The season is far from over.",
        ],
    },
    "culture": {
        "intro": [
            "{person_ref} said the reaction had been overwhelming.",
            "{person_ref} said the team had taken creative risks and was glad they had paid off.",
            '{person_ref} described the past few months as "a whirlwind".',
        ],
        "reaction": [
            '"We hoped people would connect with it, but you never really know," {person_ref} '
            "said.",
            "Critics have been largely warm, though some found it uneven.",
            '{expert_ref} said it was a reminder of what audiences want. "People are hungry for '
            'stories that feel specific and real," {expert_ref} said.',
            "Fans shared their reactions online within minutes.",
            "Not every reviewer was won over.",
            "Several {group} said they had been waiting years for something like it.",
            "{person_ref} credited the rest of the team, saying nothing would have happened "
            "without them.",
            '"It still does not feel real," {person_ref} said.',
            "Audiences at early previews were said to be enthusiastic.",
            "Some long-time admirers said the new work was the best yet.",
            '{expert_ref} was more measured, calling it "promising rather than perfect".',
        ],
        "context": [
            "It has been a difficult few years for the industry.",
            "Budgets are tighter than they were, and audiences are more scattered.",
            "The project was almost abandoned twice during development.",
            "Regional venues and producers have long argued that they are overlooked.",
            "Word of mouth has played a large part.",
            "The success comes after a string of disappointments for the company behind it.",
            "Public funding for the arts has fallen in real terms for more than a decade.",
            "Streaming has changed how audiences discover new work, for better and worse.",
            "The team behind it is small, and most of them have other jobs.",
            "The cost of touring and staging productions has risen sharply.",
            "Much of the work was done in and around {place}.",
            "Interest has grown steadily rather than exploding overnight.",
        ],
        "numbers": [
            "About {pct} of tickets were bought by people who had never attended before.",
            "More than {big} people have seen it so far.",
            "Some tickets are priced at £{n_small} to keep them within reach of younger audiences.",
            "Online searches for the title rose by {pct} in a week.",
        ],
        "next": [
            "A wider release is planned for the autumn.",
            "Further dates are expected to be announced next month.",
            "{person_ref} is already working on the next project, though details are under wraps.",
            "For now, everyone involved is enjoying the moment.",
            "An announcement about international distribution is expected soon.",
        ],
    },
    "opinion": {
        "argument": [
            "I have lost count of the number of times I have heard this argument.",
            "It is tempting to believe there is a simple answer. There rarely is.",
            "Ask anyone in {place} and you will hear a version of the same story.",
            "We should be honest about the trade-offs.",
            "None of this is inevitable.",
            "The people who make these decisions rarely have to live with the consequences.",
            "That is not an argument for doing nothing.",
            "The evidence, such as it is, points in one direction.",
            "I understand why {group} are frustrated.",
            "Perhaps I am wrong. But I doubt it.",
            "The question is not whether things will change, but who gets a say in how.",
            "Politicians of every stripe have promised to fix this, and most have quietly "
            "moved on.",
            "There is a better way, and it is not complicated.",
            "Start small, measure honestly and be willing to change course.",
            "It would cost less than we think, and it would pay for itself sooner than we expect.",
            "Nobody I spoke to wanted to turn the clock back.",
            "We tell ourselves that this is just how things are. It is not.",
            "Every so often a small change reveals how much we had simply accepted.",
            "The loudest voices in this debate are not always the best informed.",
            "I used to think otherwise, and I was wrong.",
            "Change rarely arrives as a single grand decision. It arrives in small, stubborn "
            "steps.",
            "There is a tendency to treat every problem as somebody else's job.",
            "We have been here before, and we know how it ends if nobody acts.",
            "I am not naive about the cost.",
            "Good ideas are not enough; they need people willing to see them through.",
            "The status quo has its defenders, and they are not always wrong.",
        ],
        "evidence": [
            '{expert_ref} put it to me bluntly: "Nobody is really in charge."',
            "One study found that {pct} of people had changed their habits within a year.",
            "The numbers are striking: {big} people, {pct} of them under 30.",
            "When {org} tried something similar {ago}, the results surprised even its supporters.",
            "Talk to {group} and a more complicated picture emerges.",
            "In {place}, the change has already happened, almost without anyone noticing.",
            "A neighbour of mine, {resident}, has a simpler explanation: people are tired.",
            "The official figures tell only part of the story.",
            "Similar experiments elsewhere have produced mixed but encouraging results.",
            "Surveys consistently show that most people want much the same thing.",
            "My own inbox suggests the appetite for change is real.",
            "Places that have tried a different approach have rarely gone back.",
            "The cost of doing nothing rarely appears in any budget, but it is paid all the same.",
        ],
        "close": [
            "We can keep having the same argument, or we can try something different.",
            "It is time to stop waiting for permission.",
            "The choice, in the end, is ours.",
            "If we get this right, we will wonder why it took so long.",
            "That would be a start. It would not be the end.",
            "History is unlikely to be kind to those who looked away.",
        ],
    },
}

# Which voices each section writes in (the first supplies intro and closing sentences).
SECTION_VOICES = {
    "News": ["news", "local"],
    "World": ["news"],
    "Politics": ["news", "local"],
    "Business": ["news"],
    "Technology": ["news"],
    "Entertainment": ["culture"],
    "Sport": ["sport"],
    "Opinion": ["opinion"],
}

# Reported speech: "{speaker} {verb} {claim}." The claims are in the past tense.
CLAIMS: dict[str, list[str]] = {
    "News": [
        "the response had been as quick as resources allowed",
        "the town deserved better information",
        "lessons had to be learned from what happened",
        "residents had been raising the problem for years",
        "nobody could have predicted the scale of it",
        "local people should have been involved much sooner",
        "the plans would be reviewed if problems emerged",
    ],
    "World": [
        "the outcome would shape the region for years",
        "neighbouring governments were watching closely",
        "the talks had been more constructive than expected",
        "ordinary people would bear the brunt",
        "the international response had been too slow",
        "trust between the two sides remained fragile",
        "any agreement was only as good as its implementation",
    ],
    "Politics": [
        "the figures did not add up",
        "the government had run out of ideas",
        "voters wanted competence rather than slogans",
        "difficult choices could not be put off any longer",
        "the opposition had offered no credible alternative",
        "the process had been rushed",
        "public trust had been damaged",
    ],
    "Business": [
        "the market had already priced in the news",
        "consumers remained cautious",
        "the outlook for the rest of the year was uncertain",
        "costs were rising faster than prices",
        "the company was in a strong position to grow",
        "smaller firms would find it harder to cope",
        "investors wanted clarity on strategy",
    ],
    "Technology": [
        "the technology was moving faster than regulation",
        "users deserved more control over their data",
        "the benefits would take time to show",
        "the industry had been too slow to address the concerns",
        "the design had been tested extensively",
        "smaller companies could not compete on scale",
        "security had to be built in from the start",
    ],
    "Entertainment": [
        "audiences were more adventurous than executives assumed",
        "the industry needed to take more risks",
        "the success had surprised everyone involved",
        "small venues were the lifeblood of the industry",
        "the work spoke for itself",
        "the team had never lost faith in the idea",
        "younger audiences were finding their way to it",
        "the industry had underestimated audiences outside the big cities",
        "there was a real appetite for new voices",
    ],
    "Sport": [
        "the performance had deserved more",
        "the players had shown great character",
        "there was still plenty of work to do",
        "the result was no more than the effort deserved",
        "the club was heading in the right direction",
        "the conditions had been difficult for everyone",
        "the standard of competition was higher than ever",
        "the younger players had grown in confidence",
        "the margins at this level were tiny",
    ],
    "Opinion": [],
}
GENERIC_CLAIMS = [
    "more detail was needed before anyone could judge",
    "the decision had been a long time coming",
    "the priority now was to get things right",
    "the concerns raised were understandable",
    "there were no easy answers",
]
SPEECH_VERBS = [
    "said",
    "said",
    "warned",
    "argued",
    "insisted",
    "told The Post",
    "acknowledged",
    "suggested",
    "pointed out",
]

NEWS_SUBHEADS = [
    "What happens next",
    "The background",
    "Reaction",
    "A familiar story",
    "The numbers",
    "Looking ahead",
    "What people are saying",
]
OPINION_SUBHEADS = [
    "The case for change",
    "What we get wrong",
    "A modest proposal",
    "The view from here",
    "Where next",
]

# -- topics per section ------------------------------------------------------------------------

TOPICS: dict[str, list[Topic]] = {
    "News": [
        {
            "tags": ["Flooding", "Weather", "Emergency services", "Environment"],
            "heads": [
                "Hundreds evacuated as {river} bursts its banks in {place}",
                "Flood warnings extended across {region} after a night of torrential rain",
                "{place} residents count the cost as floodwater finally recedes",
                "Storm {storm} leaves thousands of homes without power",
                "Questions raised over flood defences after second deluge in a month",
            ],
            "stands": [
                "Emergency crews worked through the night as water levels on {river} rose "
                "faster than forecast, forcing families from their homes across {place}.",
                "Forecasters warn more heavy rain is on the way, as {group} in {region} question "
                "whether flood defences built a decade ago are still up to the job.",
                "Shops and homes along the river are counting the cost of the worst flooding in "
                "years, with insurers warning the bill could run into millions.",
            ],
            "facts": [
                "Water levels on {river} rose by almost {n_small} feet in six hours overnight, "
                "according to gauges monitored by {org}.",
                "Firefighters used boats to reach {n} people trapped in homes on the lower "
                "streets of {place}.",
                "A rest centre was opened at the leisure centre, where volunteers handed out "
                "blankets and hot drinks to evacuated families.",
                "Sandbags were distributed from the market square, but many {group} said "
                "supplies had run out by mid-afternoon.",
                "Forecasters issued an amber warning for heavy rain covering much of {region}.",
                "Several roads remain closed and rail services between {place} and neighbouring "
                "towns have been suspended.",
                "Insurers say the cost of the flood damage could run into {money}.",
                "The flood defence scheme was designed to withstand a one-in-75-year event, but "
                "engineers say the rainfall this week exceeded that.",
                "Power engineers worked through the night to restore electricity to {big} "
                "properties.",
                "Schools were closed on {day} and parents were asked to check the council "
                "website for flood updates.",
            ],
            "subheads": [
                "Rescue efforts",
                "Defences under scrutiny",
                "Counting the cost",
                "A community rallies",
            ],
            "quotes": [
                "The water came up faster than anyone expected. Our crews have been working "
                "without a break since the early hours.",
                "We need to be honest about what the existing flood defences can and cannot do.",
                "People have lost everything on the ground floor. The priority now is getting "
                "them help quickly.",
            ],
            "captions": [
                "Volunteers fill sandbags near the river in {place}.",
                "Floodwater covers a residential street after the overnight rain.",
                "Emergency crews check on residents on {day} morning.",
                "The swollen river seen from the town bridge.",
            ],
            "slots": {
                "river": ["the River Wend", "the River Sallow", "the River Orme", "the River Hale"],
                "region": [
                    "the south-west",
                    "the northern valleys",
                    "the east coast",
                    "the Midlands",
                ],
                "storm": ["Ottilie", "Bramwell", "Cressida", "Hollis"],
                "org": [
                    "the regional flood authority",
                    "the county fire and rescue service",
                    "the river trust",
                ],
                "role": [
                    "chief fire officer",
                    "county emergency planning officer",
                    "head of flood resilience",
                ],
                "group": ["residents", "homeowners", "shopkeepers", "farmers"],
            },
        },
        {
            "tags": ["Transport", "Rail", "Buses", "Commuters"],
            "heads": [
                "Commuters face months of disruption as {line} upgrade overruns",
                "New bus network for {place} promises more frequent services",
                "Rail operator apologises after week of cancellations on {line}",
                "Plans for {place} tram extension given the green light",
                "Fares to rise by {fare_rise} from January, rail operator confirms",
            ],
            "stands": [
                "Passengers on {line} have been told to expect delays until the summer after "
                "engineering work fell behind schedule, with replacement buses on most weekends.",
                "The operator says the changes will mean more frequent buses on the busiest "
                "routes, but {group} in outlying villages fear they will lose their only service.",
                "Commuters in {place} have endured weeks of cancellations, and campaigners say "
                "patience with {org} has run out.",
            ],
            "facts": [
                "Only {pct_high} of trains on {line} arrived on time last month, the worst figure "
                "since records began.",
                "Replacement buses will run between {place} and the city centre on most "
                "weekends until the work is complete.",
                "{org} blamed a shortage of drivers and the late delivery of new trains.",
                "The new timetable adds {n_small} extra services an hour at peak times.",
                "Season ticket holders will be offered partial refunds for the worst-affected "
                "weeks.",
                "Bus passenger numbers in {place} have not yet recovered to their level of five "
                "years ago.",
                "The tram extension would run for {n_small} miles and include six new stops.",
                "Campaigners have gathered more than {big} signatures calling for the rail "
                "franchise to be reviewed.",
                "Station car parks have been full by 8am since a nearby bus route was withdrawn.",
            ],
            "subheads": [
                "Passengers fed up",
                "Delays and refunds",
                "The timetable",
                "Fares and tickets",
            ],
            "quotes": [
                "Passengers have been let down, and I am sorry for that. We are recruiting "
                "drivers as fast as we can.",
                "A reliable timetable is not a luxury. It is how people get to work.",
                "We would rather do this work once and do it properly.",
            ],
            "captions": [
                "Passengers wait on the platform at {place} station.",
                "A replacement bus service leaves the station forecourt.",
                "Engineering work under way on the line.",
                "Commuters check the departure boards on {day} morning.",
            ],
            "slots": {
                "fare_rise": ["3.8%", "4.6%", "5.9%"],
                "line": [
                    "the Riverton line",
                    "the Coast line",
                    "the Northgate branch",
                    "the Valley line",
                ],
                "org": ["Vale Rail", "Northern Link Buses", "the transport authority"],
                "role": [
                    "managing director of Vale Rail",
                    "transport committee chair",
                    "head of operations at the transport authority",
                ],
                "group": ["commuters", "passengers", "rail users", "villagers"],
            },
        },
        {
            "tags": ["Health", "Hospitals", "Waiting lists", "Public services"],
            "heads": [
                "{hospital} to open new emergency department after {money} investment",
                "Waiting lists at {hospital} fall for third month in a row",
                "Nurses at {hospital} warn of staff shortages ahead of winter",
                "GP surgeries in {place} trial evening and weekend appointments",
                "Patients wait hours for ambulances as pressure on {hospital} grows",
            ],
            "stands": [
                "Managers at {hospital} say the new emergency department will cut waiting "
                "times, but staff warn that buildings alone will not solve a shortage of nurses.",
                "The number of patients waiting more than a year for treatment has fallen, "
                "although {group} say the figures hide long waits for some specialist services.",
                "Doctors in {place} are trying longer opening hours to ease pressure on "
                "hospitals, in a trial that could be rolled out across the region.",
            ],
            "facts": [
                "The emergency department at {hospital} saw {big} patients last month, up "
                "{pct} on the same month last year.",
                "The number of people waiting more than 18 weeks for planned treatment has "
                "fallen to its lowest level in two years.",
                "{org} says it has recruited {n} nurses from overseas since the spring.",
                "Ambulance crews reported waits of up to {n_small} hours outside the hospital "
                "on the busiest nights.",
                "The new wing will include a children's assessment unit and {n} extra beds.",
                "Evening appointments at the pilot surgeries were fully booked within a week.",
                "Staff surveys show morale on the wards has fallen for three years running.",
                "The hospital trust has promised to publish monthly figures for every ward.",
                "Patients with minor injuries are being encouraged to use the walk-in centre "
                "instead.",
            ],
            "subheads": ["Pressure on the wards", "Staffing", "Waiting times", "What patients say"],
            "quotes": [
                "Our staff are working incredibly hard, and the figures are starting to show it.",
                "A new building is welcome, but it is the people inside it who treat patients.",
                "I waited nine hours with my father. The staff were wonderful, but the system "
                "is not.",
            ],
            "captions": [
                "The entrance to {hospital}.",
                "Ambulances outside the emergency department on {day} evening.",
                "Construction of the new hospital wing.",
                "Staff on a ward at {hospital}.",
            ],
            "slots": {
                "hospital": [
                    "Riverton General Hospital",
                    "St Aldric's Hospital",
                    "Northgate Royal Infirmary",
                    "Kingsbridge Community Hospital",
                ],
                "org": ["the hospital trust", "the regional health board", "the nurses' union"],
                "role": [
                    "chief executive of the hospital trust",
                    "medical director",
                    "regional secretary of the nurses' union",
                ],
                "group": ["patients", "nurses", "junior doctors", "patient groups"],
            },
        },
        {
            "tags": ["Housing", "Planning", "Local government", "Development"],
            "heads": [
                "{homes} new homes approved on former {site} site in {place}",
                "Residents fight plans to build on {place} green belt",
                "Rents in {place} rise faster than anywhere else in the region",
                "Derelict {site} to become affordable housing under council plan",
                "Developer accused of cutting affordable homes from {place} scheme",
            ],
            "stands": [
                "Councillors have approved plans for hundreds of homes on the old {site}, "
                "despite objections from {group} about traffic, schools and doctors' surgeries.",
                "Average rents have climbed sharply in the past year, and tenants say they are "
                "being priced out of the neighbourhoods where they grew up.",
                "The scheme would bring a long-derelict site back into use, but critics say too "
                "few of the new homes will be genuinely affordable.",
            ],
            "facts": [
                "The plans include {homes} homes, of which about {pct} would be classed as "
                "affordable.",
                "The former {site} has stood empty for more than {n_small} years.",
                "Average monthly rents in {place} have risen by {rent_rise} in twelve months.",
                "More than {big} objections were lodged during the planning consultation.",
                "The developer has agreed to contribute {money} towards a new primary school.",
                "The planning committee voted six to four in favour after a three-hour meeting.",
                "There are currently {big} households on the council's housing waiting list.",
                "Planning officers had recommended approval, subject to conditions on traffic.",
                "Campaigners want the site's old brick chimney to be kept as a landmark.",
            ],
            "subheads": [
                "The planning decision",
                "Rents and prices",
                "Objections",
                "Affordable homes",
            ],
            "quotes": [
                "This town needs homes that young families can actually afford.",
                "Nobody is against new housing. We are against the wrong housing in the wrong "
                "place.",
                "We have listened to residents and changed the scheme significantly.",
            ],
            "captions": [
                "The former {site} site, which has been empty for years.",
                "An artist's impression of the proposed development.",
                "Terraced houses in {place}.",
                "Campaigners outside the council offices before the vote.",
            ],
            "slots": {
                "homes": ["120", "240", "350", "480"],
                "rent_rise": ["9%", "11%", "14%"],
                "site": ["gasworks", "railway yard", "biscuit factory", "paper mill", "bus depot"],
                "org": [
                    "the council's planning committee",
                    "Harrowgate Homes",
                    "the tenants' union",
                ],
                "role": [
                    "chair of the planning committee",
                    "cabinet member for housing",
                    "managing director of Harrowgate Homes",
                ],
                "group": ["residents", "tenants", "neighbours", "parents"],
            },
        },
    ],
    "World": [
        {
            "tags": ["Climate", "Diplomacy", "Summits", "Environment"],
            "heads": [
                "Climate talks in {place} stall over funding for poorer nations",
                "{n} countries sign pledge to cut methane emissions by 2035",
                "Island states demand faster action as sea levels rise",
                "Negotiators reach late-night deal at {place} climate summit",
                "Rich nations accused of backsliding on climate finance promises",
            ],
            "stands": [
                "Delegates in {place} remain divided over who should pay for adapting to a "
                "warming world, with low-lying island states warning that time is running out.",
                "After two weeks of negotiations, a compromise deal was reached in the early "
                "hours, though campaigners say it falls short of what the science demands.",
                "A coalition of smaller nations is pressing wealthier countries to honour "
                "commitments made at previous climate summits.",
            ],
            "facts": [
                "Delegates from more than {n} countries attended the climate summit in {place}.",
                "The draft agreement calls for a fund worth {money} a year to help vulnerable "
                "nations adapt.",
                "Sea levels around some low-lying islands have risen by several centimetres in "
                "a decade.",
                "{org} said the text on emissions had been weakened in the final hours.",
                "Negotiators worked through the night as the summit overran by more than a day.",
                "Several oil-producing states objected to language on phasing out fossil fuels.",
                "Scientists warn that emissions must fall by almost half this decade to meet "
                "the agreed warming limits.",
                "The next round of climate talks will be held in a coastal city vulnerable to "
                "flooding.",
            ],
            "subheads": [
                "The deal on the table",
                "Who pays",
                "Island nations speak out",
                "The science",
            ],
            "quotes": [
                "For us this is not an abstract debate about targets. It is about whether our "
                "islands exist in fifty years.",
                "This agreement is imperfect, but it keeps the process alive.",
                "Promises are cheap. We need to see the money arrive.",
            ],
            "captions": [
                "Delegates at the climate summit in {place}.",
                "Protesters outside the conference centre.",
                "The summit's closing session ran into the early hours.",
                "A low-lying coastline threatened by rising seas.",
            ],
            "slots": {
                "org": [
                    "the Alliance of Low-Lying States",
                    "the summit secretariat",
                    "the Climate Justice Network",
                ],
                "role": [
                    "lead negotiator for the Alliance of Low-Lying States",
                    "environment minister of Talmora",
                    "chair of the summit",
                ],
                "group": ["campaigners", "island nations", "scientists", "delegates"],
            },
        },
        {
            "tags": ["Elections", "Democracy", "Diplomacy", "Government"],
            "heads": [
                "{country} votes in tight presidential run-off",
                "Opposition claims victory in {country} parliamentary election",
                "Observers report long queues but few irregularities in {country} poll",
                "{country}'s president concedes defeat after twelve years in power",
                "Protests in {country} capital as election result is disputed",
            ],
            "stands": [
                "Voters in {country} turned out in large numbers for a run-off between the "
                "sitting president and a former mayor who has promised to tackle corruption.",
                "International observers say the vote was largely peaceful, though the "
                "opposition has complained of unequal access to state media during the campaign.",
                "The result marks the first peaceful transfer of power in {country} in a "
                "generation, and neighbours have been quick to offer congratulations.",
            ],
            "facts": [
                "Turnout in {country} was estimated at {turnout}, the highest in two decades.",
                "The electoral commission said results from {n} constituencies were still "
                "being counted.",
                "Observers from {org} deployed more than {n} monitors across the country.",
                "The opposition candidate campaigned on a promise to tackle corruption and "
                "reform the courts.",
                "Long queues formed outside polling stations in the capital before dawn.",
                "The outgoing government had been accused of using state media to favour its "
                "candidate.",
                "Internet access was restricted in several regions on the eve of the vote.",
                "Neighbouring governments issued statements welcoming the peaceful conduct of "
                "the election.",
            ],
            "subheads": [
                "The count",
                "A changing country",
                "The observers' verdict",
                "Reaction abroad",
            ],
            "quotes": [
                "The people have spoken, and their voice must be respected.",
                "We saw long queues, patient voters and very few problems on the day itself.",
                "This is a victory for everyone who believed that change was possible.",
            ],
            "captions": [
                "Voters queue outside a polling station in {country}.",
                "Election officials count ballots by lamplight.",
                "Supporters gather in the capital's main square.",
                "A campaign rally in the final days before the vote.",
            ],
            "slots": {
                "country": ["Talmora", "Veskara", "Ostrelia", "Caldria"],
                "turnout": ["64%", "71%", "58%", "76%"],
                "org": [
                    "the Regional Election Monitoring Mission",
                    "the electoral commission",
                    "the Democracy Watch Network",
                ],
                "role": [
                    "head of the observer mission",
                    "opposition candidate",
                    "chair of the electoral commission",
                ],
                "group": ["voters", "opposition supporters", "election observers", "young people"],
            },
        },
        {
            "tags": ["Trade", "Global economy", "Shipping", "Diplomacy"],
            "heads": [
                "{country} and {country2} agree landmark trade deal",
                "Shipping delays in the {strait} push up freight costs",
                "Tariff dispute between {country} and its neighbours escalates",
                "Ports brace for disruption as dock workers in {country} strike",
                "Grain exports resume through the {strait} after weeks of delays",
            ],
            "stands": [
                "The agreement, years in the making, cuts tariffs on most goods and could add "
                "billions to trade between the two countries, according to their governments.",
                "Container ships are queueing for days to pass through the {strait}, and "
                "exporters warn that higher freight costs will eventually reach shop shelves.",
                "What began as a row over steel has spread to farm produce and cars, and "
                "economists fear a wider trade war in the region.",
            ],
            "facts": [
                "The trade deal removes tariffs on about {pct} of goods traded between "
                "{country} and {country2}.",
                "More than {n} container ships were waiting to pass through the {strait} on {day}.",
                "Freight rates on the main Asia-Europe route have risen by {pct} in a month.",
                "{org} warned that the dispute could knock half a point off regional growth.",
                "Farmers in {country} rely on the {strait} for most of their grain exports.",
                "Negotiators spent four years on the deal before it was finally signed in {place}.",
                "Car makers say the new tariffs would add {money} to their annual costs.",
                "Dock workers are demanding higher pay and limits on automation at the ports.",
            ],
            "subheads": [
                "What the deal covers",
                "Ships in the queue",
                "Winners and losers",
                "A wider dispute",
            ],
            "quotes": [
                "This agreement opens doors for businesses of every size on both sides.",
                "Every day a ship waits at anchor, somebody down the line pays for it.",
                "Nobody wins a trade war. Some just lose more slowly than others.",
            ],
            "captions": [
                "Container ships at anchor awaiting passage.",
                "Cranes at a busy container port.",
                "Trade ministers sign the agreement in {place}.",
                "Grain is loaded on to a bulk carrier.",
            ],
            "slots": {
                "country": ["Talmora", "Veskara", "Ostrelia", "Caldria"],
                "country2": ["Marenne", "Kessaly", "the Orran Federation"],
                "strait": ["Kessel Strait", "Gulf of Amaran", "Sorel Channel"],
                "org": [
                    "the Regional Development Bank",
                    "the International Freight Council",
                    "the Federation of Exporters",
                ],
                "role": [
                    "trade minister of Talmora",
                    "chief economist at the Regional Development Bank",
                    "head of the Federation of Exporters",
                ],
                "group": ["exporters", "farmers", "shipping companies", "dock workers"],
            },
        },
        {
            "tags": ["Humanitarian aid", "Disasters", "Refugees", "Aid"],
            "heads": [
                "Aid convoys reach remote villages after earthquake in northern {country}",
                "Drought leaves thousands facing food shortages in {country}, agencies warn",
                "Donors pledge {money} for rebuilding after cyclone",
                "Families return home to {country} border towns as fighting eases",
                "Aid agencies warn of cholera risk in crowded camps",
            ],
            "stands": [
                "Relief workers have finally reached mountain villages cut off since the "
                "earthquake, where survivors have been sleeping outdoors in freezing "
                "temperatures.",
                "A third failed rainy season has left crops withered and livestock dying, and "
                "aid agencies say funding for food aid is running out.",
                "International donors have pledged money for rebuilding, but aid workers warn "
                "that promises made after previous disasters were slow to arrive.",
            ],
            "facts": [
                "The earthquake struck at night, when most people were asleep in their homes.",
                "{org} estimates that {big} people need emergency shelter.",
                "Landslides blocked the only road into the valley for almost a week.",
                "Aid agencies have appealed for {money} to fund food, water and medical care.",
                "Temporary clinics have treated more than {big} people since the disaster.",
                "Rainfall in the region has been below average for {n_small} consecutive seasons.",
                "Helicopters have been used to drop supplies to villages that remain cut off.",
                "Camps built for a few thousand people now hold several times that number.",
            ],
            "subheads": ["Reaching the villages", "The appeal", "Life in the camps", "Rebuilding"],
            "quotes": [
                "We are reaching people now, but for many the help has come too late.",
                "Families have walked for days with whatever they could carry.",
                "The generosity of donors is real. Now it has to be turned into action quickly.",
            ],
            "captions": [
                "Aid workers unload supplies in a mountain village.",
                "Families wait for food distribution at a camp.",
                "A damaged road after the landslides.",
                "Temporary shelters on the edge of town.",
            ],
            "slots": {
                "country": ["Talmora", "Veskara", "Ostrelia", "Caldria"],
                "org": [
                    "the Lantern Aid Coalition",
                    "Harbourline Relief",
                    "the Northfield Humanitarian Trust",
                ],
                "role": [
                    "country director of Harbourline Relief",
                    "emergency co-ordinator for the Lantern Aid Coalition",
                    "regional governor",
                ],
                "group": ["aid agencies", "survivors", "families", "local volunteers"],
            },
        },
    ],
    "Politics": [
        {
            "tags": ["Council budget", "Local government", "Council tax", "Public services"],
            "heads": [
                "{place} council approves {budget} budget as libraries face cuts",
                "Council tax in {place} to rise by {tax_rise} as budget gap widens",
                "Councillors clash over plans to close {n_small} children's centres",
                "{place} council warns it could run out of money within two years",
                "Leader defends {place} budget after angry public meeting",
            ],
            "stands": [
                "The council says it has no choice but to raise council tax and trim services "
                "after costs for adult care and temporary housing rose faster than expected.",
                "Opposition councillors accused the ruling group of balancing the books on the "
                "backs of the most vulnerable, as the budget passed by a narrow margin.",
                "Finance officers have warned that reserves could be exhausted without "
                "significant savings, prompting a review of every service the council provides.",
            ],
            "facts": [
                "The council's budget for the coming year is {budget}, with a shortfall of "
                "almost £{n}.{n_small}m still to be found.",
                "Spending on adult social care now accounts for almost half of the council's "
                "budget.",
                "Council tax for a typical band D home will rise by {tax_rise}.",
                "Opening hours at {n_small} branch libraries will be reduced under the plans.",
                "Reserves have fallen by a third in three years, according to the finance "
                "director's report.",
                "The budget was approved by {n} votes to {n_small} after a debate lasting more "
                "than four hours.",
                "Councillors also agreed to sell two office buildings to raise money.",
                "The cost of temporary accommodation for homeless families has doubled in two "
                "years.",
                "Parish councils will be asked to take over some parks and public toilets.",
            ],
            "subheads": [
                "Where the cuts fall",
                "Council tax",
                "The opposition's case",
                "Reserves running low",
            ],
            "quotes": [
                "Nobody came into local politics to close libraries. But we have to set a legal "
                "budget.",
                "This budget asks the people with the least to carry the heaviest load.",
                "We are protecting the services people rely on most, and being honest about "
                "the rest.",
            ],
            "captions": [
                "Councillors debate the budget in the council chamber.",
                "The council offices in {place}.",
                "Protesters outside the town hall before the vote.",
                "A branch library facing reduced opening hours.",
            ],
            "slots": {
                "budget": ["£212m", "£348m", "£415m", "£96m"],
                "tax_rise": ["2.99%", "4.99%", "5.5%"],
                "org": ["the council", "the opposition group", "the local government association"],
                "role": [
                    "council leader",
                    "cabinet member for finance",
                    "leader of the opposition group",
                ],
                "group": ["residents", "councillors", "library users", "parents"],
            },
        },
        {
            "tags": ["Elections", "By-elections", "Polling", "Parties"],
            "heads": [
                "Governing party braced for defeat in {place} by-election",
                "Polls tighten as {place} by-election enters final week",
                "{person} wins {place} by-election with majority of {majority}",
                "Independent candidate shakes up race in {place}",
                "Turnout falls to record low in {place} by-election",
            ],
            "stands": [
                "Campaigners from every party have flooded the constituency, and a defeat for "
                "the government would be seen as a verdict on its first two years in office.",
                "Voters in {place} went to the polls in a by-election triggered by the sitting "
                "MP's resignation, with the cost of living dominating doorstep conversations.",
                "An independent candidate running on local issues has upended what was expected "
                "to be a two-horse race, according to the latest constituency polling.",
            ],
            "facts": [
                "The by-election was called after the sitting MP resigned to take up a job in "
                "the private sector.",
                "Turnout was {turnout}, down from more than sixty per cent at the general "
                "election.",
                "{person} won with a majority of {majority}, overturning a lead that had stood for "
                "two decades.",
                "Party leaders have visited the constituency {n_small} times between them.",
                "A constituency poll put the two leading candidates within {n_small} points of "
                "each other.",
                "Canvassers said the cost of living came up on almost every doorstep.",
                "The count at the leisure centre went on until almost 3am.",
                "Postal votes accounted for about a third of all ballots cast.",
            ],
            "subheads": [
                "On the doorstep",
                "The count",
                "What the polls say",
                "What it means nationally",
            ],
            "quotes": [
                "People here feel they have been taken for granted for too long.",
                "By-elections are about local anger as much as national trends. Read too much "
                "into them at your peril.",
                "I will be a voice for this town, not for a party machine.",
            ],
            "captions": [
                "Counting under way at the leisure centre in {place}.",
                "Campaigners on the doorstep in the final week.",
                "The winning candidate speaks after the declaration.",
                "A polling station sign outside a village hall.",
            ],
            "slots": {
                "majority": ["612", "1,204", "3,870", "5,441"],
                "turnout": ["27%", "31%", "38%"],
                "org": [
                    "the governing party",
                    "the main opposition party",
                    "the returning officer's team",
                ],
                "role": ["winning candidate", "independent candidate", "party's campaign director"],
                "group": ["voters", "party activists", "canvassers", "floating voters"],
            },
        },
        {
            "tags": ["Education", "Schools", "Ministers", "Government"],
            "heads": [
                "Education minister unveils plan to cut class sizes",
                "Schools to get {fund} for repairs after crumbling buildings report",
                "Minister under pressure over teacher recruitment targets",
                "Headteachers warn of cuts as school funding settlement published",
                "Free breakfast clubs to be extended to every primary school",
            ],
            "stands": [
                "The education minister says smaller classes will raise standards, but teaching "
                "unions question where the extra teachers will come from.",
                "Headteachers say the funding settlement leaves many schools worse off in real "
                "terms, as costs for energy and special needs support continue to climb.",
                "Ministers have promised money to repair school buildings, after a report found "
                "hundreds of classrooms in urgent need of work.",
            ],
            "facts": [
                "The average primary class in England has about 27 pupils, according to "
                "official estimates.",
                "Recruitment of new secondary teachers fell short of the target by {pct} last "
                "year.",
                "The repair fund of {fund} will be spread over three years.",
                "A survey of headteachers found {pct} expected to make cuts next year.",
                "Breakfast clubs will be offered free of charge to all primary pupils from "
                "September.",
                "Demand for support for pupils with special educational needs has risen sharply.",
                "The minister announced the plans during a visit to a school in {place}.",
                "Teaching unions are balloting members over pay and workload.",
            ],
            "subheads": ["In the classroom", "Funding", "The unions respond", "Recruitment"],
            "quotes": [
                "Every child deserves a teacher who knows their name and has time for them.",
                "Announcements are welcome, but schools need money that arrives on time.",
                "We cannot fix class sizes without fixing teacher recruitment first.",
            ],
            "captions": [
                "Pupils in a primary school classroom in {place}.",
                "The education minister during a school visit.",
                "A temporary classroom in a school playground.",
                "Teachers at a union meeting.",
            ],
            "slots": {
                "fund": ["£450m", "£800m", "£1.2bn"],
                "org": [
                    "the Department for Education",
                    "the teachers' union",
                    "the headteachers' association",
                ],
                "role": [
                    "education minister",
                    "general secretary of the teachers' union",
                    "head of a primary school in {place}",
                ],
                "group": ["headteachers", "teachers", "parents", "teaching unions"],
            },
        },
        {
            "tags": ["Parliament", "Standards", "Transparency", "Government"],
            "heads": [
                "MPs vote to tighten rules on second jobs",
                "Minister faces questions over lobbying meetings",
                "Committee calls for overhaul of how public contracts are awarded",
                "Standards watchdog to investigate MP's expenses claims",
                "Government accused of burying report on consultancy spending",
            ],
            "stands": [
                "After a long-running row over outside earnings, MPs have backed new limits on "
                "the paid work they can do, though critics say loopholes remain.",
                "A cross-party committee says public contracts worth billions were awarded "
                "without proper competition, and calls for an independent procurement watchdog.",
                "The minister insists every meeting was properly declared, but opposition "
                "parties want the full diaries published.",
            ],
            "facts": [
                "The new rules cap paid outside work at {n_small} hours a week.",
                "Contracts worth {money} were awarded without open competition, the committee "
                "found.",
                "The register of interests will be updated monthly rather than quarterly.",
                "The standards commissioner opened {n} investigations last year.",
                "Ministers held more than {n} meetings with lobbyists in six months, according "
                "to published diaries.",
                "The motion passed by a majority of {n} after a heated debate in the Commons.",
                "Spending on outside consultants across government has doubled in five years.",
                "The committee's report makes {n_small} recommendations, including a new watchdog.",
            ],
            "subheads": [
                "The new rules",
                "Questions for ministers",
                "The committee's findings",
                "Loopholes",
            ],
            "quotes": [
                "Public trust is hard won and easily lost. These rules are a start.",
                "Every meeting was declared in full, in line with the ministerial code.",
                "Sunlight is the best disinfectant, and there has been too little of it.",
            ],
            "captions": [
                "The Houses of Parliament at dusk.",
                "MPs leave the chamber after the vote.",
                "The committee takes evidence from officials.",
                "Government offices in Westminster.",
            ],
            "slots": {
                "org": [
                    "the standards committee",
                    "the public accounts committee",
                    "Transparency Now",
                ],
                "role": [
                    "chair of the standards committee",
                    "minister for the cabinet office",
                    "director of Transparency Now",
                ],
                "group": ["MPs", "campaigners", "civil servants", "voters"],
            },
        },
    ],
    "Business": [
        {
            "tags": ["Interest rates", "Economy", "Inflation", "Central bank"],
            "heads": [
                "Central bank holds interest rates at {rate} as inflation eases",
                "Inflation falls to {inflation} in boost for households",
                "Economists split over timing of next interest rate cut",
                "Mortgage rates fall as lenders price in lower borrowing costs",
                "Growth stalls as households cut back on spending",
            ],
            "stands": [
                "Policymakers voted to keep borrowing costs on hold, saying inflation is "
                "falling but not yet low enough to be confident it will stay near target.",
                "Lower food and fuel prices pulled inflation down last month, offering some "
                "relief to households that have endured two years of rising bills.",
                "Lenders have started cutting mortgage rates, but economists warn that "
                "borrowers coming off cheap fixed deals still face a jump in monthly payments.",
            ],
            "facts": [
                "The central bank's rate-setting committee voted seven to two to hold rates "
                "at {rate}.",
                "Consumer price inflation fell to {inflation} last month, from a peak of more "
                "than ten per cent.",
                "Food price inflation has slowed for {n_small} consecutive months.",
                "The average two-year fixed mortgage rate has fallen below five per cent for "
                "the first time in a year.",
                "The economy grew by just 0.1% in the last quarter, according to official "
                "estimates.",
                "Markets are pricing in {n_small} rate cuts over the next year.",
                "Wage growth remains strong, which policymakers fear could keep inflation sticky.",
                "About {big} households are due to come off fixed-rate mortgage deals this year.",
            ],
            "subheads": [
                "The rate decision",
                "What it means for mortgages",
                "Prices and wages",
                "The outlook",
            ],
            "quotes": [
                "We are making progress on inflation, but the job is not yet done.",
                "For households, the question is not when rates fall but how far.",
                "The economy is flat, not falling. That is not the same as healthy.",
            ],
            "captions": [
                "The central bank's headquarters.",
                "Shoppers in a supermarket aisle.",
                "A row of estate agents' windows on the high street.",
                "Traders watch the rate decision on screens.",
            ],
            "slots": {
                "rate": ["4%", "4.25%", "4.5%", "4.75%"],
                "inflation": ["2.3%", "2.8%", "3.1%", "3.6%"],
                "org": [
                    "the central bank",
                    "the Office for Economic Statistics",
                    "the Building Societies Council",
                ],
                "role": [
                    "governor of the central bank",
                    "chief economist at Stanmore Bank",
                    "head of the Building Societies Council",
                ],
                "group": ["borrowers", "savers", "households", "economists"],
            },
        },
        {
            "tags": ["Retail", "High street", "Jobs", "Consumer spending"],
            "heads": [
                "{retailer} to close {stores} stores with loss of {big} jobs",
                "Shoppers return to high street as sales beat forecasts",
                "Discount chain {retailer} reports record profits",
                "{retailer} bets on smaller stores as online sales slow",
                "Christmas trading disappoints at {retailer}",
            ],
            "stands": [
                "The chain says high rents and falling footfall have made many of its shops "
                "unviable, and staff will be offered jobs at nearby branches where possible.",
                "Retail sales rose unexpectedly last month, as warmer weather and easing "
                "inflation tempted shoppers back to the high street.",
                "The retailer's results show shoppers are still hunting for bargains, even as "
                "the squeeze on household budgets begins to ease.",
            ],
            "facts": [
                "{retailer} said {stores} stores would close by the end of the year.",
                "Retail sales volumes rose by {pct_small} last month, according to official "
                "figures.",
                "Footfall on high streets is still about {pct} below its level of five years ago.",
                "Online sales now account for about a quarter of all retail spending.",
                "{retailer} reported pre-tax profits of {money}, up from the year before.",
                "Staff at closing branches will be offered redeployment where possible.",
                "Business rates and rising wage costs were blamed for the closures.",
                "Shares in {retailer} rose {pct_small} in early trading after the announcement.",
            ],
            "subheads": [
                "The closures",
                "Shoppers' habits",
                "The results",
                "The high street's future",
            ],
            "quotes": [
                "We have had to make some very difficult decisions about stores that no longer "
                "pay their way.",
                "Shoppers have not abandoned the high street. They have become far choosier "
                "about it.",
                "Our customers want value, and we have been relentless about giving it to them.",
            ],
            "captions": [
                "Shoppers on the high street in {place}.",
                "A {retailer} store due to close.",
                "Sale signs in a shop window.",
                "Staff restock shelves at a discount store.",
            ],
            "slots": {
                "stores": ["35", "48", "62", "90"],
                "retailer": ["Hollins & Pryce", "Brightwater Foods", "ValueMart", "Corner & Co"],
                "org": [
                    "the Retail Trade Association",
                    "the shopworkers' union",
                    "the Office for Economic Statistics",
                ],
                "role": [
                    "chief executive of Hollins & Pryce",
                    "director of the Retail Trade Association",
                    "general secretary of the shopworkers' union",
                ],
                "group": ["shoppers", "shop workers", "landlords", "small retailers"],
            },
        },
        {
            "tags": ["Energy", "Renewables", "Household bills", "Companies"],
            "heads": [
                "{company} to build {money} offshore wind farm off the east coast",
                "Energy bills to fall by {bill_fall} from April",
                "Solar panel installations hit record high as bills bite",
                "{company} profits soar as customers struggle with bills",
                "Grid connection delays hold back hundreds of green energy projects",
            ],
            "stands": [
                "The wind farm would be one of the largest in Europe and could power millions "
                "of homes, but it still needs a connection to a grid that is already congested.",
                "The price cap will fall in the spring, regulators say, though bills remain "
                "well above where they were before the energy crisis.",
                "Households are turning to rooftop solar in record numbers, as installers "
                "struggle to keep up with demand.",
            ],
            "facts": [
                "The offshore wind farm would generate enough electricity for {big} homes.",
                "A typical household's annual energy bill will fall to about {bill}.",
                "{company} reported operating profits of {money}, up {pct} on the year.",
                "More than {big} solar installations were completed in the past three months.",
                "Projects waiting for a grid connection could face delays of up to ten years.",
                "The regulator has promised to speed up how connections are allocated.",
                "Wholesale gas prices have fallen by {pct} since the winter.",
                "About {big} households are behind on their energy bills, according to charities.",
            ],
            "subheads": [
                "The wind farm",
                "Bills and the price cap",
                "Profits under scrutiny",
                "The grid bottleneck",
            ],
            "quotes": [
                "This project shows what is possible when investment and policy line up.",
                "Lower bills are welcome, but millions of people are still in debt to their "
                "supplier.",
                "We have the projects. What we do not have is the cables to connect them.",
            ],
            "captions": [
                "Wind turbines off the east coast.",
                "Solar panels on the roofs of terraced houses in {place}.",
                "An electricity substation.",
                "Engineers at work on a turbine blade.",
            ],
            "slots": {
                "bill_fall": ["7%", "9%", "12%"],
                "company": ["Northwind Energy", "Calder & Vane Power", "Brightline Utilities"],
                "org": [
                    "the energy regulator",
                    "the Renewable Industry Council",
                    "the Fuel Poverty Alliance",
                ],
                "role": [
                    "chief executive of Northwind Energy",
                    "head of the energy regulator",
                    "director of the Fuel Poverty Alliance",
                ],
                "group": ["households", "bill payers", "installers", "energy companies"],
            },
        },
        {
            "tags": ["Markets", "Mergers and acquisitions", "Companies", "Shares"],
            "heads": [
                "{company} agrees {deal} takeover by American rival",
                "Shares in {company} jump after upbeat trading update",
                "Shareholders revolt over chief executive's pay at {company}",
                "{company} rejects private equity bid as too low",
                "Stock market hits record high as tech shares rally",
            ],
            "stands": [
                "The board has recommended the offer to shareholders, ending months of "
                "speculation, though unions want guarantees over jobs and the company's "
                "headquarters.",
                "Investors cheered a better-than-expected trading update, sending shares to "
                "their highest level in more than a year.",
                "Almost a third of shareholders voted against the pay report, in one of the "
                "largest protests of the annual meeting season.",
            ],
            "facts": [
                "The offer values {company} at {deal}, a premium of {pct} to its share price.",
                "Shares in {company} closed up {pct_small} on {day}.",
                "The board said it had received {n_small} approaches in the past year.",
                "About {pct} of votes were cast against the pay report at the annual meeting.",
                "The deal is subject to approval by competition regulators.",
                "The main index closed at a record high, led by technology and mining shares.",
                "The chief executive's total pay package was worth {money} last year.",
                "The buyer has promised to keep the headquarters in {place} for at least five "
                "years.",
            ],
            "subheads": ["The offer", "Investors react", "Jobs and guarantees", "The boardroom"],
            "quotes": [
                "This is a good deal for shareholders and for the business.",
                "Shareholders have sent a clear message, and the board must listen.",
                "Takeovers promise a lot. We want those promises in writing.",
            ],
            "captions": [
                "The headquarters of {company} in {place}.",
                "Traders on a dealing floor.",
                "Shareholders arrive for the annual meeting.",
                "Share prices on a screen in the City.",
            ],
            "slots": {
                "deal": ["£640m", "£910m", "£1.2bn", "£2.8bn"],
                "company": [
                    "Harlow Dynamics",
                    "Meridian Freight",
                    "Greystone Insurance",
                    "Ashdown Pharmaceuticals",
                ],
                "org": [
                    "the Investor Stewardship Group",
                    "the competition regulator",
                    "the stock exchange",
                ],
                "role": [
                    "chair of Harlow Dynamics",
                    "chief executive of Meridian Freight",
                    "director of the Investor Stewardship Group",
                ],
                "group": ["shareholders", "investors", "staff", "unions"],
            },
        },
    ],
    "Technology": [
        {
            "tags": ["Semiconductors", "Manufacturing", "Supply chains", "Chips"],
            "heads": [
                "{chipco} to build new chip plant in {place}",
                "Chip shortage eases as new factories come online",
                "{chipco} unveils processor it says halves power use",
                "Government offers {money} to lure chip makers",
                "Chip designers warn of shortage of skilled engineers",
            ],
            "stands": [
                "The semiconductor plant would create hundreds of skilled jobs, but depends on "
                "government subsidies and a supply of engineers the industry says it lacks.",
                "The new processor is aimed at laptops and data centres, where energy use has "
                "become as important as raw speed.",
                "After years of shortages that hit everything from cars to games consoles, "
                "chip supplies are finally catching up with demand.",
            ],
            "facts": [
                "The chip factory would employ about {n}00 people when fully operational.",
                "Modern chip plants cost billions to build and take years to reach full "
                "production.",
                "{chipco} says its new processor uses about half the power of its predecessor.",
                "Lead times for some chips have fallen from a year to a few weeks.",
                "Car makers were forced to halt production lines during the chip shortage.",
                "Universities produce too few graduates with chip design skills, according to "
                "an industry survey.",
                "The government's semiconductor strategy includes {money} in grants.",
                "Most of the world's advanced chips are made by a handful of companies.",
            ],
            "subheads": [
                "The new plant",
                "Power and performance",
                "The skills gap",
                "Supply chains",
            ],
            "quotes": [
                "Chips are the foundation of every product we use. We cannot afford to rely "
                "entirely on others.",
                "Performance per watt is now the number that matters most to our customers.",
                "You cannot build a chip industry without the engineers to design and run it.",
            ],
            "captions": [
                "A silicon wafer under inspection.",
                "The site of the proposed chip plant near {place}.",
                "A technician in a clean room.",
                "Circuit boards on a production line.",
            ],
            "slots": {
                "chipco": ["Lumen Semiconductor", "Arcway Silicon", "Quantix Devices"],
                "org": [
                    "the Semiconductor Industry Council",
                    "Lumen Semiconductor",
                    "the Department for Science",
                ],
                "role": [
                    "chief executive of Lumen Semiconductor",
                    "director of the Semiconductor Industry Council",
                    "science minister",
                ],
                "group": ["engineers", "car makers", "chip designers", "manufacturers"],
            },
        },
        {
            "tags": ["Privacy", "Data protection", "Regulation", "Apps"],
            "heads": [
                "Regulator fines {appco} {fine} over children's data",
                "Fitness app shared location data with advertisers, study finds",
                "New rules give users right to see how algorithms rank their feeds",
                "{appco} to stop tracking users across other apps",
                "Parents urged to check privacy settings on smart toys",
            ],
            "stands": [
                "The data protection regulator says the company collected information about "
                "young users without proper consent and failed to explain how it was used.",
                "Researchers found that a popular fitness app sent precise location data to "
                "advertising networks, even when users had switched off tracking.",
                "Under the new rules, large platforms will have to explain how their "
                "recommendation systems work and let users choose a simpler feed.",
            ],
            "facts": [
                "The regulator fined {appco} {fine} for breaching data protection law.",
                "Researchers tested {n} popular apps and found most shared data with third "
                "parties.",
                "Location data can reveal where people live, work and worship.",
                "The company says it has already changed its privacy settings for younger users.",
                "The new rules apply to platforms with more than {big} thousand users.",
                "Users will be able to switch to a chronological feed with one tap.",
                "Privacy campaigners say fines are too small to change the behaviour of large "
                "firms.",
                "{appco} has {n} days to appeal against the decision.",
            ],
            "subheads": ["The ruling", "What the researchers found", "Your data", "The new rules"],
            "quotes": [
                "Children's data deserves the highest level of protection, and this company "
                "fell well short.",
                "People assume that switching off tracking means it stops. Too often it does not.",
                "We take privacy seriously and will study the decision carefully.",
            ],
            "captions": [
                "A smartphone showing app permissions.",
                "Teenagers using phones in {place}.",
                "The regulator's offices.",
                "A privacy settings screen.",
            ],
            "slots": {
                "fine": ["£750,000", "£2.3m", "£4.5m", "£12m"],
                "appco": ["Chirrup", "Pocketfit", "Snapvault", "Loopline"],
                "org": [
                    "the data protection regulator",
                    "the Privacy Commons",
                    "the Open Systems Lab",
                ],
                "role": [
                    "information commissioner",
                    "director of the Privacy Commons",
                    "lead researcher at the Open Systems Lab",
                ],
                "group": ["users", "parents", "privacy campaigners", "advertisers"],
            },
        },
        {
            "tags": ["Start-ups", "Apps", "Investment", "Smartphones"],
            "heads": [
                "{place} start-up raises {raise} for app that cuts food waste",
                "Smartphone sales slump as buyers keep handsets for longer",
                "Founders struggle to raise money as investors turn cautious",
                "{startup} app hits one million downloads in a month",
                "Repairable phone maker doubles sales as right-to-repair rules loom",
            ],
            "stands": [
                "The start-up connects shops and cafes with people willing to buy surplus food "
                "at a discount, and says it has already saved hundreds of tonnes from the bin.",
                "People are holding on to their phones for longer than ever, as prices rise and "
                "new models offer fewer reasons to upgrade.",
                "Venture capital funding has fallen for a second year, and founders say "
                "investors now want to see profits rather than promises.",
            ],
            "facts": [
                "{startup} raised {raise} in a funding round led by Greyfield Capital.",
                "The average smartphone is now replaced every {n_small} years.",
                "Venture capital investment in start-ups fell by {pct} last year.",
                "The app has {big} active users, most of them in cities.",
                "{startup} employs {n} people from a converted warehouse in {place}.",
                "Smartphone shipments fell for the {ordinal} year in a row.",
                "The company plans to expand into three more countries next year.",
                "Investors are increasingly asking start-ups to show a path to profit.",
            ],
            "subheads": [
                "The funding round",
                "How the app works",
                "A cautious market",
                "Growth plans",
            ],
            "quotes": [
                "We started this at a kitchen table. Now we are in hundreds of shops.",
                "The days of easy money are over. Good companies will still get funded.",
                "People want phones that last. That is good for them and for the planet.",
            ],
            "captions": [
                "The founders of {startup} in their office in {place}.",
                "A smartphone displaying the app.",
                "A phone repair workbench.",
                "Start-up staff at work in a shared office.",
            ],
            "slots": {
                "raise": ["£1.2m", "£3m", "£8.5m", "£15m"],
                "startup": ["Leftova", "Tidybox", "Routewise", "Fernhill Labs"],
                "org": ["Greyfield Capital", "the Start-up Network", "{startup}"],
                "role": [
                    "co-founder of {startup}",
                    "partner at Greyfield Capital",
                    "head of the Start-up Network",
                ],
                "group": ["founders", "investors", "users", "shop owners"],
            },
        },
        {
            "tags": ["Artificial intelligence", "Research", "Regulation", "Jobs"],
            "heads": [
                "Researchers build AI tool to spot crop disease from photos",
                "Firms urged to disclose when customers are talking to a chatbot",
                "AI helps doctors read scans faster in {place} hospital trial",
                "Call centre jobs at risk as firms turn to automated assistants",
                "Universities race to set rules on AI in coursework",
            ],
            "stands": [
                "A team at Harwick University has trained a system to identify diseased crops "
                "from smartphone photos, which it hopes could help small farmers act sooner.",
                "Consumer groups want companies to make clear when customers are dealing with "
                "an automated assistant rather than a person.",
                "A hospital trial found the software flagged urgent scans sooner, but doctors "
                "stress that a human still makes the final call.",
            ],
            "facts": [
                "The crop disease system was trained on more than {big} labelled photos.",
                "In the hospital trial, urgent scans were reported {pct} faster on average.",
                "A survey found {pct} of customers could not tell they were talking to a chatbot.",
                "The research team plans to release the model free for farmers to use.",
                "Unions say employers should consult staff before introducing automated systems.",
                "Universities are updating assessment rules to account for AI writing tools.",
                "The system still makes mistakes, particularly in poor lighting.",
                "Regulators are consulting on rules for how AI is used in public services.",
            ],
            "subheads": ["How it works", "The limits", "Jobs and automation", "Setting the rules"],
            "quotes": [
                "The software is a second pair of eyes. It is not a replacement for the doctor.",
                "People have a right to know whether they are talking to a person or a machine.",
                "If it helps a farmer save one harvest, it has been worth building.",
            ],
            "captions": [
                "Researchers test the crop disease tool in a field near {place}.",
                "A doctor reviews a scan on screen.",
                "Rows of servers in a data centre.",
                "A chatbot window on a laptop.",
            ],
            "slots": {
                "org": ["Harwick University", "the Consumer Council", "the AI Standards Office"],
                "role": [
                    "lead researcher at Harwick University",
                    "director of the Consumer Council",
                    "head of radiology at Riverton General Hospital",
                ],
                "group": ["researchers", "doctors", "customers", "workers"],
            },
        },
    ],
    "Entertainment": [
        {
            "tags": ["Film", "Cinema", "Awards", "Directors"],
            "heads": [
                "{film} wins top prize at {festival}",
                "Review: {film} is a tender, unhurried study of grief",
                "{film} tops the box office in its opening weekend",
                "Independent cinemas in {place} fight for survival",
                "First-time director {person} on making {film} for almost nothing",
            ],
            "stands": [
                "The quiet drama about a lighthouse keeper and her estranged son beat a field "
                "of bigger-budget rivals to take the festival's most coveted award.",
                "Patient, beautifully shot and anchored by two remarkable performances, {film} "
                "rewards anyone willing to slow down and let it work.",
                "Small cinemas say rising costs and changing habits have left them fragile, "
                "even as audiences return for the right film.",
            ],
            "facts": [
                "{film} was shot in {n_small} weeks on a budget of less than {money_small}.",
                "The film took {money_small} at the box office in its first weekend.",
                'The jury praised the film\'s "restraint and quiet power".',
                "Admissions at independent cinemas are still {pct_small} below their level before "
                "the pandemic.",
                "The lead role was played by a first-time actor discovered at a local theatre "
                "group.",
                "The festival screened more than 200 films from {n_small}0 countries this year.",
                "The cinema's single screen has been showing films since the 1930s.",
                "The soundtrack was recorded in a church with a string quartet.",
            ],
            "subheads": [
                "The verdict",
                "Behind the camera",
                "The box office",
                "Keeping the lights on",
            ],
            "quotes": [
                "We made this film with friends, favours and a lot of patience.",
                "Cinema is still the best place to watch a film with strangers and feel "
                "something together.",
                "I never expected this. I thought we would be lucky to get a screening.",
            ],
            "captions": [
                "A scene from {film}.",
                "The director on the red carpet at {festival}.",
                "The foyer of an independent cinema in {place}.",
                "Audiences queue for a screening.",
            ],
            "slots": {
                "film": [
                    "The Quiet Harbour",
                    "Salt and Iron",
                    "A Season of Lanterns",
                    "The Cartographer's Daughter",
                ],
                "festival": [
                    "the Harbourlight Film Festival",
                    "the Northgate Film Festival",
                    "the Meridian Film Awards",
                ],
                "org": ["the Independent Cinema Association", "the festival jury", "the Film Fund"],
                "role": [
                    "director of {film}",
                    "head of the Independent Cinema Association",
                    "festival director",
                ],
                "group": ["cinema-goers", "critics", "film-makers", "audiences"],
            },
        },
        {
            "tags": ["Music", "Festivals", "Live music", "Albums"],
            "heads": [
                "{band} announce surprise album and arena tour",
                "{festival} sells out in record time",
                "Review: {band} at {venue} – joyous, loud and a little too long",
                "Small music venues warn of closures as costs rise",
                "{band} top the album chart with their fourth record",
            ],
            "stands": [
                "The band released the record without warning at midnight, along with dates "
                "for their biggest tour yet, sending fans scrambling for tickets.",
                "Tickets for this year's festival were gone within hours, as organisers "
                "promised a line-up split evenly between established acts and newcomers.",
                "Grassroots venues, where most bands play their first gigs, say rising rents "
                "and energy bills are pushing many to the brink.",
            ],
            "facts": [
                "The album was recorded in {n_small} weeks in a converted barn.",
                "All {big} tickets for the festival sold out within {n_small} hours.",
                "The tour will visit {n} cities over three months.",
                "Grassroots music venues closed at a rate of about {n_small} a month last year.",
                "The band played for almost two and a half hours, with three encores.",
                "The album's first single has been streamed more than {big} thousand times.",
                "A levy on arena tickets has been proposed to support small venues.",
                "The festival's line-up features {n} acts across five stages.",
            ],
            "subheads": ["The new record", "On stage", "The tickets", "Small venues"],
            "quotes": [
                "We wanted people to hear it all at once, without months of build-up.",
                "Every big band started in a room like this one. Lose these rooms and you lose "
                "the next generation.",
                "Playing to a crowd that knows every word never gets old.",
            ],
            "captions": [
                "{band} on stage at {venue}.",
                "Crowds at the main stage of {festival}.",
                "A small music venue in {place}.",
                "Fans queue outside before the doors open.",
            ],
            "slots": {
                "band": [
                    "Paper Satellites",
                    "The Lowland Choir",
                    "Glasshouse Radio",
                    "Velvet Arcade",
                ],
                "festival": [
                    "Harbourlight festival",
                    "Greenacre Weekender",
                    "Riverfields festival",
                ],
                "venue": [
                    "the Riverton Corn Exchange",
                    "the Northgate Arena",
                    "the Kingsbridge Empire",
                ],
                "org": ["the Music Venues Trust", "the promoters", "the festival organisers"],
                "role": [
                    "singer with {band}",
                    "chief executive of the Music Venues Trust",
                    "festival director",
                ],
                "group": ["fans", "promoters", "musicians", "venue owners"],
            },
        },
        {
            "tags": ["Television", "Streaming", "Drama", "Comedy"],
            "heads": [
                "{show} renewed for third series after record audiences",
                "Streaming service orders drama set in {place}",
                "Review: {show} returns sharper, funnier and sadder",
                "TV licence fee debate reignites as viewing habits change",
                "Writers' room of {show} opens up about its final series",
            ],
            "stands": [
                "The drama drew its biggest audience yet for its second series finale, and the "
                "broadcaster has wasted no time ordering more.",
                "Filming will begin in the spring, and producers say they hope to hire local "
                "crew and extras from across the region.",
                "The comedy's return finds its characters older, poorer and no wiser, which is "
                "exactly what makes it so good.",
            ],
            "facts": [
                "The series finale of {show} was watched by {big} thousand viewers on the night.",
                "Filming is expected to bring {money} into the local economy.",
                "Younger viewers now spend more time on streaming services than on live "
                "television.",
                "The new series will have {n_small} episodes, up from six.",
                "Casting calls for extras have attracted more than {big} applications.",
                "The writers worked on the final series for almost two years.",
                "The broadcaster said streaming of the series had doubled since last year.",
                "The drama was filmed almost entirely on location in {place}.",
            ],
            "subheads": ["The ratings", "On location", "The verdict", "The future of TV"],
            "quotes": [
                "We always knew the audience was out there. It just took a while to find us.",
                "It is a love letter to a town that rarely sees itself on screen.",
                "Comedy is at its best when it is a little bit sad.",
            ],
            "captions": [
                "A scene from {show}.",
                "Filming on location in {place}.",
                "The cast at the series premiere.",
                "A family watches television at home.",
            ],
            "slots": {
                "show": ["Harbour Street", "The Night Desk", "Small Mercies", "Tallow & Finch"],
                "org": ["the broadcaster", "the Screen Agency", "the production company"],
                "role": [
                    "creator of {show}",
                    "head of drama at the broadcaster",
                    "executive producer",
                ],
                "group": ["viewers", "critics", "fans", "local crew"],
            },
        },
        {
            "tags": ["Books", "Theatre", "Prizes", "Arts funding"],
            "heads": [
                "Debut novel {book} wins the {prize}",
                "Theatre in {place} saved from closure by community appeal",
                "Arts funding cuts put {n_small} regional theatres at risk",
                "Review: a revival of {play} that feels startlingly modern",
                "Library book loans rise for third year running",
            ],
            "stands": [
                "The judges called the novel, about three generations of a family running a "
                'seaside cafe, "funny, furious and impossible to put down".',
                "Hundreds of residents donated to keep the theatre open, after its funding was "
                "withdrawn and its future looked bleak.",
                "Regional theatres warn that a cut in public funding could force some to close "
                "their doors, with small towns likely to lose out most.",
            ],
            "facts": [
                "{book} was turned down by {n_small} publishers before it was accepted.",
                "The prize is worth {money_small} to the winner.",
                "The community appeal raised {money_small} in six weeks.",
                "The theatre has staged productions in {place} for more than a century.",
                "Arts funding has fallen by {pct} in real terms over a decade.",
                "Library loans rose by {pct} last year, driven by children's books.",
                "The revival of {play} runs until the end of next month.",
                "The author wrote the novel in the evenings while working as a nurse.",
            ],
            "subheads": ["The judges' verdict", "The appeal", "Funding", "On stage"],
            "quotes": [
                "I wrote this book for my grandmother, who never got to read it.",
                "This town decided its theatre was worth saving, and it saved it.",
                "When a theatre closes, a town loses far more than a building.",
            ],
            "captions": [
                "The author of {book} at the prize ceremony.",
                "The theatre in {place}.",
                "A scene from the revival of {play}.",
                "Shelves in a busy public library.",
            ],
            "slots": {
                "book": [
                    "The Salt Road",
                    "Tides of Small Things",
                    "What the River Kept",
                    "The Sunday Cafe",
                ],
                "prize": [
                    "Harwick Prize for Fiction",
                    "Northern Book Award",
                    "Meridian First Novel Prize",
                ],
                "play": ["The Glass Orchard", "A House on Fenn Street", "Low Tide"],
                "org": ["the Arts Council", "the theatre's trustees", "the prize committee"],
                "role": [
                    "author of {book}",
                    "artistic director of the theatre",
                    "chair of the judges",
                ],
                "group": ["readers", "theatre-goers", "writers", "arts groups"],
            },
        },
    ],
    "Sport": [
        {
            "tags": ["Football", "Match report", "League"],
            "heads": [
                "{team} come from behind to beat {rival} {score}",
                "Late penalty sinks {rival} as {team} climb to second",
                "{team} held to goalless draw by ten-man {rival}",
                "{player} hat-trick fires {team} past {rival}",
                "{rival} end {team}'s unbeaten run",
            ],
            "stands": [
                "Two goals in the last quarter of an hour turned the match on its head, as "
                "{team} kept up their push for promotion in front of a sell-out crowd.",
                "A late penalty decided a tense, scrappy game, leaving {rival} frustrated and "
                "{team} dreaming of a top-two finish.",
                "{player} scored three times in a first half of rare quality, as {team} made "
                "light work of their local rivals.",
            ],
            "facts": [
                "{player} scored with a low shot from the edge of the area after {n} minutes.",
                "The home side had {possession} of possession but struggled to create clear "
                "chances.",
                "{rival} were reduced to ten men early in the second half after a second "
                "yellow card.",
                "The crowd of {big} was the largest at the ground this season.",
                "The goalkeeper made a superb double save to keep the scores level at the break.",
                "{team} have now won {n_few} of their last seven league matches.",
                "The penalty was awarded after a lengthy video review.",
                "The result leaves {rival} {n_small} points adrift of the play-off places.",
                "The winner came from a corner that was only half cleared.",
            ],
            "subheads": ["How the goals came", "Turning point", "Manager's verdict", "The table"],
            "quotes": [
                "We were nowhere near our best in the first half, but the character in the "
                "second was outstanding.",
                "It is a game we should have won. We have only ourselves to blame.",
                "The supporters dragged us over the line today.",
            ],
            "captions": [
                "{player} celebrates scoring for {team}.",
                "Players challenge for the ball in the second half.",
                "Fans in the home end before kick-off.",
                "The {team} manager on the touchline.",
            ],
            "slots": {
                "team": [
                    "Riverton Athletic",
                    "Northgate Rovers",
                    "Kingsbridge United",
                    "Port Hadley Town",
                ],
                "rival": [
                    "Eastwick Wanderers",
                    "Ashford Mill City",
                    "Holloway Bridge",
                    "Marlow Heath",
                ],
                "org": ["{team}", "the league", "the supporters' trust"],
                "role": ["manager of {team}", "{team} captain", "manager of {rival}"],
                "group": ["supporters", "fans", "season-ticket holders", "players"],
            },
        },
        {
            "tags": ["Football", "Transfers", "Contracts"],
            "heads": [
                "{team} sign {player} in club-record {fee} deal",
                "{player} set to leave {team} after contract talks stall",
                "{team} manager demands new signings before deadline day",
                "{player} signs new four-year contract with {team}",
                "Deadline day: how {team} did their business",
            ],
            "stands": [
                "The midfielder, who has been watched by several bigger clubs, has agreed a "
                "long-term deal after passing a medical at the training ground.",
                "Negotiations over a new contract have broken down, and the club are now "
                "expected to listen to offers before the transfer window closes.",
                "With injuries piling up and the window closing, the manager has made clear "
                "that the squad is too thin to compete on two fronts.",
            ],
            "facts": [
                "The fee of {fee} is a club record, beating the previous mark set {ago}.",
                "{player} scored {n} goals in all competitions last season.",
                "The contract runs until the summer of 2029 with an option of a further year.",
                "{team} have made {n_small} signings so far this window.",
                "The player passed a medical at the training ground on {day}.",
                "Several clubs abroad are understood to be monitoring the situation.",
                "The club's wage bill has risen by {pct} in two seasons.",
                "The transfer window closes at 11pm on Friday.",
            ],
            "subheads": ["The deal", "Contract talks", "Squad needs", "Deadline day"],
            "quotes": [
                "I have wanted to play for this club since I was a boy. It is a dream come true.",
                "We need bodies, and we need them before the window shuts.",
                "The club made a fair offer. We are disappointed it was not accepted.",
            ],
            "captions": [
                "{player} with the {team} shirt after signing.",
                "The training ground in {place}.",
                "{player} in action last season.",
                "The manager watches training.",
            ],
            "slots": {
                "team": [
                    "Riverton Athletic",
                    "Northgate Rovers",
                    "Kingsbridge United",
                    "Port Hadley Town",
                ],
                "fee": ["£4.5m", "£7m", "£12.5m", "£18m"],
                "org": ["{team}", "the player's agent", "the league"],
                "role": ["manager of {team}", "director of football at {team}", "{team} chairman"],
                "group": ["supporters", "scouts", "rival clubs", "fans"],
            },
        },
        {
            "tags": ["Cricket", "County cricket", "Championship"],
            "heads": [
                "{county} bowled out for {runs} as title hopes fade",
                "Century from {player} puts {county} in command",
                "Rain frustrates {county} on final day at {ground}",
                "{county} seamer {player} takes seven wickets",
                "{county} chase down {runs} to win with one ball to spare",
            ],
            "stands": [
                "A collapse after lunch undid a promising start, leaving {county} facing a long "
                "battle to save the match and their slim title hopes.",
                "{player} batted for almost six hours, reaching a first century of the season "
                "and giving {county} a commanding lead.",
                "Only a handful of overs were possible on the final day, as rain denied {county} "
                "a win that had looked within reach.",
            ],
            "facts": [
                "{county} lost their last {n_small} wickets for just {n} runs.",
                "{player} hit fourteen fours and two sixes in an innings of 142.",
                "Play did not begin until mid-afternoon because of a wet outfield.",
                "The seamer finished with figures of seven for 48 from 21 overs.",
                "{county} are now {n} points behind the leaders with four matches left.",
                "The ground was close to full on a sunny Saturday.",
                "The new ball swung prodigiously under heavy cloud in the morning session.",
                "The winning runs came from an edge past the slips.",
            ],
            "subheads": ["The collapse", "At the crease", "The weather", "The title race"],
            "quotes": [
                "The pitch was doing a bit, but we did not help ourselves with some of those "
                "shots.",
                "Batting that long is exhausting, but this is what you work all winter for.",
                "You cannot control the weather. We did everything we could.",
            ],
            "captions": [
                "{player} acknowledges the crowd after reaching a century.",
                "Covers on the square at {ground}.",
                "The {county} team celebrate a wicket.",
                "Spectators in the sunshine at {ground}.",
            ],
            "slots": {
                "county": ["Wessex", "Marchshire", "Northvale", "Fenland"],
                "ground": ["the County Ground", "Riverside Park", "Abbey Meadow"],
                "org": ["{county}", "the county cricket board", "the umpires"],
                "role": ["{county} captain", "{county} head coach", "director of cricket"],
                "group": ["members", "spectators", "players", "supporters"],
            },
        },
        {
            "tags": ["Athletics", "Running", "Records", "Olympics"],
            "heads": [
                "{player} breaks national 1500m record in {place}",
                "Marathon entries hit record as running boom continues",
                "{player} wins world indoor silver in photo finish",
                "Young sprinter {player} named in Olympic squad",
                "{place} track reopens after years of campaigning",
            ],
            "stands": [
                "{player} knocked almost a second off a record that had stood for nearly two "
                "decades, and now heads to the championships as a genuine medal contender.",
                "More people than ever have signed up for this year's city marathon, as the "
                "post-pandemic running boom shows no sign of slowing.",
                "A new all-weather track has reopened after years of fundraising, giving local "
                "athletes somewhere to train close to home for the first time in a generation.",
            ],
            "facts": [
                "{player} ran three minutes 31 seconds, beating the previous national record.",
                "More than {big} runners have entered this year's marathon.",
                "The margin of victory was just {n_small} hundredths of a second.",
                "The new track cost {money_small}, much of it raised by local clubs.",
                "Parkrun attendance in the region has grown by {pct} in a year.",
                "The athlete trains twice a day and works part-time in a bike shop.",
                "The Olympic squad was announced at a ceremony in {place} on {day}.",
                "The record had stood for almost two decades.",
            ],
            "subheads": ["The race", "The record", "The running boom", "Next stop"],
            "quotes": [
                "I knew I was in good shape, but I did not expect that time.",
                "Running is the most democratic sport there is. All you need is a pair of shoes.",
                "This track will change lives. Kids here finally have somewhere to train.",
            ],
            "captions": [
                "{player} crosses the finishing line.",
                "Runners set off at the start of the marathon.",
                "The new athletics track in {place}.",
                "Athletes warm up before the race.",
            ],
            "slots": {
                "org": [
                    "the national athletics federation",
                    "{place} Harriers",
                    "the marathon organisers",
                ],
                "role": ["head coach at {place} Harriers", "performance director", "race director"],
                "group": ["runners", "athletes", "coaches", "club members"],
            },
        },
    ],
    "Opinion": [
        {
            "tags": ["High street", "Towns", "Local economy", "Comment"],
            "heads": [
                "Our high streets are not dying. They are changing, and we should let them",
                "The empty shop on the corner tells us more than any economic forecast",
                "Give town centres back to the people who actually use them",
                "Parking is not the reason people stopped going to town",
            ],
            "stands": [
                "We keep mourning the high street as if it were a patient beyond saving. Walk "
                "down one on a Saturday and you will see something more interesting.",
                "Every town has its empty shop, and each one is a small story about rents, "
                "landlords and what we really want from the places we live.",
                "The answer to struggling town centres is not another retail park. It is "
                "letting people live, work and play in them again.",
            ],
            "facts": [
                "On my own high street in {place}, three new cafes have opened this year.",
                "Many empty shops are owned by distant landlords who would rather wait than "
                "cut the rent.",
                "Town centres that have added homes above shops have seen footfall recover.",
                "A market stall costs a fraction of a shop lease, and it shows.",
                "The high street was never only about shopping; it was about meeting people.",
                "Councils have the power to act on long-empty units, but rarely use it.",
                "Footfall on {place} high street is up on the year, though spending per visit "
                "is down.",
            ],
            "subheads": [],
            "quotes": [
                "People do not come into town to buy things any more. They come to be around "
                "other people.",
            ],
            "captions": [
                "Shoppers on a Saturday in {place}.",
                "An empty shop unit with a to-let sign.",
                "A busy market stall.",
                "A cafe on the high street.",
            ],
            "slots": {
                "org": ["the town council", "the traders' association", "the landlords"],
                "role": ["shop owner in {place}", "chair of the traders' association"],
                "group": ["shopkeepers", "residents", "young people", "market traders"],
            },
        },
        {
            "tags": ["Work", "Four-day week", "Productivity", "Comment"],
            "heads": [
                "The four-day week is not a fantasy. It is a management problem",
                "We have forgotten what a day off is for",
                "Why the office will never be quite what it was",
                "Productivity is not measured in hours at a desk",
            ],
            "stands": [
                "Firms that have tried a shorter week report happier staff and no loss of "
                "output. The objections are less about economics than about habit.",
                "Our working lives have expanded to fill every hour our phones allow. It is "
                "time to draw the line again.",
                "The return to the office has stalled, and employers who fight it are fighting "
                "the last war.",
            ],
            "facts": [
                "In trials of the four-day week, most participating firms chose to keep it.",
                "Staff in the trials reported less burnout and fewer sick days.",
                "Meetings have doubled in many offices since the pandemic, without anyone "
                "deciding they should.",
                "Office occupancy in {place} is still well below what it was five years ago.",
                "Productivity growth has been weak for more than a decade.",
                "Many workers now answer emails at weekends without a second thought.",
                "A shorter week forces hard choices about which work actually matters.",
            ],
            "subheads": [],
            "quotes": [
                "Nobody ever looked back on their life and wished they had sent more emails.",
            ],
            "captions": [
                "Commuters on a weekday morning in {place}.",
                "An empty office floor.",
                "Workers in a shared office space.",
                "A laptop on a kitchen table.",
            ],
            "slots": {
                "org": ["one firm in {place}", "the trial's organisers", "the employers' group"],
                "role": ["managing director of a firm that tried it", "a trade union official"],
                "group": ["workers", "managers", "employers", "parents"],
            },
        },
        {
            "tags": ["Smartphones", "Children", "Schools", "Comment"],
            "heads": [
                "Banning phones in schools is the easy part",
                "Our children are not addicted to screens. They are lonely",
                "Parents need help, not more guilt, about screen time",
                "The smartphone was a gift we gave children without reading the instructions",
            ],
            "stands": [
                "A school phone ban is popular and simple. The harder task is giving young "
                "people something better to do with their time and attention.",
                "Blaming the device lets adults off the hook for the parks, clubs and youth "
                "centres we allowed to close.",
                "Every parent I know is negotiating screen time alone. It should be a shared "
                "project, not a private battle.",
            ],
            "facts": [
                "Most children now have a smartphone by the time they start secondary school.",
                "Schools that have banned phones report calmer corridors and fewer arguments.",
                "Youth club provision has shrunk dramatically over the past decade.",
                "Teenagers say they feel pressure to be online in case they miss something.",
                "A phone ban in {place}'s largest secondary school took less than a term to "
                "become normal.",
                "Children spend more time on screens at weekends than in school hours.",
                "Parents often set rules they do not follow themselves.",
            ],
            "subheads": [],
            "quotes": [
                "The kids are not the problem. They are responding to the world we built.",
            ],
            "captions": [
                "Pupils leaving school in {place}.",
                "A teenager looks at a phone.",
                "A youth club in {place}.",
                "A locker for storing phones during the school day.",
            ],
            "slots": {
                "org": [
                    "one secondary school in {place}",
                    "the parents' network",
                    "the youth service",
                ],
                "role": ["headteacher", "youth worker in {place}"],
                "group": ["parents", "teachers", "teenagers", "youth workers"],
            },
        },
        {
            "tags": ["Local journalism", "Democracy", "Media", "Comment"],
            "heads": [
                "When the local paper goes, the council meetings go unwatched",
                "Who will tell us what happened at the planning committee?",
                "Local news is a public good. We should start treating it like one",
                "The reporter in the back row of the council chamber matters more than you think",
            ],
            "stands": [
                "The loss of local reporters is not just sad. It is measurably bad for "
                "democracy, for public spending and for trust.",
                "Council meetings that once had a reporter in the press seats now have nobody, "
                "and the consequences are starting to show.",
                "If we value knowing what is done in our name, we will have to find new ways to "
                "pay for the people who find out.",
            ],
            "facts": [
                "Hundreds of local newspapers have closed in the past fifteen years.",
                "Studies suggest that when local papers close, council borrowing costs rise.",
                "In {place}, the council meeting last month was watched by two people online.",
                "Local reporters are often the only people who read the council's papers in full.",
                "Trust in local news remains higher than in national outlets.",
                "Some towns now rely on volunteer-run websites for local coverage.",
                "A single reporter can cover courts, councils and schools in a small town.",
            ],
            "subheads": [],
            "quotes": [
                "Nobody noticed when the reporter stopped coming. That was the problem.",
            ],
            "captions": [
                "The press seats in a council chamber.",
                "A newsagent's display of local papers in {place}.",
                "A reporter takes notes at a public meeting.",
                "The town hall in {place}.",
            ],
            "slots": {
                "org": [
                    "the council",
                    "a volunteer news site in {place}",
                    "the local press association",
                ],
                "role": ["former editor of the local paper", "councillor in {place}"],
                "group": ["readers", "councillors", "reporters", "residents"],
            },
        },
    ],
}

# -- comments -------------------------------------------------------------------------------

COMMENTS = [
    "Really useful piece, thank you. It's rare to see this explained so clearly.",
    "I live just outside {place} and can confirm this has been coming for years.",
    "What the article doesn't mention is who actually pays for all this.",
    "Good reporting. I'd be interested in a follow-up in six months to see what changed.",
    "I'm not sure the numbers add up, but I'd like to be proved wrong.",
    "This is exactly the kind of coverage we need more of.",
    "Does anyone know whether the consultation is open to people outside the area?",
    "Same old story, different year.",
    "Fair and balanced. Both sides come across well here.",
    "My family went through something similar a few years ago. It takes a long time to "
    "recover, and the help doesn't always arrive when you need it.",
    "Interesting, but I think the headline overstates it a bit.",
    "I've shared this with our residents' group. Thank you for the detail.",
    "Would love to know what the people actually affected think, rather than the officials.",
    "Sensible article. Wish more of the debate was this calm.",
]
REPLIES = [
    "I take your point, but I think it's more complicated than that.",
    "Agreed. For anyone wondering, the details are on the council website.",
    "Not sure that's right. The article says the figure is only an estimate.",
    "Thanks, that's helpful.",
    "I was there and it was standing room only.",
    "This. Exactly this.",
    "Fair enough, though I'd still want to see the full report before deciding.",
    "Ha, you're not wrong.",
    "Respectfully, I think you've misread the second half of the piece.",
]
SECTION_COMMENTS = {
    "Sport": [
        "What a game. The second half was the best we've played all season.",
        "The manager has to take some responsibility for that result.",
        "Been a season-ticket holder for twenty years and that was one of the best.",
    ],
    "Entertainment": [
        "Saw it last week and loved it. Go if you can.",
        "Not for me, I'm afraid, but I can see why people like it.",
    ],
    "Technology": [
        "Switched that setting off the day I read this. Thanks.",
        "The real question is who audits these companies.",
    ],
    "Opinion": [
        "Well argued, though I disagree with the conclusion.",
        "I've been saying this for years. Glad someone finally wrote it down.",
    ],
    "Business": [
        "Shareholders always seem to come first in these stories.",
        "Anyone with a mortgage up for renewal will be watching this closely.",
    ],
}
COMMENT_SITES = [
    "https://example.com/blog",
    "https://www.example.org/notes",
    "https://example.net/~reader",
]

TAGLINE = "Independent news, every day"
SOCIAL = [
    ["Facebook", "https://www.facebook.com/"],
    ["X", "https://x.com/"],
    ["Instagram", "https://www.instagram.com/"],
    ["YouTube", "https://www.youtube.com/"],
]

# Embedded in the newest story: players a reader starts (nothing loads from the provider
# before the click) and a link card for an address no provider serves.
EMBEDS = [
    "https://www.youtube.com/watch?v=M7lc1UVf-VE",
    "https://bsky.app/profile/bsky.app/post/3l6oveex3ii2l",
    "https://datawrapper.dwcdn.net/Ls1dC/1/",
    "https://www.example.org/notes",
]

# The demo's live blog: a storm reaching the coast, covered entry by entry over the last
# hours (minutes before now, headline or "", Markdown). The story itself is the summary.
LIVE_TITLE = "Storm Maren reaches the coast: live updates"
LIVE_STANDFIRST = (
    "Gusts of 140 km/h, flooding in the harbour district and 40,000 homes "
    "without power as the strongest storm in a decade comes ashore."
)
LIVE_BODY = (
    "## Key points\n\n"
    "- Storm Maren made landfall north of the harbour early this afternoon.\n"
    "- 40,000 homes are without power; crews are waiting for the wind to drop.\n"
    "- The harbour district is being evacuated: shelters are open at the two sports halls.\n"
    "- Rail services along the coast are suspended until tomorrow morning."
)
LIVE_ENTRIES: list[tuple[int, str, str]] = [
    (
        185,
        "Warnings raised to red",
        "The weather service has raised its warning for the "
        "whole coast to **red**, the highest level, until midnight.",
    ),
    (
        160,
        "",
        "Ferries to the islands are cancelled for the rest of the day. The last crossing "
        "left this morning with 312 passengers on board.",
    ),
    (
        131,
        "Landfall",
        "Storm Maren has made landfall just north of the harbour. Our "
        "reporter on the seafront says the waves are breaking over the promenade wall.",
    ),
    (
        118,
        "",
        "> We are asking everyone in the harbour district to leave now, while "
        "the roads are still open.\n\nThe mayor, speaking at the emergency centre.",
    ),
    (
        96,
        "Evacuation of the harbour district",
        "Police are going door to door in the "
        "harbour district. Shelters are open at the North and East sports halls, with "
        "beds for 1,500 people.",
    ),
    (
        74,
        "",
        "The grid operator says 40,000 homes have lost power, most of them in the "
        "coastal villages. Crews cannot climb the lines until the gusts fall below 90 km/h.",
    ),
    (
        52,
        "",
        "Rail services along the coast are suspended until tomorrow morning after a "
        "tree fell across the line near the old station.",
    ),
    (
        31,
        "Gust of 140 km/h recorded",
        "The lighthouse station recorded a gust of "
        "**140 km/h** this afternoon, the strongest here since 2014.",
    ),
    (
        12,
        "",
        "The river is within 30 cm of the flood wall at the market bridge. The fire "
        "service is laying sandbags along the quay.",
    ),
]


NEWSLETTERS = [
    ("The Morning Briefing", "Every weekday at 7:00",
     "The stories that matter before your day starts, chosen by our editors."),
    ("Breaking News Alerts", "When big news breaks",
     "A short email the moment a major story breaks. Rarely more than one a day."),
]  # fmt: skip

# Demo subscribers: addresses at the reserved example domains, never real people.
READERS = [
    f"{name}@example.{tld}"
    for name, tld in [
        ("amira.haddad", "org"), ("tom.becker", "com"), ("lucia.ferrer", "net"),
        ("kwame.mensah", "org"), ("ines.moreau", "com"), ("jonas.lind", "net"),
        ("sofia.russo", "org"), ("daniel.okafor", "com"), ("mei.chen", "net"),
        ("pedro.alves", "org"), ("hannah.weiss", "com"), ("yusuf.demir", "net"),
        ("clara.novak", "org"), ("liam.byrne", "com"), ("noor.rahman", "net"),
        ("elena.petrova", "org"), ("samuel.reyes", "com"), ("freya.olsen", "net"),
    ]
]  # fmt: skip

# The demo in another language (``thepost demo --language es``): the site's own words,
# its sections and where it is; the stories stay English.
LOCALISED: dict[str, dict[str, Any]] = {
    "es": {
        "time_zone": "Europe/Madrid",
        "tagline": "Periodismo independiente, cada día",
        "description": "Noticias, política, economía, tecnología, cultura y deporte.",
        "sections": {
            "News": ("Noticias", "Lo esencial del día en nuestros pueblos y ciudades."),
            "World": ("Mundo", "Asuntos internacionales y diplomacia."),
            "Politics": ("Política", "El poder y las decisiones que nos afectan."),
            "Business": ("Economía", "Empresas, empleo y dinero."),
            "Technology": ("Tecnología", "Lo que cambia la técnica en nuestras vidas."),
            "Entertainment": ("Cultura", "Música, cine, libros y escenarios."),
            "Sport": ("Deportes", "Resultados, crónicas y protagonistas."),
            "Opinion": ("Opinión", "Columnas, tribunas y editoriales."),
        },
    },
    "de": {
        "time_zone": "Europe/Berlin",
        "tagline": "Unabhängige Nachrichten, jeden Tag",
        "description": "Nachrichten, Politik, Wirtschaft, Technik, Kultur und Sport.",
        "sections": {
            "News": ("Nachrichten", "Das Wichtigste des Tages aus Stadt und Land."),
            "World": ("Welt", "Internationale Politik und Diplomatie."),
            "Politics": ("Politik", "Macht und Entscheidungen, die uns betreffen."),
            "Business": ("Wirtschaft", "Unternehmen, Arbeit und Geld."),
            "Technology": ("Technik", "Wie Technik unser Leben verändert."),
            "Entertainment": ("Kultur", "Musik, Film, Bücher und Bühne."),
            "Sport": ("Sport", "Ergebnisse, Berichte und Köpfe."),
            "Opinion": ("Meinung", "Kolumnen, Gastbeiträge und Kommentare."),
        },
    },
    "fr": {
        "time_zone": "Europe/Paris",
        "tagline": "L'information indépendante, chaque jour",
        "description": "Actualités, politique, économie, technologie, culture et sport.",
        "sections": {
            "News": ("Actualités", "L'essentiel du jour, de nos villes et de nos campagnes."),
            "World": ("Monde", "Affaires internationales et diplomatie."),
            "Politics": ("Politique", "Le pouvoir et les décisions qui nous concernent."),
            "Business": ("Économie", "Entreprises, emploi et argent."),
            "Technology": ("Technologie", "Ce que la technique change dans nos vies."),
            "Entertainment": ("Culture", "Musique, cinéma, livres et scènes."),
            "Sport": ("Sport", "Résultats, récits et personnalités."),
            "Opinion": ("Opinions", "Chroniques, tribunes et éditoriaux."),
        },
    },
    "ar": {
        "time_zone": "Asia/Beirut",
        "tagline": "أخبار مستقلة كل يوم",
        "description": "أخبار وسياسة واقتصاد وتكنولوجيا وثقافة ورياضة.",
        "sections": {
            "News": ("أخبار", "أهم أخبار اليوم من مدننا وقرانا."),
            "World": ("العالم", "الشؤون الدولية والدبلوماسية."),
            "Politics": ("سياسة", "السلطة والقرارات التي تمسّنا."),
            "Business": ("اقتصاد", "الشركات والعمل والمال."),
            "Technology": ("تكنولوجيا", "كيف تغيّر التقنية حياتنا."),
            "Entertainment": ("ثقافة", "موسيقى وسينما وكتب ومسرح."),
            "Sport": ("رياضة", "نتائج وتقارير ونجوم."),
            "Opinion": ("رأي", "مقالات وآراء وافتتاحيات."),
        },
    },
}
