"""A hand-composed English news vocabulary for the synthetic search corpus.

Nothing here is copied from articles: these are plain word lists, grouped by what they
are (function words, general news words, one list per topic, places, people), and each
list is roughly ordered from more to less common, because ``search_corpus`` draws from
every list with a Zipf distribution over that order. About 3,500 distinct words.
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for word in text.split():
        seen.setdefault(word, None)
    return list(seen)


# Function words, most frequent first (articles, prepositions, pronouns, auxiliaries).
FUNCTION = _words("""
the of and to a in that is was for on it with as he by at said from his be have are
were this an has had which not but they their or after its been who also will would
more one than she there new when about last two can all her over up we into out could
year some them other what first so years three no only people if many time while before
most under such because between since during those these against where may just any
both our then him us through four should might did does being well still made around
very much another even five down each off how back here whether several own each every
yet although though until across among including within without toward towards upon
per via ago later early already again ever never often soon once perhaps almost rather
quite nearly further however according told says say
""")

# General news words that belong to no single topic, roughly by frequency.
GENERAL = _words("""
government people year week day city country state public police plan report month
group company local national minister council officials home world number part today
work group community family region area service support million billion percent
increase decision statement spokesman spokeswoman spokesperson official leader members
time change system issue problem question case place point end way life school water
power money market number level rate figure data study research evidence survey result
night morning afternoon evening weekend monday tuesday wednesday thursday friday saturday
sunday january february march april may june july august september october november
december spring summer autumn winter season project programme program scheme proposal
policy measure action response effort move step deal agreement talks meeting process
office building centre center street road site land town village district county
province capital border coast river bridge station airport port hospital court prison
university college church market square park house flat housing rent price cost cost
budget fund funding tax pay wage job jobs worker workers staff union strike protest
crowd residents citizens voters customers patients students children parents women
men families young older elderly neighbours visitors tourists travellers drivers
passengers owners tenants landlords farmers fishermen teachers nurses doctors
firefighters engineers scientists researchers experts analysts critics supporters
opponents campaigners volunteers victims survivors witnesses suspects officers
soldiers troops forces authorities agency department ministry commission committee
board panel inquiry review investigation audit consultation hearing vote election
campaign poll result record history future past present moment period decade century
announced confirmed warned added described called expected believed reported claimed
denied agreed refused promised planned launched opened closed started finished
continued remained became seemed appeared showed found saw took gave made put kept left
came went brought built raised cut lost won held met asked answered explained
suggested insisted admitted argued urged welcomed criticised praised rejected approved
blocked delayed cancelled postponed extended reduced increased doubled halved fell
rose dropped climbed jumped slipped recovered improved worsened collapsed survived
important major significant serious large small big little high low long short
new old young recent current former latest next final early late full empty open
closed public private local national international regional global central northern
southern eastern western coastal rural urban poor rich strong weak clear difficult
hard easy simple complex possible likely unlikely certain uncertain necessary
available free expensive cheap safe dangerous quick slow fast sudden gradual
average total annual monthly weekly daily key main chief senior junior leading top
first second third fourth fifth single double special general common rare unusual
various different similar whole entire real true false good bad better worse best worst
great greater huge massive tiny modest sharp steady stable unclear unknown
""")

# The long tail: less common words any story may use (rarer toward the end).
TAIL = _words("""
approach attempt concern concerns pressure threat risk risks impact effect effects
benefit benefits challenge challenges opportunity opportunities priority priorities
strategy strategies framework guidance guidelines rules regulation regulations target
targets goal goals standard standards quality capacity access demand supply shortage
failure success progress delay delays backlog waiting list lists queue queues
complaint complaints claim claims dispute row rows clash criticism praise backlash
outcry anger frustration fear fears hope hopes confidence trust doubt doubts warning
warnings alert alarm signal signs sign trend trends pattern shift boost blow setback
breakthrough milestone landmark turning moment chance choice option options
alternative compromise solution solutions answer answers explanation reason reasons
cause causes factor factors background context detail details account accounts version
story stories headline headlines interview interviews letter letters email emails
message messages document documents papers file files leak leaks source sources
insider insiders observer observers commentator commentators columnist editor editors
reporter reporters journalist journalists newspaper newspapers broadcaster website
feature features column columns obituary tribute tributes memorial funeral vigil
celebration celebrations parade anniversary ceremony opening closure reopening
refurbishment renovation extension demolition redevelopment regeneration estate
estates neighbourhood neighbourhoods suburb suburbs outskirts countryside hillside
valley valleys moor moors lake lakes harbour harbours beach beaches cliff cliffs
island islands peninsula bay estuary canal canals reservoir reservoirs dam dams
pipeline pipelines sewage sewer drains flooding roadworks potholes pavement pavements
cycle lane lanes bus buses tram trams train trains timetable fares ticket tickets
parking car cars van vans lorry lorries vehicle vehicles traffic congestion junction
roundabout motorway bypass tunnel tunnels ferry ferries flight flights runway terminal
library museum theatre swimming leisure gym playground allotment allotments garden
gardens orchard farm farms barn cattle sheep livestock harvest crop yield weather
rain snow frost fog wind winds gale gales sunshine temperatures forecasters
charity charities donation donations fundraiser fundraising appeal volunteer
volunteering foodbank foodbanks shelter homeless homelessness poverty inequality
deprivation loneliness isolation wellbeing happiness stress anxiety depression
addiction alcohol smoking vaping gambling obesity fitness exercise nutrition diet
childcare nursery nurseries pupils classroom classrooms exam exams grades results
curriculum headteacher headteachers academy academies tuition fees graduates graduate
apprentices apprenticeship apprenticeships skills training career careers retirement
carer carers care homes dementia disability disabled accessibility wheelchair benefits
allowance allowances grant grants loan loans subsidy vouchers discount discounts
bargain bargains offer offers sale sales shopping shopper online delivery deliveries
parcel parcels courier couriers warehouse depot factory plant mill mine mines quarry
quarries forestry fishing fleet trawler trawlers catch quota quotas export import
negotiator negotiators mediator arbitration tribunal ombudsman complaint compensation
payout settlement damages liability lawsuit lawsuits litigation injunction ruling
judgment appeal appeals overturned upheld quashed dismissed adjourned resumed
postponement suspension ban bans restriction restrictions lockdown curfew permit
permits licence licences licensing inspection inspections inspector inspectors report
rating ratings inadequate outstanding requires improvement special measures trust
trusts authority authorities quango quangos watchdog regulator ofsted auditor auditors
accounts overspend underspend shortfall surplus reserves savings efficiency efficiencies
outsourcing privatisation nationalisation ownership stake stakes shareholder
takeover bidder bidders auction valuation worth value values asset assets portfolio
endowment trustee trustees patron patrons sponsor sponsors sponsorship partnership
partnerships collaboration cooperation coordination integration merger split splits
resignation resignations departure departures arrival arrivals successor predecessor
interim acting permanent temporary seasonal casual contract contracts freelance
shift shifts overtime holiday holidays leave sickness absence absences vacancies
recruitment retention turnover morale culture bullying harassment discrimination
equality diversity inclusion representation gender race religion faith mosque
synagogue temple cathedral chapel parish vicar bishop imam rabbi priest congregation
worship pilgrimage festival festivals carnival fireworks bonfire fair fairs market
markets stall stalls vendor vendors trader traders hawkers street food restaurant
restaurants cafe cafes pub pubs bar bars nightclub nightlife hotel hotels tourism
tourist visitor attractions landmark landmarks castle castles palace palaces tower
towers monument monuments statue statues fountain fountains mural murals graffiti
""")

TOPICS: dict[str, str] = {
    "politics": """
