"""Entity rules that complete the model, each shown on a short invented article run through
the real spaCy model, as a reader of the facets would notice them."""

import json

import pytest

from newsarchive.indexer.article import Article, RawArticle
from newsarchive.indexer.clean import clean
from newsarchive.indexer.entities import EntityExtractor, prepare_text
from tests.conftest import REPO


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor()


def facets(extractor: EntityExtractor, title: str, body: str) -> Article:
    return next(extractor.annotate([Article(id="t", path="t", title=title, body=body)]))


def test_the_name_after_a_wire_dateline_is_found(extractor: EntityExtractor) -> None:
    # "April 26 - The World Bank" reads to the model as one date
    text, _ = prepare_text("Bank lends to Pakistan", "PARIS, April 26 - The World Bank said it "
                           "agreed a loan.")
    assert "PARIS, April 26 -- The World Bank" in text
    article = facets(extractor, "BANK AGREES PAKISTAN AID",
                     "PARIS, April 26 - The World Bank, citing Pakistan's progress in its economic "
                     "reforms, said it had agreed a 2.4 billion dlr aid programme for next year.")
    assert "World Bank" in article.orgs
    assert "France" in article.countries


def test_a_dateline_town_with_its_state_is_that_state_s_town(extractor: EntityExtractor) -> None:
    """"BIRMINGHAM, Ala." is joined to its state, and its first place was also added apart
    as a dateline place: the English Birmingham, so the story named the United Kingdom."""
    article = facets(extractor, "CENTRAL BANCSHARES 1ST QTR NET",
                     "BIRMINGHAM, Ala., April 7 - Shr 52 cts vs 45 cts\n    Net 10.9 mln vs "
                     "9,498,000\n    NOTE: full name of company is Central Bancshares of the "
                     "South Inc.")
    assert article.countries == ["United States"]


def test_a_body_of_an_organization_names_the_organization(extractor: EntityExtractor) -> None:
    article = facets(extractor, "Farm prices proposed",
                     "BRUSSELS, March 3 - The EC Commission proposed a freeze of farm prices on "
                     "Tuesday. Diplomats said the U.N. Security Council would meet later.")
    assert {"EC Commission", "EC"} <= set(article.orgs)
    assert "U.N." in article.orgs
    assert not {"U.S.", "Security"} & set(article.orgs)


def test_a_name_the_model_cut_after_its_and_is_one_organization(
        extractor: EntityExtractor) -> None:
    """The seeds showed "Wireless Plc" and "Sons Inc": the model read "Cable and" and
    "Wireless Plc", "Alex. Brown and" and "Sons Inc" (122 such "and"s ending an organization
    on the dev archive)."""
    article = facets(extractor, "C AND W OFFERED ROLE IN NEW JAPAN TELECOM COMPANY",
                     "TOKYO, April 2 - A Japanese businessman announced plans for a new "
                     "telecommunications firm in which Britain's Cable and Wireless Plc would be "
                     "a core company. Underwriters led by Alex. Brown and Sons Inc <ABSB> sold "
                     "the shares.")
    assert {"Cable and Wireless Plc", "Alex. Brown and Sons Inc"} <= set(article.orgs)
    assert not {"Wireless Plc", "Sons Inc", "Cable"} & set(article.orgs), article.orgs


def test_a_name_from_a_headline_in_capitals_is_shown_with_its_capitals(
        extractor: EntityExtractor) -> None:
    """The seeds' organizations showed "Juno lighting inc" and "Cabot medical corp": the
    indexer writes a capitals headline's common words in lower case for the model (569 values
    of the dev archive were shown so)."""
    article = facets(extractor, "JUNO LIGHTING INC <JUNO> 1ST QTR NET",
                     "DES PLAINES, Ill., March 17 - Shr 20 cts vs 18 cts\n    Net 3,735,000 vs "
                     "3,109,000")
    assert "Juno Lighting Inc" in article.orgs, article.orgs
    article = facets(extractor, "Tokyo rates", "The Bank of Japan and the Banco di Sicilia "
                                               "said rates would hold.")
    assert {"Bank of Japan", "Banco di Sicilia"} <= set(article.orgs), article.orgs


