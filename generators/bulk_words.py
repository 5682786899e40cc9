"""The words the generated stories are written with (`generators/bulk_stories.py`).

Invented, in our own words. Headlines carry no digits, so a story's slug (its headline's
words, then numbers) can never be mistaken for another's. Lists are "|"-separated.
"""


def _split(text):
    return [item.strip() for item in text.split("|") if item.strip()]


# slug, name, description, subjects (who acts in its stories), topics (what they are about)
_SECTIONS = [
    (
        "world",
        "World",
        "Diplomacy, defence and the news from beyond our borders.",
        "Foreign ministers|The UN envoy|Border officials|Diplomats|Aid agencies|"
        "Peace negotiators|The European Commission|Regional leaders",
        "ceasefire talks|refugee quotas|trade sanctions|border crossings|aid deliveries|"
        "embassy security|arms exports|a maritime dispute|election monitors|grain shipments|"
        "the summit agenda|visa rules|a prisoner exchange|water sharing|a new trade pact",
    ),
    (
        "politics",
        "Politics",
        "Parliament, the government, and the town halls.",
        "The coalition|Opposition leaders|The finance committee|Parliament|"
        "The prime minister's office|City councillors|The elections committee|Party members",
        "the budget|electoral reform|a housing bill|coalition talks|the pension age|"
        "a no-confidence motion|lobbying rules|civil service pay|local election dates|"
        "a judicial appointment|party funding|the defence budget|a transparency law|"
        "municipal mergers|the state audit",
    ),
    (
        "business",
        "Business",
        "Companies, money and work.",
        "The central bank|Shareholders|Port operators|Airlines|Tech start-ups|Retailers|"
        "Energy firms|Insurers",
        "interest rates|a takeover bid|fuel prices|quarterly profits|job cuts|a merger|"
        "import tariffs|wage talks|the housing market|pension funds|a bond issue|"
        "export orders|rent controls|supply chains|a shipping levy",
    ),
    (
        "climate",
        "Climate",
        "Heat, water, energy and the changing sea.",
        "Water authorities|Climate scientists|Farmers|Environment ministers|Coastal towns|"
        "Forest rangers|The grid operator|Fishing crews",
        "drought measures|a solar farm|flood defences|emission targets|coral bleaching|"
        "heatwave plans|water rationing|wind turbines|a carbon tax|desalination plants|"
        "wildfire crews|sea level data|electric buses|recycling rules|river pollution",
    ),
    (
        "science",
        "Science",
        "Discoveries, research and the people behind them.",
        "Researchers|Astronomers|The space agency|Geneticists|University labs|"
        "Marine biologists|Physicists|Archaeologists",
        "a new vaccine trial|gene editing|a telescope array|a fossil find|quantum computers|"
        "research funding|a satellite launch|ancient shipwrecks|brain imaging|"
        "lab safety rules|a rare comet|crop genetics|a particle detector|bird migration|"
        "the ocean floor",
    ),
    (
        "health",
        "Health",
        "Hospitals, doctors, patients and public health.",
        "Hospital directors|Health officials|Nurses|Family doctors|The health ministry|"
        "Patient groups|Pharmacists|Paramedics",
        "waiting lists|a measles outbreak|mental health services|drug prices|"
        "emergency wards|a nursing shortage|childhood vaccination|clinic closures|"
        "cancer screening|ambulance times|medical cannabis|hospital funding|flu season|"
        "elderly care|a new maternity ward",
    ),
    (
        "education",
        "Education",
        "Schools, universities and the people who learn and teach in them.",
        "Teachers|School principals|Students|The education ministry|University leaders|"
        "Parents' groups|Kindergarten teachers|Exam boards",
        "class sizes|exam results|school meals|teacher pay|a new curriculum|tuition fees|"
        "school buses|special education|a reading programme|university admissions|"
        "school security|language classes|digital textbooks|the school calendar|"
        "student housing",
    ),
    (
        "technology",
        "Technology",
        "How the devices and networks we depend on are made and governed.",
        "Regulators|Software developers|Telecom firms|Privacy advocates|Chip makers|"
        "Social networks|Security researchers|Start-up founders",
        "data protection|a mobile network outage|artificial intelligence rules|online fraud|"
        "fibre broadband|a ransomware attack|app store fees|digital identity cards|"
        "car batteries|satellite internet|children's screen time|a chip factory|"
        "cloud contracts|open source funding|a software recall",
    ),
    (
        "culture",
        "Culture",
        "Film, books, heritage and what to do at the weekend.",
        "Festival organisers|Museum curators|Theatre companies|Publishers|Young musicians|"
        "Gallery owners|The national orchestra|Book critics",
        "a retrospective|the festival line-up|arts funding|a new opera house|"
        "a restored manuscript|ticket prices|street murals|a literary prize|"
        "a documentary premiere|heritage sites|the summer concerts|a translation grant|"
        "an art auction|a jazz revival|public libraries",
    ),
    (
        "sport",
        "Sport",
        "Results, transfers and the business of the game.",
        "The national team|Club owners|Marathon runners|The football league|"
        "Olympic hopefuls|Coaches|Basketball fans|Cycling teams",
        "a cup final|stadium plans|a doping case|transfer fees|the season opener|"
        "youth academies|ticket allocations|a coaching change|World Cup qualifiers|"
        "a record run|the league title|women's football|training grounds|"
        "a match-fixing inquiry|broadcast rights",
    ),
    (
        "local",
        "Local",
        "Streets, neighbourhoods and the city's own business.",
        "Residents|The mayor's office|Neighbourhood committees|Shopkeepers|Bus drivers|"
        "Police officers|Planning officials|Volunteers",
        "a new bike lane|parking fees|a market renovation|night buses|a park closure|"
        "street lighting|noise complaints|rubbish collection|a community garden|road works|"
        "a library extension|a swimming pool|housing permits|a street festival|"
        "a crossing upgrade",
    ),
]
SECTIONS = [
    (slug, name, description, _split(subjects), _split(topics))
    for slug, name, description, subjects, topics in _SECTIONS
]
# How often each section publishes, relative to the others (same order as SECTIONS).
SECTION_WEIGHTS = [12, 14, 10, 8, 6, 8, 6, 7, 10, 9, 10]