minister parliament election vote party government opposition prime president mayor
council councillors cabinet legislation bill law reform policy coalition majority
minority candidate campaign manifesto referendum constituency seat seats ballot polling
turnout democracy democratic republican conservative liberal labour socialist green
nationalist populist centrist leftwing rightwing senate senator congress assembly chamber
speaker debate motion amendment committee whip backbench frontbench leadership contest
resignation reshuffle appointment scandal inquiry allegations lobbying donations funding
spending cuts austerity taxes taxation budget deficit treasury chancellor secretary
department ministry home foreign defence justice education transport environment
interior affairs diplomacy diplomats embassy ambassador summit treaty sanctions
negotiations talks ceasefire alliance partner partners allies rival rivals critics
officials aides adviser advisers spokesman spokeswoman statement announcement pledge
promise mandate governance constitution constitutional court ruling judges supreme
rights freedom protest protesters demonstration march rally petition citizens voters
electorate registration district ward borough councillor mayoral devolution regional
federal state governor legislature legislators lawmakers caucus primary nomination
nominee incumbent challenger victory defeat landslide recount fraud interference
corruption accountability transparency ethics standards watchdog ombudsman regulator
bureaucracy civil servants whitehall downing executive veto override filibuster
impeachment coalition agreement confidence motion dissolution snap unelected peers
lords upper lower house chambers session recess hearing testimony subpoena
""",
    "economy": """