def test_a_treaty_that_is_an_organization_is_one(extractor: EntityExtractor) -> None:
    article = facets(extractor, "Tariff talks",
                     "Japan said it would consider measures under the General Agreement on "
                     "Tariffs and Trade if the tariffs were imposed, a senior official said.")
    assert "General Agreement on Tariffs and Trade" in article.orgs


def test_surnames_with_a_particle_and_names_after_a_role(extractor: EntityExtractor) -> None:
    article = facets(extractor, "Militant leader held",
                     "Police arrested the militants after capturing their leader Rami "
                     "al-Saadani in a satellite city outside Cairo, the newspapers said. "
                     "The order included switching equipment, company spokesman Per Ottoson "
                     "told reporters.")
    assert "Rami al-Saadani" in article.persons
    assert "Per Ottoson" in article.persons


def test_goal_scorers_and_results_lists_are_people(extractor: EntityExtractor) -> None:
    article = facets(extractor, "SOCCER - NORWAY BEAT WALES IN QUALIFIER",
                     "OSLO 1997-09-06\nNorway beat Wales 2-1 ( halftime 1-0 ) in a World Cup "
                     "qualifier on Saturday .\nScorers :\nNorway - Tore Andre Flo ( 12th ) , "
                     "Kjetil Rekdal ( 70th )\nWales - Dean Saunders ( 55th )\n"
                     "Attendance : 21,000 .")
    assert {"Tore Andre Flo", "Kjetil Rekdal", "Dean Saunders"} <= set(article.persons)
    assert "Attendance" not in article.persons


def test_a_partly_marked_name_in_a_results_list_is_taken_whole(
        extractor: EntityExtractor) -> None:
    body = ("Leading results on Friday :\n"
            "1. Mark Crear ( U.S. ) 13.26 seconds\n2. Tony Jarrett ( Britain ) 13.35\n"
            "3. Florian Schwarthoff ( Germany ) 13.36\n4. Emilio Valle ( Cuba ) 13.52\n"
            "5. Falk Balzer ( Germany ) 13.52\n6. Steve Brown ( U.S. ) 13.53")
    article = facets(extractor, "ATHLETICS - MEETING RESULTS", body)
    assert "Emilio Valle" in article.persons
    assert "Valle" not in article.persons


def test_a_person_named_once_by_one_name_is_kept(extractor: EntityExtractor) -> None:
    article = facets(extractor, "Hijackers charged",
                     "The hijackers said they were ordinary people persecuted by the regime of "
                     "Saddam and wanted asylum in Britain, their lawyers said on Friday.")
    assert "Saddam" in article.persons


def test_a_company_named_like_a_person_is_an_organization(extractor: EntityExtractor) -> None:
    """The model reads "Elders" of "<Elders IXL Ltd>" as a person, in "Elders said" too (the
    seed archive's story): a name followed by capitalized words and a legal form is that
    company, everywhere in the article. An analyst "of" a firm stays a person."""
    seeds = (REPO / "seeds" / "reuters" / "reuters21578-sample.jsonl").read_text(encoding="utf-8")
    story = next(record for record in map(json.loads, seeds.splitlines())
                 if record["title"].startswith("ELDERS EXTENDS OFFER"))
    article = clean(RawArticle(id="r", path="r", kind="record", fields=story, record_id="1"))
    found = next(extractor.annotate([article]))
    assert "Elders" not in found.persons and "Elders IXL Ltd" in found.orgs
    analyst = facets(extractor, "Bank shares rise", "MIAMI, March 3 - Lynn Reaser of Barnett "
                     "Banks Inc said the bid was fair.")
    assert "Lynn Reaser" in analyst.persons
    # the seeds: "..., Gold Fields of South Africa Ltd said" showed a person "Gold Fields"
    mine = facets(extractor, "Miners hurt", "Seven were injured in fighting at a zinc refinery "
                  "last night, Gold Fields of South Africa Ltd said.")
    assert mine.persons == [] and "Gold Fields of South Africa Ltd" in mine.orgs
    # the seeds: "Joseph E. Seagram and Son's distilled spirits" showed a person
    spirits = facets(extractor, "SEAGRAM REORGANIZES U.S. SALES", "NEW YORK, April 9 - The "
                     "House of Seagram, the U.S. marketing arm for Joseph E. Seagram and Son's "
                     "distilled spirits, said it reorganized its sales force.")
    assert "Joseph E. Seagram" not in spirits.persons, spirits.persons
    assert "Joseph E. Seagram and Son" in spirits.orgs, spirits.orgs