# Tags beside the section topics, which are tags too ("Flood defences").
GENERAL_TAGS = _split(
    "Analysis|Investigation|Explainer|Interview|Obituary|Profile|Photo essay|Data|"
    "Fact check|Live coverage|Long read|Q&A|Review|Elections|Housing|Transport|Water|Energy|"
    "Agriculture|Tourism|Shipping|Labour|Courts|Policing|Defence|Immigration|Refugees|"
    "Human rights|Religion|Media|Advertising|Banking|Inflation|Taxes|Pensions|Unemployment|"
    "Trade|Manufacturing|Construction|Real estate|Retail|Aviation|Railways|Roads|Cycling|"
    "Public transport|Air quality|Heatwaves|Floods|Wildfires|Drought|Oceans|Forests|"
    "Wildlife|Biodiversity|Recycling|Plastic|Solar power|Wind power|Nuclear power|"
    "Natural gas|Electricity|Water supply|Desalination|Public health|Vaccines|Hospitals|"
    "Mental health|Nutrition|Ageing|Childcare|Disability|Schools|Universities|Research|"
    "Space|Astronomy|Archaeology|History|Heritage|Museums|Film|Television|Music|Theatre|"
    "Books|Poetry|Art|Photography|Architecture|Design|Fashion|Food|Wine|Restaurants|"
    "Football|Basketball|Tennis|Athletics|Swimming|Olympics|Chess|Sailing|Local government|"
    "City planning|Parks|Libraries|Volunteering|Charities|Small business|Start-ups|"
    "Cybersecurity|Privacy|Artificial intelligence|Social media|Telecoms|Smartphones|"
    "Diplomacy|Sanctions|Borders|Elections abroad|Summits|Treaties|Protests|Strikes|Unions|"
    "Corruption|Lobbying|Budget|Parliament|Coalition|Opposition|Supreme Court|Police|"
    "Prisons|Crime|Fraud|Weather|Winter|Summer|Holidays|Anniversaries|Obituaries"
)