economy economic inflation prices interest rates bank banks central growth recession
market markets shares stocks bonds investors investment investors trading trade exports
imports tariff tariffs deficit surplus debt borrowing lending loans mortgage mortgages
housing property rent rents wages wage salaries pay earnings income incomes profit
profits revenue revenues sales turnover losses loss quarter quarterly forecast forecasts
outlook analysts economists figures data index currency dollar euro pound yen exchange
oil gas energy fuel petrol electricity bills costs consumer consumers spending retail
retailers shops shoppers supermarket supermarkets manufacturing factory factories
industry industrial output production productivity supply chain shortages demand
jobs employment unemployment workers workforce labour hiring layoffs redundancies
strike strikes union unions pension pensions benefits welfare tax taxes taxpayers
budget spending fiscal monetary stimulus subsidy subsidies grants fund funds capital
venture startup startups firm firms company companies business businesses corporate
chief executive board shareholders dividend dividends merger mergers acquisition takeover
bid deal deals contract contracts bankruptcy insolvency administration creditors
lenders regulator regulators competition prices pricing cost affordability crisis
slowdown downturn recovery boom bust bubble volatility stocks bonds yields commodity
commodities wheat grain copper gold steel aluminium shipping freight logistics
warehouse transport airlines carmakers automotive technology tech banking insurance
insurers pharmaceutical telecoms utilities utility water rail railway infrastructure
construction builders developers developer planning permission homes homeowners
buyers sellers landlord landlords tenants households savings savers pensioners
""",
    "sport": """
match game season league cup final semifinal quarterfinal championship tournament title
team teams club clubs player players coach manager captain squad goal goals score
scored scoring win won victory defeat lost loss draw drew points table top bottom
relegation promotion fixture fixtures home away stadium ground crowd fans supporters
football soccer rugby cricket tennis golf athletics cycling boxing swimming rowing
sailing hockey basketball baseball racing formula motorsport marathon sprint relay
olympic olympics paralympic world european national international premier division
striker midfielder defender goalkeeper winger forward fullback wicket batsman bowler
innings runs over overs century test series serve ace set sets tiebreak round hole
birdie par putt course lap laps podium medal medals gold silver bronze record records
injury injured fitness training transfer transfers signing contract loan debut
retirement veteran youngster academy talent referee umpire penalty penalties foul
card red yellow offside tackle header volley corner freekick kick try tries scrum
lineout conversion half halftime fulltime extra shootout comeback upset favourite
favourites underdog champions holders rivals derby clash opener decider performance
form streak run unbeaten winless dominant defensive attacking tactics substitute bench
selection selector selectors ranking rankings seed seeded qualifier qualifying heat
heats finalists trophy silverware glory triumph heartbreak drama thriller stoppage
minute minutes second seconds pitch turf court track pool circuit velodrome arena
""",
    "culture": """
film films festival music album band singer song songs concert tour stage theatre
theater play plays production director actor actress cast role premiere screening
cinema box office audience audiences critics review reviews award awards prize nominee
nominated winner ceremony gallery exhibition museum art artist artists painting
paintings sculpture photography photographer book books novel novelist author writer
poet poetry literature publisher publishing bestseller memoir biography fiction
television series episode drama comedy documentary streaming broadcaster channel
radio podcast show shows host presenter celebrity fashion designer collection design
architecture heritage history historic archive library libraries collection curator
orchestra symphony opera ballet dance dancer choir jazz rock pop folk classical hiphop
rapper composer conductor soloist musician musicians record label charts single
video game games gaming studio studios animation screenplay script sequel remake
adaptation franchise trailer release released launch debut comeback anniversary
retrospective tribute legacy iconic acclaimed celebrated beloved controversial
creative culture cultural arts funding venue venues performance performances
audience tickets sold sellout residency lineup headliner headline festivalgoers
gallery painter portrait landscape installation mural craft crafts poetry reading
""",
    "science": """