def test_a_company_the_story_also_writes_with_its_legal_form_is_no_person(
        extractor: EntityExtractor) -> None:
    """The seeds' "Newmont Gold Co's business plan ... The prospectus said Newmont Gold plans"
    showed a person "Newmont Gold"; "Eridania Zuccherifici Nazionali SpA" one of its first two
    words (the legal form written SpA)."""
    seeds = (REPO / "seeds" / "reuters" / "reuters21578-sample.jsonl").read_text(encoding="utf-8")
    for start, company in (("NEWMONT <NGC> SETS", "Newmont Gold Co"),
                           ("FERRUZZI", "Eridania Zuccherifici Nazionali SpA")):
        story = next(record for record in map(json.loads, seeds.splitlines())
                     if record["title"].startswith(start) and company.split()[0] in
                     record["body"])
        article = clean(RawArticle(id="r", path="r", kind="record", fields=story,
                                   record_id="1"))
        found = next(extractor.annotate([article]))
        assert company in found.orgs, found.orgs
        assert not any(person.startswith(company.split()[0]) for person in found.persons)



def test_a_town_followed_by_its_state_is_that_states_town(extractor: EntityExtractor) -> None:
    """Seen on 1,353 web pages: "San Jose, Calif." gave Costa Rica, "Manchester, N.H." the
    United Kingdom, "Toronto, Ontario" the United States (a Californian town Ontario)."""
    article = facets(extractor, "Court rules on patents",
                     "A federal court in San Jose, Calif., ruled on Tuesday that the patents "
                     "were valid. The company also has offices in Manchester, N.H., where "
                     "lawyers said they would appeal.")
    assert article.countries == ["United States"]
    assert facets(extractor, "Snow in Canada", "Heavy snow fell on Toronto, Ontario, on "
                  "Monday, officials said.").countries == ["Canada"]
    # the seeds: "it sold Dublin, Calif.-based Plant Cell Research" gave Ireland
    assert facets(extractor, "Unit sold", "The company said it sold Dublin, Calif.-based "
                  "Plant Cell Research to a unit of Montedison.").countries == ["United States"]


def test_the_publication_naming_itself_is_not_an_organization_of_its_story(
        extractor: EntityExtractor) -> None:
    """Seen on 1,353 web pages: "TechCrunch" from the title suffix "| TechCrunch", "Gadgetwise"
    from the masthead of the Gadgetwise blog, were organizations of their own stories."""
    body = ("Google said on Tuesday it would buy the startup. TechCrunch first reported the "
            "talks, and Microsoft declined to comment.")

    def orgs(source: str | None, url: str | None) -> list[str]:
        article = Article(id="t", path="t", title="Google buys a startup", body=body,
                          source=source, url=url)
        return next(extractor.annotate([article])).orgs

    assert "TechCrunch" not in orgs("TechCrunch", "https://techcrunch.com/2019/11/18/x")
    assert "TechCrunch" not in orgs(None, "https://techcrunch.com/2019/11/18/x")
    assert "TechCrunch" in orgs("The Verge", "https://www.theverge.com/x")  # another's story
    assert {"Google", "Microsoft"} <= set(orgs("TechCrunch", "https://techcrunch.com/x"))
    # the seeds: "didn't immediately respond to The Hill's request for comment" gave "Hill"
    hill = Article(id="h", path="h", title="Governor defends campaign", source="The Hill",
                   body="Governor Kristi Noem defended the campaign on Monday. Her office "
                        "didn't immediately respond to The Hill's request for comment.",
                   url="https://thehill.com/homenews/news/471033-x")
    assert "Hill" not in next(extractor.annotate([hill])).orgs