VERBS = _split(
    "approve|reject|delay|back|question|defend|expand|cut|warn over|vote on|push for|"
    "call for|challenge|review|unveil|scrap|fund|criticise|debate|weigh|block|welcome|"
    "rethink|study|promise|oppose|rule on|press ahead with|freeze|double"
)
PARTICIPLES = _split(
    "delayed|approved|scrapped|put on hold|cut|expanded|backed|questioned|blocked|"
    "reviewed|frozen|doubled|challenged|rushed through|watered down"
)
MODIFIERS = _split(
    "after a long debate|amid protests|as costs rise|despite warnings|in a narrow vote|"
    "for the first time in years|before the winter|after months of talks|"
    "as the deadline nears|under pressure|in a surprise move|over safety fears|"
    "as demand grows|after a court ruling|ahead of the elections|in a split decision|"
    "after a leaked report|as talks stall|to general surprise|without a vote"
)
GROUPS = _split(
    "families|pensioners|small businesses|young people|commuters|renters|shift workers|"
    "students|people in the north|visitors|patients|drivers|parents|workers|residents"
)
COMPLAINTS = _split(
    "say they were never consulted|already face rising costs|have waited years for change|"
    "fear they will pay the most|want a vote on it|say the plan ignores them"
)
WEEKDAYS = _split("Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday")
MONTHS = _split(
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
OPINIONS = _split("support|oppose|worry about|know little about|expect to benefit from")
TRENDS = _split(
    "a steady rise|a sharp fall|little change|the biggest jump in a decade|"
    "a slow recovery|a decline for the third year running"
)
OUTCOMES = _split(
    "the scheme was abandoned within a year|costs doubled|the courts intervened|"
    "it worked better than expected|nobody could agree on the details"
)
QUOTE_CONTEXTS = [
    "",
    "",
    "at a news conference",
    "in a statement",
    "speaking to reporters",
    "in an interview with this newspaper",
    "on local radio",
    "at a public meeting",
]
CORRECTIONS = [
    "An earlier version of this story gave the wrong date for the vote.",
    "An earlier version of this story misspelled a name.",
    "This story has been updated with a response from the ministry.",
    "An earlier version of this story overstated the cost of the plan.",
    "This story has been clarified to say the figures are estimates.",
]

FIRST_NAMES = _split(
    "Maya|Daniel|Ruth|Omar|Sarah|Yossi|Leah|Ethan|Tamar|Noah|Hannah|Ari|Dina|Jonah|Miriam|"
    "Eli|Rachel|Sam|Naomi|Ben|Amira|Lucas|Sofia|Mateo|Chloe|Kofi|Amara|Hiroshi|Yuki|Priya|"
    "Arjun|Fatima|Karim|Elena|Ivan|Olga|Pavel|Marta|Jonas|Ingrid|Lars|Aoife|Liam|Siobhan|"
    "Tomasz|Agnieszka|Dmitri|Layla|Youssef|Nadia|Chen|Mei|Wei|Ana|Pedro|Lucia|Diego|Zara|"
    "Felix|Greta|Hugo|Iris|Jakob|Klara|Leon|Mila|Nico|Oren|Pia|Rami|Selin|Talia|Uri|Vera"
)
LAST_NAMES = _split(
    "Cohen|Levi|Katz|Mizrahi|Friedman|Shapiro|Adler|Weiss|Peretz|Klein|Baker|Rosen|Stern|"
    "Haddad|Green|Amar|Golan|Segal|Okafor|Mensah|Tanaka|Sato|Patel|Sharma|Khan|Rahman|"
    "Novak|Horvath|Kowalski|Nowak|Petrov|Ivanova|Larsen|Berg|Murphy|Byrne|Garcia|Lopez|"
    "Silva|Costa|Rossi|Bianchi|Dubois|Laurent|Schmidt|Fischer|Wagner|Becker|Yilmaz|Demir|"
    "Nasser|Azoulay|Wong|Li|Nguyen|Tran|Andersson|Lindqvist|Moreau|Fontaine|Ortiz|Ramos"
)
HONORIFICS = _split("Dr.|Prof.|Gen.|Justice|Rabbi|Rev.|Col.|Judge")
PORTFOLIOS = _split(
    "Transport|Housing|Energy|Agriculture|Tourism|Defence|Trade|Health|Education|Finance|"
    "Justice|Culture|Science|the Environment|the Interior"
)
NEWS_ROLES = _split(
    "Minister of {portfolio}|Mayor of {city}|Spokesperson for the {org}|"
    "Professor at the University of {city}|Chief executive of {city} Holdings|"
    "Head of the {org}|Chair of the {portfolio} committee|Union leader in {city}|"
    "Member of parliament for {city}|Director of the {city} Museum|Coach of {city} United|"
    "Senior researcher at the {org}|Lawyer|Economist|Activist in {city}"
)
ORGANISATIONS = _split(
    "national water company|ports authority|consumer council|chamber of commerce|"
    "teachers' union|medical association|statistics office|weather service|"
    "road safety council|nature trust|housing federation|farmers' union"
)
STAFF_ROLES = _split("{section} correspondent|{section} reporter|{section} editor|Senior writer")
PHOTOGRAPHER_ROLE = "Staff photographer"

# Invented place names are built from these.
NAME_STARTS = _split(
    "Ald|Bel|Cas|Dor|El|Fen|Gar|Hal|Ist|Kor|Lan|Mar|Nor|Ost|Pel|Ros|Sel|Tor|Val|Wes|Bran|"
    "Cal|Drum|Esk|Grim|Hart|Kel|Lor|Mont|Quar|Sal|Tam|Ulm|Ver|Zan"
)
NAME_MIDDLES = ["a", "e", "i", "o", "an", "en", "ar", "or", "", ""]
CITY_ENDS = _split(
    "mere|ton|port|ford|haven|burg|dale|stad|wick|field|mouth|vik|ria|sa|no|lin|by|holm"
)
COUNTRY_ENDS = _split("ia|and|ova|ara|ica|estan|ania|ovia")
REGION_FORMS = _split("North {name}|South {name}|{name} Valley|{name} Coast|{name} Highlands")
FACILITY_FORMS = _split("{name} Air Base|{name} Port|{name} Power Station")
SITE_FORMS = _split("{name} Old Town|{name} National Park|{name} Citadel")

APPEAL_MESSAGES = _split(
    "Keep up the good work.|For the reporting from the north.|Thank you for the climate "
    "coverage.|In memory of my father, a lifelong reader.|Independent news matters.|"
    "Small, but every month."
)
