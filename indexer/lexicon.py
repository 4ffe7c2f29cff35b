"""The indexer's word lists and shared patterns, in one place.

Cleaning (``textclean``, ``extract``), entity recognition (``entities``) and normalization
(``normalize``) all need to know the same things about news text: which words are months,
which names are photo agencies, what a publisher's promotional line says, which words are
titles before a name or the legal form after a company's. Each list is defined once here;
modules build their patterns from it. These are classes of words (titles, months, agencies),
never values of a particular archive.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------- dates

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                       "nov", "dec")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Months that are also people's names ("Theresa May", "April Ryan"): a byline may end in one
MONTHS_ALSO_NAMES = frozenset({"march", "april", "may", "june", "july", "august"})
# Month and weekday words: a date after a name ("Opec February") is not part of it.
MONTH_WORDS = frozenset(MONTHS + MONTH_ABBREVIATIONS + WEEKDAYS)
# An English month, abbreviated or not ("Feb", "Feb.", "February").
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
# Months in the languages of the archive's pages, for date lines ("3 de março de 2020").
MONTHS_MULTILINGUAL = (
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"|janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro"
    r"|dezembro|enero|febrero|marzo|mayo|junio|julio|septiembre|octubre|noviembre"
    r"|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre"
    r"|dicembre|janvier|février|mars|avril|juin|juillet|août|septembre|octobre"
    r"|novembre|décembre|januar|februar|märz|juni|juli|oktober|dezember")

# ---------------------------------------------------------------- bylines and credits

# Photo and news agencies as credit lines name them ("JUSSI NUKARI/Lehtikuva/AFP/Getty Images").
AGENCIES = ("Getty Images", "AFP", "AP Photo", "Associated Press", "Reuters", "EPA",
            "Shutterstock", "Alamy", "Xinhua", "Bloomberg", "iStock", "Lehtikuva", "ANSA", "dpa",
            "Sipa", "Pool", "Handout", "WireImage", "NurPhoto", "SOPA")
AGENCY_PATTERN = "|".join(AGENCIES)
# Words that mark a photo credit, a byline or an agency rather than a person.
CREDIT_WORDS = frozenset({"getty", "images", "photo", "photos", "photograph", "afp", "ap",
                          "reuters", "credit", "staff", "correspondent", "newsroom", "editing",
                          "reporting", "pool", "shutterstock", "epa", "xinhua", "istock", "via"})

# ---------------------------------------------------------------- the publisher's own lines

# A publisher's promotional or contact text. PROMO, in a sentence, makes the entities named
# there the page's, not the story's ("Do you have a tip? Let us know", "contacted X for
# comment"); PROMO_FOOTER, stricter, marks a closing paragraph that cleaning drops.
PROMO = re.compile(
    r"\b(?:do you have a tip|let us know|contact us|sign up for|subscribe to|newsletter"
    r"|click here|follow us on|all rights reserved|copyright)\b", re.IGNORECASE)
PROMO_FOOTER = re.compile(
    r"(do you have a (news )?tip|have a tip\b|let us know via|send us a tip|sign up for (our|the)\b"
    r"|subscribe to (our|the)\b|newsletter\b.*\bsign up|follow us on|read more:|related:"
    r"|click here to|download (our|the) app|this article (was|is) (originally )?(published|from)"
    r"|email protected)", re.I)

# A line that is a page's label, not text: "Related articles", "Read more:", "Most popular".
PROMO_LINE = re.compile(
    r"^[\[(]?(related|read more|read also|also read|see also|also on [\w.]+|more|more from [\w ]+"
    r"|recommended|you may also like|you might also like|trending|watch|listen|tags?"
    r"|comments?|share|advertisement|sponsored|source|sources)\b\s*[:.\-\u2013\u2014|]"
    r"|^(advertisement|tags|comments?|share( this)?( article| story)?|you may also like\W*"
    r"|related( (articles|stories|posts|coverage))?|see more photos\W*|more:?|_{2,}|-{3,}|\*{3,}"
    r"|leggi anche|leia também|veja também|lee también|lire aussi|lesen sie auch|siehe auch"
    r"|most read( in [\w ]+)?|most popular|editor'?s picks)\W*$"
    r"|^more( \w+){0,3}:\s*https?://"
    r"|\b(sign up|subscrib\w*)\b.{0,80}\b(newsletters?|inbox|free|today|here)\b"
    r"|\bnewsletters?\b.{0,60}\b(sign up|subscribe|inbox|delivered)\b"
    r"|^follow (us|@?\w+( \w+){0,4}) on (twitter|facebook|instagram|linkedin|youtube)"
    r"|\bfollow (him|her|them|us|me) on (twitter|facebook|instagram)\b"
    r"|^(like|enjoy|enjoyed) this (story|article)\?|share it with a friend"
    r"|^reach the reporters? (on|at)\b"
    r"|^(contact|email|e-mail) (the )?(author|reporter|\w+ \w+) at\b"
    r"|\bcontributed to this (report|story|article)\.?$"
    r"|^(\(?reporting|\(?writing|\(?additional reporting) by\b.{0,200}\bediting by\b"
    r"|^have a (news )?tip\b|^do you have a (news )?tip\b|^tell us what you think"
    r"|\bclick here (for|to)\b.{0,60}$|^(get|download) (the|our) .{0,30}\bapp\b"
    r"|\[(button|caption|embed)[^\]]*\]",
    re.I,
)

# ---------------------------------------------------------------- people

# Ranks, offices and courtesy titles that may stand before a name ("President Reagan",
# "Cmdr. Jane Doe"): not part of the name.
RANKS = frozenset({
    "president", "vice", "prime", "minister", "secretary", "general", "secretary-general",
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "sen", "senator", "rep", "representative", "gov", "governor", "gen", "col",
    "colonel", "lt", "capt", "captain", "adm", "admiral", "sgt", "judge", "justice", "chairman",
    "chairwoman", "chancellor", "king", "queen", "prince", "princess", "pope", "rev", "father",
    "sheikh", "ayatollah", "mayor", "ambassador", "spokesman", "spokeswoman", "coach", "chief",
    "deputy", "premier", "former", "late", "acting", "new", "executive", "head", "director",
    "manager", "leader", "opposition", "chief-executive", "ceo", "envoy", "commissioner",
    "president-elect", "cmdr", "cdr", "commander", "maj", "major", "brig", "lieutenant",
    "sergeant", "cpl", "corporal", "pvt", "rear", "marshal", "officer",
    "inspector", "supt", "superintendent", "det", "detective", "constable",
    "rabbi", "imam", "bishop", "archbishop", "cardinal", "reverend", "msgr", "hon", "honourable",
})
# Portfolio words of a title ("Finance Minister", "Dutch Prime Minister"): also not the name.
PORTFOLIO_WORDS = frozenset({"foreign", "finance", "defence", "defense", "trade", "treasury",
                             "economy", "agriculture", "energy", "oil", "interior", "state",
                             "dutch"})
TITLE_WORDS = RANKS | PORTFOLIO_WORDS
# Titles that are how a name is written: "King Fahd", "Pope Paul".
ROYAL = frozenset({"king", "queen", "prince", "princess", "pope", "sheikh", "emperor", "empress"})
# Particles inside names: "Rami al-Saadani", "Ludwig van Beethoven".
NAME_PARTICLES = frozenset({"de", "da", "del", "della", "der", "den", "van", "von", "bin", "al",
                            "el", "la", "le", "di", "du", "dos", "das", "ibn", "y", "st", "mc",
                            "ben", "abu"})


# ---------------------------------------------------------------- organizations

# Trailing words that are a company's legal form: "Noranda Inc" and "Noranda" are one company.
CORP_SUFFIXES = frozenset({"inc", "corp", "corporation", "co", "ltd", "limited", "plc", "llc",
                           "ag", "sa", "nv", "bv", "gmbh", "spa", "lp", "cos", "incorporated",
                           "company", "holdings", "ab", "asa", "oy", "oyj", "kk", "bhd", "pty",
                           "pte", "srl", "sarl"})
# Last words that make a name an organization, not a person: "Salomon Bros", "Manchester United".
ORG_ENDINGS = CORP_SUFFIXES | frozenset({
    "bros", "spa", "united", "city", "fc", "rovers", "athletic", "wanderers", "albion", "county",
    "bank", "group", "party", "ministry", "council", "association", "union", "university",
    "division", "league", "club", "committee", "board", "agency", "institute", "commission",
    "department", "prison", "hospital", "network", "exchange", "fund", "foundation", "authority",
    "industries", "systems", "airlines", "motors", "zeitung"})
# Last words of businesses and venues named after a person or a place, which no family name
# is: "Arnold Foods", "Scott Andrew Studio", "Hydra Head Records", "Votrax Int'l", "Semper
# Opera" (kept out of ORG_HEADS: "Magazine" alone is no organization's head word).
BUSINESS_ENDINGS = frozenset({
    "international", "int'l", "intl", "foods", "studio", "studios", "records", "magazine",
    "labs", "laboratories", "restaurant", "theatre", "theater", "opera", "inn", "center",
    "centre", "mine", "colliery"})
# Last words of places and works that no family name is either: "(German) Democratic
# Republic", "Magic Kingdom", "George Washington Bridge", "Space Station".
PLACE_ENDINGS = frozenset({"republic", "kingdom", "bridge", "avenue", "station", "port",
                           "project"})
# Words that head organization names besides ORG_ENDINGS: "International Coffee Organization".
ORG_HEADS = ORG_ENDINGS | frozenset({"organization", "organisation", "federation", "agreement",
                                     "conference", "bureau", "office"})
# Bodies of an organization: "EC Commission", "U.N. Security Council" name the organization too.
BODY_WORDS = frozenset({"commission", "council", "conference", "secretariat", "committee",
                        "assembly", "headquarters", "summit", "delegation", "mission",
                        "representatives", "board"})
# Last words of an organization's name that a body's name may start with: "European Community
# Commission", "United Nations Security Council", "Federal Reserve Board" (but "Securities and
# Exchange Commission" names no "Securities and Exchange").
PARENT_ENDINGS = frozenset({"community", "nations", "union", "organization", "organisation",
                            "federation", "league", "party", "association", "fund", "bank",
                            "agency", "alliance", "states", "reserve", "conference"})
# Words of companies' names that no person's name has ("Asamera Oil", "Dick Clark Productions",
# "VMS Strategic Land Trust"), besides ORG_HEADS.
COMPANY_WORDS = frozenset({
    "trust", "products", "productions", "securities", "investments", "financial", "management",
    "technologies", "communications", "services", "markets", "oil", "petroleum", "mining",
    "mines", "steel", "chemical", "chemicals", "pharmaceuticals", "insurance", "bancorp",
    "bankshares", "energy", "resources", "statehouse",
    # a company in the languages of European companies' names ("Bommenede
    # Houdstermaatschappij", "Societe Generale", "Compania Telefonica")
    "maatschappij", "houdstermaatschappij", "gesellschaft", "aktiengesellschaft", "societe",
    "compagnie", "compania", "sociedad", "societa", "konzern"})
# Words that say nothing on their own: an organization named by one of them alone is no name
# ("Bank", "Commission", "State", "Finance", "Home", "Local"), though "World Bank" is.
GENERIC_ORG_WORDS = ORG_HEADS | frozenset({
    "state", "states", "finance", "government", "home", "local", "world", "national",
    "international", "central", "federal", "general", "news", "press", "market", "markets",
    "stock", "stocks", "business", "economy", "trade", "court", "police", "team", "net",
    "community", "agriculture", "commerce", "defense", "defence", "justice", "interior",
    "services", "service", "securities", "investments", "capital", "energy", "resources",
    "financial", "management", "trust", "partners", "communications", "technologies",
    "technology", "products", "reserve", "administration", "cabinet", "regime", "opposition",
    # adjectives of government ("Congressional" of "Congressional Budget Office")
    "congressional", "parliamentary", "presidential", "ministerial", "legislative", "judicial"})
# Words that make a name an organization's, however common they are ("Farm Credit
# Administration", "Brown Disc Products Co"): no person's name and no heading's words hold one.
ORG_WORDS = GENERIC_ORG_WORDS | COMPANY_WORDS | CORP_SUFFIXES
# Words that after a country's name make no organization's name, but what recased capitals, a
# cut name or Reuters-21578's capital after a line-ending "U.S." give ("U.S.\nSecurities
# houses"): "U.S. Economy", "U.S. Securities", "U.S. Banks", "U.K. Corporation" (not
# "energy", "national", "general", "trust", "financial", "news", "capital": "Japan Energy",
# "Canadian National", "American General", "U.S. Trust", "American Financial", "U.S. News"; nor
# "treasuries": CoNLL-2003's annotators call "U.S. Treasuries" an organization).
NOT_A_COUNTRY_S_ORG = frozenset({
    "economy", "market", "markets", "stock", "stocks", "trade", "commerce", "securities",
    "products", "business", "federal", "central", "home", "local", "world", "services", "service",
    "investments", "interior", "justice", "agriculture", "defence", "defense", "finance", "state",
    "states", "reserve", "technology", "technologies", "corporation", "division", "group",
    "unit", "units", "subsidiary", "firm", "firms", "companies", "banks", "institutions",
    "industry", "import", "imports", "export", "exports", "budget", "protectionism"})
# Initials an acronym skips: "Bank for International Settlements" -> BIS.
ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "&", "de", "du", "des", "la", "le", "on",
                          "in", "to"})
# Words of a law's own name ("the Securities Exchange Act"): a law is not an organization.
LAW_WORDS = frozenset({"act", "law", "bill", "code", "treaty", "article", "section",
                       "amendment", "rule"})
# Last words of a scheme's name, which is no organization: "Export Enhancement Program",
# "Cruzado Plan", "European Monetary System" (not the United Nations' programmes, nor "New
# England Electric System" or "Farm Credit System": only a monetary system).
# (and a law: all 29 values of the dev archive ending in "Act" are laws, "Financial Services
# Act" to "USA Patriot Act")
SCHEME_ENDINGS = (" program", " programme", " plan", " monetary system", " act")
SCHEME_OWNERS = frozenset({"nations", "un", "world"})  # "World Food Programme" is an agency
# Words for kinds of products and parts of software, which follow a product's or a technical
# term's name ("USB port", "Android phones", "WordPress plugins", "LCD screen", "RSS feed") and
# a company's only now and then ("Intel chips"), and words for what an organization does or has
# ("Intel said", "Intel's chief executive"), which a product's name never has. Not "panel",
# "version", "edition", "readers", "players" or "models": "House panel", "the House version",
# "Times readers", "Cowboys players" are an organization's.
PRODUCT_AFTER = re.compile(
    r"(?:'s|’s)?\s+(?:apps?|applications?|devices?|(?:smart)?phones?|tablets?|users?|files?|"
    r"formats?|ports?|drives?|sticks?|cables?|screens?|displays?|monitors?|feeds?|codes?|tags?|"
    r"updates?|software|hardware|os|browsers?|keyboards?|interface|laptops?|computers?|chips?|"
    r"processors?|tvs?|plugins?|plug-ins?|themes?|widgets?|buttons?|emulators?|cameras?|"
    r"batter(?:y|ies)|chargers?|accessories|platforms?)\b", re.IGNORECASE)
# Abbreviations of things, not bodies, which NER reads as organizations ("download the PDF",
# "CPU usage", "DIY projects", "an IPO", "LOL"): file formats, computer parts and interfaces,
# web and phone terms, business and economic terms, medical terms, chat words. Left out, as
# organizations' acronyms too: "PC" (Canada's Progressive Conservatives), "API" (the American
# Petroleum Institute), "IMO" (the International Maritime Organization), "ICU" (Somalia's
# Islamic Courts Union), "NFC" (the National Football Conference), "ACT", "ER", "CT".
THING_ABBREVIATIONS = frozenset({
    "pdf", "html", "css", "xml", "json", "rss", "csv", "jpeg", "jpg", "gif", "png", "mp3", "mp4",
    "url", "http", "https", "ssl", "sdk", "cpu", "gpu", "ram", "rom", "dram", "ssd", "hdd", "usb",
    "hdmi", "lcd", "led", "oled", "ui", "ux", "gui", "os", "faq", "seo", "sms", "mms", "gps",
    "vpn", "dns", "wifi", "hd", "hdtv", "dvd", "cd", "cds", "dvds", "php", "sql", "p2p", "voip",
    "rfid", "lte", "dsl", "isp", "diy", "ceo", "cfo", "cto", "coo", "ipo", "gdp", "gnp", "cpi",
    "ppi", "atm", "atms", "vat", "suv", "suvs", "ev", "evs", "mpg", "lng", "lpg", "dna", "hiv",
    "aids", "mri", "adhd", "ptsd", "iq", "mba", "phd", "gpa", "rsvp", "faqs", "q&a", "tv", "hdtvs",
    "pcs", "bbq",
    # and the chat's
    "lol", "omg", "wtf", "btw", "fyi", "imho", "rofl", "lmao", "tldr", "asap"})
AGENT_AFTER = re.compile(
    r"(?:'s|’s)?\s+(?:said|says|announced|reported|told|added|spokes(?:man|woman|person)|"
    r"chief|ceo|executives?|officials?|employees?|staff|founders?|co-founder|president|"
    r"chairman|chairwoman|director|managers?|engineers?|researchers?|lawyers?|shares|stock)\b",
    re.IGNORECASE)
# Incoterms, the delivery terms of commodity prices ("FOB Gulf", "CIF Rotterdam"), which NER
# calls organizations (old terms such as DAF, also a truck maker, left out).
TRADE_TERMS = frozenset({"fob", "cif", "cfr", "cnf", "c&f", "fas", "exw", "fca", "cpt", "cip",
                         "dap", "dpu", "ddp"})
# Competitions and events that NER calls organizations: "UEFA Cup", "U.S. Open", "PGA Tour",
# "Hurricane Sandy", "Operation Desert Storm".
EVENT_WORDS = re.compile(r"\b(?:Cup|Series|Open|Masters|Championships?|Finals?|Tour|Games"
                         r"|Grand Prix|Trophy|Olympics|Classic|Tournament|Marathon|Rally|Derby)$"
                         r"|^(?:Hurricane|Typhoon|Cyclone|Tropical Storm|Storm|Operation)\b")
# ... and the endings of those NER calls persons ("Davis Cup", "Ryder Cup"), which no family
# name has (not "Masters", "Derby", "Rally", "Marathon": Tony Masters, John Derby).
EVENT_ENDINGS = re.compile(r"\b(?:Cup|Open|Championships?|Grand Prix|Trophy|Olympics"
                           r"|Tournament)$")
# State and province postal codes that also name organizations: "PA" (the Press Association),
# "VA" (Veterans Affairs), "MS" (Microsoft), "CA" (Computer Associates), "UT" (the University
# of Texas), "DC" (DC Comics); the others, read as organizations, are states ("Hartford, CT").
STATE_CODES_NAMING_ORGS = frozenset({"PA", "VA", "MS", "CA", "UT", "DC"})
# Credit ratings, which NER takes for organizations ("rated BBB", "Baa-3").
RATING = re.compile(r"(?:A{1,3}|B{1,3}|C{1,3}|Aa|Baa|Ba|Caa|Ca)(?:[-+]|-?[123]|-plus|-minus)?")

# ---------------------------------------------------------------- units and figures

# Units a money amount puts before a name: "a 500 mln dlr World Bank loan".
UNIT_WORDS = frozenset({"dlr", "dlrs", "mln", "bln", "billion", "million", "stg", "yen", "pct",
                        "cts", "shr", "shrs"})
# Currency words: "U.S. Dollar", "Swiss francs" name money, not an organization or a person.
CURRENCY_WORDS = frozenset({"dollar", "dollars", "dlr", "dlrs", "yen", "franc", "francs", "mark",
                            "marks", "pound", "pounds", "sterling", "lira", "lire", "peso",
                            "pesos", "rupee", "rupees", "euro", "euros", "yuan", "rouble",
                            "roubles", "ruble", "rubles", "krona", "kronor", "krone", "kroner",
                            "guilder", "guilders", "schilling", "schillings", "escudo", "escudos",
                            "peseta", "pesetas", "drachma", "drachmas", "won", "ringgit",
                            "baht", "rand", "real", "reais", "dinar", "dinars", "riyal", "riyals"})

# ---------------------------------------------------------------- places

COMPASS = {"n": "north", "s": "south", "e": "east", "w": "west"}
DIRECTIONS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern",
                        "western", "central", "northeast", "northwest", "southeast", "southwest",
                        "northeastern", "northwestern", "southeastern", "southwestern", "upper",
                        "lower", "mainland", "greater", "metropolitan", "downtown", "rural",
                        "coastal"})
# What a storm's name follows: "Hurricane Sandy", "superstorm Sandy", "Tropical Storm Isaac"
STORM_WORDS = r"(?:hurricane|typhoon|cyclone|superstorm|(?:tropical +)?storm|tropical +depression)"
STORM_PREFIX = re.compile(rf"^{STORM_WORDS} +", re.IGNORECASE)  # in the name: "Hurricane Sandy"
# Parts of the world above countries: "Asia" is also a Philippine town, and "North America"
# without its direction would be the United States
CONTINENTS = frozenset({"africa", "america", "americas", "antarctica", "asia", "australasia",
                        "eurasia", "europe", "oceania"})
# Territories named in the news that the place tables lack (without it "West Bank" was the
# direction "west" and an Indian town called Bank)
TERRITORIES = {"west bank": "Palestine", "gaza strip": "Palestine"}
# Islands and regions news names often, which the place tables (towns, capitals, first-level
# regions of a few countries) lack or give to a smaller namesake: "Long Island" was the
# Bahamas' district (Hurricane Sandy stories showed the Bahamas), "Bali" a town of India, "Goa"
# a town of the Philippines, "Tuscany" one of Canada. Only regions of one country, and none
# that is contested (Kashmir, Kurdistan, the Golan Heights are not here).
REGIONS = {
    "bali": "Indonesia", "java": "Indonesia", "sumatra": "Indonesia", "lombok": "Indonesia",
    "kalimantan": "Indonesia",
    "long island": "United States", "cape cod": "United States",
    "martha's vineyard": "United States", "nantucket": "United States",
    "florida keys": "United States", "outer banks": "United States",
    "jersey shore": "United States", "silicon valley": "United States",
    "sicily": "Italy", "sardinia": "Italy", "tuscany": "Italy", "lombardy": "Italy",
    "corsica": "France", "brittany": "France", "normandy": "France", "provence": "France",
    "alsace": "France",
    "orkney": "United Kingdom", "shetland": "United Kingdom", "hebrides": "United Kingdom",
    "crete": "Greece",
    "mallorca": "Spain", "majorca": "Spain", "tenerife": "Spain", "canary islands": "Spain",
    "catalonia": "Spain", "andalusia": "Spain",
    "azores": "Portugal", "bavaria": "Germany", "siberia": "Russia", "darfur": "Sudan",
    "sinai": "Egypt", "goa": "India", "galilee": "Israel", "negev": "Israel",
}
# The two-letter state abbreviations written with a dot after each letter (AP style): "M.D."
# is a doctor and "P.S." a postscript, not Maryland or Pennsylvania
DOTTED_STATES = frozenset({"DC", "NC", "ND", "NH", "NJ", "NM", "NY", "PR", "RI", "SC", "SD", "WV"})
# Words for a kind of place, which name a particular place only with a qualifier ("the Gulf",
# "the North", "Centre", "Littoral"): some countries' regions are called so, and a story that
# says "the Gulf" does not speak of Papua New Guinea's Gulf Province.
PLACE_KIND_WORDS = DIRECTIONS | frozenset({
    "gulf", "coast", "centre", "center", "littoral", "capital", "plateau", "highlands", "lakes",
    "lake", "islands", "island", "isles", "delta", "valley", "mountains", "mountain", "savanes",
    "savannah", "savanna", "region", "province", "district", "territory", "state", "county",
    "city", "bay", "peninsula", "desert", "plains", "river", "riviera", "midlands", "border",
    "frontier", "interior", "orient", "oriental", "occidental", "centro", "sud", "nord", "est",
    "ouest", "norte", "sur", "oeste", "este", "equateur", "sea", "ocean", "harbour", "harbor",
    "port", "hills", "forest", "north-east", "north-west", "south-east", "south-west",
    "far", "near", "middle"})