def test_a_blog_posts_byline_is_not_a_person_of_the_story(extractor: EntityExtractor) -> None:
    """Seen on 1,353 web pages: "Post written by Leo Babauta." and "Article written by guest
    writer Kecia Lynn" made the writers among the archive's most named people."""
    article = facets(extractor, "How to save money",
                     "Post written by Leo Babauta.\n\nSaving money is easy, said Warren "
                     "Buffett in an interview.\n\nArticle written by guest writer Kecia Lynn")
    assert "Warren Buffett" in article.persons
    assert not {"Leo Babauta", "Kecia Lynn"} & set(article.persons + article.orgs)


def test_a_storms_name_is_no_organization_or_person(extractor: EntityExtractor) -> None:
    """Seen on 1,353 web pages: "Sandy" was the 13th organization, from "superstorm Sandy"."""
    article = facets(extractor, "Storm damage",
                     "Superstorm Sandy killed at least 113 people in the United States. Sandy "
                     "also flooded the subway in New York, Governor Andrew Cuomo said. The Federal "
                     "Emergency Management Agency said Sandy caused billions in damage.")
    assert "Sandy" not in article.orgs + article.persons
    assert article.persons == ["Andrew Cuomo"]
    assert "Federal Emergency Management Agency" in article.orgs


def test_a_name_the_story_calls_a_thing_is_no_person_anywhere_in_it(
        extractor: EntityExtractor) -> None:
    """The model reads the Brazilian oil company as a person. The story says what it is ("the
    state oil company Petrobras", the wire's line break between the two), and a story uses a
    name in one sense: its later "then Petrobras will lift" is the company too."""
    article = facets(extractor, "BRAZIL CANCELS SAUDI OIL PURCHASE",
                     "RIO DE JANEIRO, March 12 - Brazil's state oil company\nPetrobras has "
                     "cancelled a 40 mln dlr crude oil purchase from Saudi Arabia after the "
                     "Saudis refused to accept credit\nguarantees. If the Saudis change their "
                     "minds, then Petrobras\nwill lift the order to cancel the shipment, said "
                     "Carlos Santana, the export director.")
    assert "Petrobras" not in article.persons
    assert article.persons == ["Carlos Santana"]
    # a short line is a heading, not wrapped prose: its last word says nothing of the next line
    coach = facets(extractor, "Season opens", "News from the club\nJohn Smith, the coach, said "
                   "the season would start in May.")
    assert coach.persons == ["John Smith"]


def test_an_instrument_code_after_a_name_is_not_part_of_it(extractor: EntityExtractor) -> None:
    """Reuters' web stories link each market's code after its name: the seeds archive listed
    "London Metal Exchange CMAL3" and "Sterling GBP=" among its organizations."""
    article = facets(extractor, "Oil falls as supply grows",
                     "Three-month aluminum on the London Metal Exchange CMAL3 lost 0.4 percent "
                     "on Tuesday. Sterling GBP= slipped against the dollar, and shares of "
                     "Apple AAPL.O rose after Commerzbank raised its target.")
    assert "London Metal Exchange" in article.orgs
    assert not [name for name in article.orgs if name.endswith(("CMAL3", "=", ".O"))]


def test_firms_named_after_people_are_no_people(extractor: EntityExtractor) -> None:
    """The seeds showed "Keefe Bruyette", "James Capel" and "Unterberg" as people: a firm in a
    list of firms, after "brokers", or where a person works ("an analyst of")."""
    deal = facets(extractor, "Notes sold", "NEW YORK, April 3 - The issue is rated A-3 by "
                  "Moody's Investors. Keefe Bruyette, Goldman Sachs and Merrill Lynch "
                  "co-managed the deal.")
    assert "Keefe Bruyette" not in deal.persons
    broker = facets(extractor, "Car sales", "LONDON, June 1 - Analyst Joseph Rooney with "
                    "brokers James Capel in London noted the Japanese drive.")
    assert "Joseph Rooney" in broker.persons and "James Capel" not in broker.persons
    analyst = facets(extractor, "Oil bid", "NEW YORK, March 3 - \"Nobody knows,\" energy "
                     "analyst Rosario Ilacqua of L.F. Rothschild said.")
    assert "Rosario Ilacqua" in analyst.persons and "L.F. Rothschild" not in analyst.persons
    offering = facets(extractor, "Offering starts", "NEW YORK, March 17 - The offering is "
                      "underway through underwriters led by L.F. Rothschild, Unterberg, Towbin "
                      "Inc.")
    assert offering.persons == [], offering.persons
    people = facets(extractor, "Talks", "WASHINGTON, March 3 - James Baker, Paul Volcker and "
                    "Alan Greenspan met on Tuesday.")
    assert {"James Baker", "Paul Volcker", "Alan Greenspan"} <= set(people.persons)