science scientists research researchers study studies university laboratory lab
experiment experiments data analysis results findings discovery evidence theory
climate change warming emissions carbon dioxide methane temperatures temperature
heatwave drought flooding floods rainfall storm storms hurricane wildfire wildfires
species wildlife biodiversity habitat conservation extinction forest forests ocean
oceans sea seas ice glacier glaciers arctic antarctic polar coral reef reefs
pollution plastic plastics waste recycling renewable solar wind turbines nuclear
reactor energy battery batteries electric vehicles hydrogen space nasa rocket launch
satellite satellites orbit mission moon mars planet planets telescope astronomers
galaxy star stars asteroid comet universe physics chemistry biology genetics gene genes
dna genome cells cell protein virus viruses bacteria vaccine vaccines disease diseases
health medicine medical trial trials drug drugs treatment therapy cancer patients
hospital hospitals doctors nurses pandemic outbreak infection infections brain memory
sleep diet obesity mental ageing artificial intelligence algorithm algorithms computer
computers software robot robots robotics quantum chip chips semiconductor internet
data privacy cyber cyberattack hackers security encryption smartphone smartphones
app apps platform platforms social media online digital network networks fossil
fossils dinosaur dinosaurs archaeologists excavation ancient skeleton tomb remains
volcano earthquake tsunami seismic geology soil crops agriculture farming
""",
    "crime": """
police officers detective detectives arrest arrested charged charge charges court
trial jury judge magistrates sentence sentenced jailed prison prisoner prisoners
guilty innocent verdict acquitted appeal convicted conviction murder manslaughter
killing stabbing shooting assault robbery burglary theft fraud scam drugs trafficking
smuggling gang gangs violence violent victim victims witness witnesses suspect
suspects investigation inquiry evidence forensic prosecutors prosecution defence
lawyer lawyers barrister solicitor attorney bail custody remand hearing inquest coroner
missing search body found dead death deaths died injured injuries hospital ambulance
crash collision accident fire blaze firefighters rescue emergency services incident
scene cordon patrol patrols knife knives gun guns weapon weapons firearms shotgun
vandalism arson cybercrime hacking extortion bribery corruption laundering cartel
terrorism terror attack attacks bomb explosion security counterterrorism intelligence
surveillance cctv footage appeal information crimestoppers released bail tagged
parole probation offender offenders reoffending youth sentencing guidelines
""",
    "world": """