def test_a_town_and_its_state_read_as_people_are_a_place(extractor: EntityExtractor) -> None:
    """"Oshawa, Ont." gave the seeds a person "Ont"."""
    plants = facets(extractor, "Shutdown dates", "DETROIT, April 8 - The trucks are assembled "
                    "at plants in Pontiac, Mich., and Oshawa, Ont.")
    assert plants.persons == [] and "Canada" in plants.countries


def test_a_capitalized_word_opening_a_clause_is_no_given_name(extractor: EntityExtractor
                                                              ) -> None:
    """The seeds' "..., Which Holderbank agreed last year to acquire" showed a person "Which
    Holderbank"."""
    story = facets(extractor, "Cement results", "ZURICH, May 4 - Ideal Basic Industries of the "
                   "U.S., Which Holderbank agreed last year to acquire, should boost results.")
    assert not any(name.startswith("Which") for name in story.persons), story.persons



def test_a_name_a_comma_and_a_role_follow_is_a_person(extractor: EntityExtractor) -> None:
    """The seeds showed "Beryl Sprinkel" and "Herve de Carmoy" as organizations: the model
    read their full names so. A role after the comma says a person; one followed by a name
    is that name's ("Exxon, chairman Lee Raymond said")."""
    article = facets(extractor, "U.S. OFFICIAL SEES EVIDENCE OF EXPORT GROWTH",
                     "WASHINGTON, March 31 - Beryl Sprinkel, chairman of the\nWhite House "
                     "Council of Economic Advisers, said exports grew. Sprinkel said more "
                     "growth was due.")
    assert article.persons == ["Beryl Sprinkel"]
    assert article.orgs == ["White House Council of Economic Advisers"]
    article = facets(extractor, "Task force", "However, the European representative on the task "
                     "force,\nHerve de Carmoy, chief executive international for Midland Bank\n"
                     "PLC, disagreed.")
    assert article.persons == ["Herve de Carmoy"]
    assert "Herve de Carmoy" not in article.orgs


def test_an_entity_is_not_run_across_a_paragraph_break(extractor: EntityExtractor) -> None:
    """NER ran a title's last words into the body's first ("BOM Title" + "Body" gave the
    organization "BOM Title Body"), and a reporter's name into the dateline under it; the
    league of "the National Football League\\n\\n" was lost to the blank line after it."""
    assert "BOM Title Body" not in facets(extractor, "BOM Title",
                                          "Body about Chile in Santiago.").orgs
    league = facets(extractor, "Concussions", "The doctors wrote to the National Football "
                    "League\n\nThe league said on Monday it would answer.")
    assert "National Football League" in league.orgs


def test_a_wire_ticker_that_is_the_company_s_acronym_introduces_it(
        extractor: EntityExtractor) -> None:
    """The seeds' story 1214 showed both "General Motors Corp" and "GM": it writes "General
    Motors Corp <GM>" and then "bearish on GM", as another story writes "(GM)"."""
    article = facets(extractor, "Auto supplier stocks", "Investors weigh the Detroit Big Three "
                     "- General Motors Corp <GM>, Ford Motor Co <F> and Chrysler Corp <C>.\n"
                     "Analysts remain largely neutral to bearish on GM, the industry giant.")
    assert sorted(article.orgs) == ["Chrysler Corp", "Ford Motor Co", "GM"]
    # a ticker the story never uses is no name of the company's ("FWC" was shown instead)
    alone = facets(extractor, "Foster Wheeler wins contract", "Foster Wheeler Corp <FWC> said "
                   "it won a contract to build a refinery in Texas.")
    assert alone.orgs == ["Foster Wheeler Corp"]


def test_a_two_word_family_name_is_the_article_s_full_name(extractor: EntityExtractor) -> None:
    """The dev archive listed "Arturo Hernandez Grisanti" and "Hernandez Grisanti" as two
    people of one story (and "Alejandro Martinez Cuenca" with "Martinez Cuenca")."""
    article = facets(extractor, "VENEZUELA SAYS OPEC PRICES WILL HOLD",
                     "CARACAS, March 3 - Venezuelan Energy Minister Arturo Hernandez Grisanti "
                     "said OPEC would defend its prices. Hernandez Grisanti told reporters "
                     "that the output ceiling was fair, and Hernandez Grisanti added that "
                     "Saudi Arabia agreed.")
    assert article.persons == ["Arturo Hernandez Grisanti"], article.persons


@pytest.mark.parametrize(("title", "body", "person"), [
    ("WHITE HOUSE DISAVOWS YEUTTER COMMENTS ON DOLLAR",
     "WASHINGTON, April 2 - White House spokesman Marlin Fitzwater said that comments made "
     "by Trade Representative Clayton Yeutter do not reflect the government's position.",
     "Clayton Yeutter"),
    ("AQUINO DISBANDS VIGILANTE GROUPS",
     "MANILA, March 16 - President Corazon Aquino has ordered the dissolution of all armed "
     "civilian vigilante groups, officials said.", "Corazon Aquino")])
def test_a_headline_s_word_beside_a_family_name_makes_no_person(
        extractor: EntityExtractor, title: str, body: str, person: str) -> None:
    """Seen on the dev archive: "Disavows Yeutter", "Aquino Disbands", "Shultz Ussr" as people,
    read from capitals headlines beside the people their stories name."""
    article = facets(extractor, title, body)
    assert person in article.persons and len(
        [name for name in article.persons if person.split()[-1] in name]) == 1, article.persons


def test_a_person_s_possessive_is_no_organization(extractor: EntityExtractor) -> None:
    """The seeds' AP story on Gordon Sondland listed the organization "Trump's", from
    "Trump's July 25 call", beside the person Donald Trump."""
    article = facets(extractor, "Unpredictable Sondland faces questions about Trump, Ukraine",
                     "WASHINGTON (AP) - President Donald Trump has said he barely knows "
                     "Sondland. The envoy is likely to face tough questions from lawmakers of "
                     "both parties about Trump’s July 25 call when he asked Ukraine President "
                     "Volodymyr Zelenskiy for the political investigations at the same time as "
                     "U.S. military aid for the ally was being stalled.")
    assert "Donald Trump" in article.persons
    assert not [org for org in article.orgs if "Trump" in org], article.orgs


@pytest.mark.parametrize(("body", "country"), [
    ("NEW YORK - Non-union FEMA crews sat idle in New Jersey while Budweiser converted its "
     "beer lines in Georgia to produce water.", "United States"),
    ("KIEV - The bill would jail anyone who depicts homosexuality positively. A gay pride "
     "parade in Georgia, another former Soviet republic, ended in a scuffle, and Russia "
     "passed a similar law.", "Georgia")])
def test_georgia_is_the_american_state_in_a_story_of_american_places(
        extractor: EntityExtractor, body: str, country: str) -> None:
    """The dev archive's `country=Georgia` gave three web pages, two of them about the
    American state (FEMA crews, a toddler's grandmother sought by Georgia authorities)."""
    article = facets(extractor, "News", body)
    assert country in article.countries
    assert ("Georgia" in article.countries) == (country == "Georgia"), article.countries


def test_a_country_and_a_person_read_as_one_organization_is_the_person(
        extractor: EntityExtractor) -> None:
    """The seeds' AP story listed the organizations "Ukraine Kurt Volker" and "Volker", and
    no Kurt Volker among its people."""
    article = facets(extractor, "Unpredictable Sondland faces questions about Trump, Ukraine",
                     "WASHINGTON (AP) - Another diplomat, former special envoy to Ukraine Kurt "
                     "Volker, shifted his own account of the July 10 meeting to say Sondland "
                     "did, in fact, discuss investigations with the visiting Ukrainians.\n"
                     "A series of text messages Volker provided to lawmakers showed "
                     "conversations between him, Sondland and other leaders.")
    assert "Kurt Volker" in article.persons, article.persons
    assert not [org for org in article.orgs if "Volker" in org], article.orgs