war conflict fighting troops soldiers army military forces airstrike airstrikes
missile missiles drone drones shelling bombardment offensive counteroffensive frontline
ceasefire truce peace negotiations talks mediators humanitarian aid refugees refugee
displaced civilians casualties wounded hostages prisoners siege rebels insurgents
militants militia regime opposition coup uprising revolution protests crackdown
sanctions embargo diplomacy diplomat diplomats envoy foreign ministry ambassador united
nations security council resolution alliance nato treaty border borders territory
occupation annexation invasion withdrawal evacuation convoy corridor camps shelter food
famine hunger water shortages cholera epidemic earthquake flood floods disaster relief
reconstruction rebuilding elections president prime minister government parliament
capital province region villages towns cities migrants migration asylum seekers
smuggling boats crossing coastguard deportation visa visas summit leaders talks
agreement deal tensions dispute disputes clashes violence crisis instability
""",
}

# Places: countries, cities, regions and invented local towns (the "local" paper's patch).
PLACES = _words("""
London Paris Berlin Madrid Rome Brussels Washington Moscow Beijing Tokyo Delhi Mumbai
Istanbul Ankara Cairo Lagos Nairobi Johannesburg Kinshasa Khartoum Addis Ababa Riyadh
Tehran Baghdad Damascus Aleppo Homs Idlib Beirut Amman Jerusalem Gaza Ramallah Kabul
Kandahar Islamabad Karachi Lahore Dhaka Kathmandu Colombo Yangon Bangkok Hanoi Manila
Jakarta Singapore Seoul Pyongyang Taipei Shanghai Hong Kong Sydney Melbourne Auckland
Ottawa Toronto Montreal Vancouver Chicago Boston Houston Dallas Atlanta Miami Seattle
Denver Phoenix Detroit Philadelphia Mexico Bogota Lima Caracas Santiago Havana Quito
Brasilia Rio Janeiro Sao Paulo Buenos Aires Montevideo Lisbon Porto Barcelona Valencia
Seville Marseille Lyon Toulouse Nice Munich Hamburg Frankfurt Cologne Vienna Prague
Budapest Warsaw Krakow Kyiv Kharkiv Odesa Lviv Minsk Vilnius Riga Tallinn Helsinki
Stockholm Oslo Copenhagen Amsterdam Rotterdam Antwerp Geneva Zurich Milan Naples Turin
Venice Athens Thessaloniki Sofia Bucharest Belgrade Zagreb Sarajevo Dublin Belfast
Edinburgh Glasgow Cardiff Manchester Liverpool Birmingham Leeds Sheffield Bristol
Newcastle Nottingham Leicester Southampton Plymouth Brighton Oxford Cambridge York
Britain England Scotland Wales Ireland France Germany Spain Italy Portugal Greece
Turkey Russia Ukraine Poland Hungary Romania Syria Iraq Iran Israel Lebanon Jordan
Egypt Libya Tunisia Algeria Morocco Sudan Ethiopia Somalia Kenya Nigeria Ghana Senegal
Mali Niger Chad Congo Angola Zimbabwe Zambia Mozambique Afghanistan Pakistan India
China Japan Korea Vietnam Thailand Indonesia Philippines Malaysia Australia Canada
America Brazil Argentina Chile Colombia Venezuela Peru Cuba Europe Africa Asia
Riverton Kingsbridge Northgate Ashford Hadley Millbrook Eastwick Westmoor Oakham
Fernhill Harrowgate Stonebridge Langford Redcliffe Marlow Thornbury Elmstead Brackley
Wickford Holloway Bramley Carrow Dunmore Everleigh Fairhaven Glenmore Highcliffe
""")

FIRST_NAMES = _words("""
James John Robert Michael David William Richard Thomas Daniel Paul Mark Andrew Peter
Stephen Simon Christopher Matthew Anthony Joseph Charles George Edward Henry Samuel
Benjamin Jack Oliver Harry Ahmed Mohammed Omar Ali Hassan Yusuf Ibrahim Rajesh Arjun
Vikram Wei Chen Hiroshi Kenji Carlos Miguel Pablo Luis Jorge Pierre Jean Luc Hans Klaus
Giovanni Marco Ivan Dmitri Olena Mary Patricia Jennifer Linda Elizabeth Barbara Susan
Sarah Karen Nancy Lisa Margaret Emma Olivia Sophie Charlotte Amelia Grace Hannah Lucy
Rachel Rebecca Laura Helen Catherine Anna Maria Fatima Aisha Priya Ananya Mei Yuki
Sofia Isabel Carmen Elena Claire Amelie Ingrid Greta Chiara Giulia Natalia Irina Zainab
Amara Chidi Kwame Thandiwe Nia Layla Noor Sana Ruth Joan Frances Alice Eleanor Iris
""")

LAST_NAMES = _words("""
Smith Jones Williams Brown Taylor Davies Evans Wilson Thomas Johnson Roberts Robinson
Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson
Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan
Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell
Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan
Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell
Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills
Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey
Okafor Mensah Nakamura Tanaka Kim Park Nguyen Garcia Martinez Rodriguez Lopez Fernandez
Gonzalez Rossi Bianchi Muller Schmidt Schneider Dubois Laurent Moreau Kowalski Nowak
Ivanova Petrov Novak Horvath Jansen Larsen Nielsen Andersen Eriksson Lindqvist Haddad
Mansour Rahman Chowdhury Sharma Gupta Reddy Iyer Mehta Zhang Wang Liu Huang Yamamoto
""")

# Topic-specific two- and three-word expressions that recur in news copy, so quoted
# phrase queries have something real to find.
COLLOCATIONS: dict[str, list[str]] = {
    "politics": [
        "prime minister",
        "general election",
        "city council",
        "local elections",
        "opposition leader",
        "cabinet minister",
        "house of commons",
        "public inquiry",
        "home secretary",
        "foreign secretary",
        "budget statement",
        "council tax",
        "planning committee",
        "party conference",
        "opinion poll",
        "vote of confidence",
        "supreme court",
        "human rights",
        "civil servants",
        "election campaign",
    ],
    "economy": [
        "interest rates",
        "central bank",
        "cost of living",
        "energy bills",
        "stock market",
        "supply chain",
        "house prices",
        "chief executive",
        "annual report",
        "trade deal",
        "minimum wage",
        "public spending",
        "quarterly profits",
        "consumer prices",
        "economic growth",
        "job cuts",
        "oil prices",
        "pension fund",
        "small businesses",
        "high street",
    ],
    "sport": [
        "world cup",
        "premier league",
        "final whistle",
        "penalty shootout",
        "extra time",
        "first half",
        "second half",
        "home crowd",
        "gold medal",
        "world record",
        "grand slam",
        "title race",
        "transfer window",
        "league table",
        "injury time",
        "opening match",
        "cup final",
        "personal best",
        "national team",
        "head coach",
    ],
    "culture": [
        "box office",
        "film festival",
        "world premiere",
        "art gallery",
        "national theatre",
        "record label",
        "music festival",
        "short story",
        "best actor",
        "best picture",
        "live music",
        "award ceremony",
        "new album",
        "opening night",
        "debut novel",
        "streaming service",
        "concert hall",
        "literary prize",
        "critical acclaim",
        "sold out",
    ],
    "science": [
        "climate change",
        "carbon emissions",
        "public health",
        "clinical trial",
        "artificial intelligence",
        "fossil fuels",
        "renewable energy",
        "space station",
        "sea levels",
        "mental health",
        "air pollution",
        "water supply",
        "solar panels",
        "electric cars",
        "heat pumps",
        "peer review",
        "data centre",
        "wind farm",
        "rare species",
        "coral reef",
    ],
    "crime": [
        "police said",
        "crown court",
        "magistrates court",
        "pleaded guilty",
        "pleaded not guilty",
        "found guilty",
        "life sentence",
        "murder inquiry",
        "missing person",
        "armed police",
        "road closure",
        "fire crews",
        "emergency services",
        "drug dealing",
        "knife crime",
        "cctv footage",
        "released on bail",
        "police appeal",
        "serious injuries",
        "court heard",
    ],
    "world": [
        "united nations",
        "security council",
        "humanitarian aid",
        "peace talks",
        "refugee camp",
        "civil war",
        "foreign minister",
        "air strikes",
        "border crossing",
        "aid agencies",
        "death toll",
        "state media",
        "martial law",
        "military junta",
        "peace deal",
        "aid convoy",
        "rebel forces",
        "ceasefire agreement",
        "chemical weapons",
        "food shortages",
    ],
}

# Sections of the paper, and which topic mix each draws its words from.
SECTIONS: list[tuple[str, str, list[str]]] = [
    ("news", "News", ["crime", "politics", "economy"]),
    ("politics", "Politics", ["politics", "economy"]),
    ("business", "Business", ["economy", "politics"]),
    ("world", "World", ["world", "politics"]),
    ("sport", "Sport", ["sport"]),
    ("culture", "Culture", ["culture"]),
    ("science", "Science", ["science", "economy"]),
    ("opinion", "Opinion", ["politics", "economy", "culture", "science"]),
]


def topic_words(topic: str) -> list[str]:
    return _words(TOPICS[topic])


def all_words() -> set[str]:
    words: set[str] = set(FUNCTION) | set(GENERAL) | set(TAIL) | set(PLACES)
    words |= set(FIRST_NAMES) | set(LAST_NAMES)
    for topic in TOPICS:
        words |= set(topic_words(topic))
    for phrases in COLLOCATIONS.values():
        for phrase in phrases:
            words |= set(phrase.split())
    return {w.lower() for w in words}
