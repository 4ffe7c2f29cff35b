"""The archive-level stage, end to end: real spaCy, a real index, the values a reader sees.

Each test indexes a small archive with `newsarchive index` and reads the facets back through
the search side, as the sidebar and the API do.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from newsarchive.cli import cli
from newsarchive.search.engine import SearchRequest, open_archive


def write(root: Path, articles: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def archive_orgs(tmp_path: Path, articles: dict[str, str]) -> dict[str, int]:
    """The organizations facet of an archive of these articles, indexed."""
    return archive_facet(tmp_path, articles, "org")


def archive_persons(tmp_path: Path, articles: dict[str, str]) -> dict[str, int]:
    """The persons facet of an archive of these articles, indexed."""
    return archive_facet(tmp_path, articles, "person")


def archive_facet(tmp_path: Path, articles: dict[str, str], name: str) -> dict[str, int]:
    return facet(indexed(tmp_path, articles), name)


def indexed(tmp_path: Path, articles: dict[str, str]) -> Path:
    """The index directory of an archive of these articles."""
    index_dir = tmp_path / "index"
    index(write(tmp_path / "archive", articles), index_dir)
    return index_dir


def numbered(count: int, **kinds: str) -> dict[str, str]:
    """`count` stories of each kind, "{kind}{i}.txt" -> the kind's text with {i} filled in."""
    return {f"{kind}{i}.txt": text.format(i=i) for kind, text in kinds.items()
            for i in range(count)}


def index(root: Path, index_dir: Path, *extra: str) -> str:
    result = CliRunner().invoke(cli, ["index", str(root), "--index", str(index_dir), "-q",
                                      *extra])
    assert result.exit_code == 0, result.output
    return result.output


def facet(index_dir: Path, name: str) -> dict[str, int]:
    return dict(open_archive(index_dir).current().facet_values(name, top=None))


def shown(index_dir: Path, article_id: str, key: str) -> list[str]:
    article = open_archive(index_dir).current().article(article_id)
    assert article is not None
    return article[key]


IMF_ARTICLES = {
    "imf-warning.txt": "IMF warns on debt\n\nWASHINGTON - The International Monetary Fund "
                       "(IMF) said on Tuesday that public debt was rising in most rich "
                       "countries. The IMF urged governments to cut spending.\n",
    "imf-egypt.txt": "Egypt loan approved\n\nCAIRO - The IMF approved a loan of two billion "
                     "dollars for Egypt on Friday, officials said.\n",
    "imf-argentina.txt": "Mission to Argentina\n\nBUENOS AIRES - The IMF will send a mission "
                         "to Argentina next month, the economy minister said on Monday.\n",
    "imf-forecast.txt": "Growth forecast cut\n\nLONDON - The International Monetary Fund cut "
                        "its growth forecast for Europe on Wednesday, citing weak trade.\n",
}


def test_an_acronym_spelled_out_once_is_one_value_everywhere(tmp_path):
    """The forecast story names only the full name, the others only the acronym: one value,
    and a filter on either spelling finds all four articles."""
    index_dir = tmp_path / "index"
    index(write(tmp_path / "archive", IMF_ARTICLES), index_dir)
    orgs = facet(index_dir, "org")
    assert orgs.get("IMF") == 4 and "International Monetary Fund" not in orgs, orgs
    assert shown(index_dir, "imf-forecast.txt", "orgs") == ["IMF"]
    reader = open_archive(index_dir).current()
    for value in ("IMF", "International Monetary Fund"):
        assert reader.search(SearchRequest(filters={"org": [value]})).total == 4


def test_an_acronym_printed_in_one_article_beside_its_name_is_that_name(tmp_path):
    """The seeds' Rukban story listed "U.N." and "United Nations" as two organizations of one
    article. An acronym the archive prints only there goes with its spelled-out name; one
    printed elsewhere too still needs two articles of evidence ("ABC" is not "Arab Banking
    Corp" everywhere because one story names both)."""
    articles = {
        "camp.txt": "Aid blocked at the camp\n\nAMMAN - The United Nations said on Monday that "
                    "aid trucks could not reach the camp. U.N. officials asked for access "
                    "within a week.\n",
        "vote.txt": "Vote on the truce\n\nNEW YORK - The United Nations will vote on a truce "
                    "on Friday, diplomats said.\n",
        "abc-bank.txt": "Bank results\n\nMANAMA - Arab Banking Corp said profit rose. ABC "
                        "shares gained on Tuesday.\n",
        **numbered(3, abc="Network news {i}\n\nNEW YORK - ABC said on Thursday it would air "
                          "a new evening show, its president told reporters.\n"),
    }
    index_dir = indexed(tmp_path, articles)
    assert shown(index_dir, "camp.txt", "orgs") == ["United Nations"]
    orgs = facet(index_dir, "org")
    assert "U.N." not in orgs and orgs.get("ABC") == 4, orgs


EARNINGS = """{name} <{ticker}> 1ST QTR NET

NEW YORK, April {day} -
Shr {shr} cts vs {shr2} cts
Net {net} mln vs {net2} mln
Revs {revs} mln vs {revs2} mln
Avg shrs {avg} mln vs {avg2} mln
Reuter
"""


def test_rows_of_an_earnings_table_make_no_people(tmp_path):
    articles = {}
    for day, (name, ticker) in enumerate([("ACME CORP", "ACM"), ("BOLT INDUSTRIES", "BLT"),
                                          ("CORDIAL FOODS INC", "CFI"), ("DELTA MINES", "DMN"),
                                          ("EAGLE SOFTWARE", "EGS")], start=2):
        articles[f"earnings-{ticker.lower()}.txt"] = EARNINGS.format(
            name=name, ticker=ticker, day=day, shr=10 + day, shr2=9 + day, net=3 * day,
            net2=2 * day, revs=40 + day, revs2=35 + day, avg=5 + day, avg2=4 + day)
    index_dir = indexed(tmp_path, articles)
    persons = facet(index_dir, "person")
    table_words = {"Shr", "Net", "Revs", "Avg", "Avg Shrs", "Reuter"}
    assert not table_words & set(persons), persons
    assert not table_words & set(facet(index_dir, "org"))


def test_a_word_only_a_capitals_headline_gives_is_no_person_even_once(tmp_path):
    """The seeds' "CENTRAL BANCSHARES <CBSS> UNIT UNVEILS SYSTEM" showed a person "Cbss"."""
    import json

    story = {"id": 1822, "date": "1987-03-04T16:49:19", "dateline": "BIRMINGHAM, March 4",
             "title": "CENTRAL BANCSHARES <CBSS> UNIT UNVEILS SYSTEM",
             "body": "Central Bancshares of the South's\nCentral Bank of the South said it "
                     "unveiled a realtime trading\nfloor providing the staff with instant "
                     "access to U.S. financial\nmarkets.\n    The trading room format was "
                     "created by Rich Inc, a\nsubsidiary of Reuters Inc <REUT>.\n Reuter"}
    index_dir = tmp_path / "index"
    index(write(tmp_path / "archive", {"wire.jsonl": json.dumps(story)}), index_dir)
    assert not {"Cbss", "CBSS"} & set(facet(index_dir, "person"))


def test_a_law_is_no_organization(tmp_path):
    """The seeds showed "Financial Services Act" among the organizations (NER's ORG)."""
    story = ("Britain moves on access\n\nLONDON - Britain said under the new Financial Services "
             "Act it could revoke licences of Japanese banks. The Bank of England agreed.\n")
    orgs = archive_orgs(tmp_path, {"act.txt": story, "act2.txt": story.replace("LONDON",
                                                                              "TOKYO")})
    assert "Financial Services Act" not in orgs and "Bank of England" in orgs, orgs


BAKER = {
    "baker-dollar.txt": "Dollar falls\n\nWASHINGTON - Treasury Secretary James Baker said "
                        "on Monday the dollar had fallen far enough. Baker spoke to reporters "
                        "at the White House.\n",
    "baker-tokyo.txt": "Talks in Tokyo\n\nTOKYO - James Baker met Japanese finance officials "
                       "in Tokyo on Tuesday to discuss exchange rates.\n",
    "baker-markets.txt": "No intervention\n\nNEW YORK - Baker said the United States would not "
                         "intervene in currency markets this week, dealers said.\n",
}


def test_a_family_name_alone_is_the_archive_s_full_name(tmp_path):
    index_dir = tmp_path / "index"
    index(write(tmp_path / "archive", BAKER), index_dir)
    persons = facet(index_dir, "person")
    assert persons.get("James Baker") == 3 and "Baker" not in persons, persons
    assert shown(index_dir, "baker-markets.txt", "persons") == ["James Baker"]


def test_adding_articles_changes_older_articles_values(tmp_path):
    """The markets story alone says only "Baker" (opening a sentence, where a capital says
    nothing): no person. Once the archive holds James Baker, the next `index` run shows him
    in that older story, without running NER on it again."""
    root, index_dir = tmp_path / "archive", tmp_path / "index"
    write(root, {"baker-markets.txt": BAKER["baker-markets.txt"]})
    index(root, index_dir)
    assert shown(index_dir, "baker-markets.txt", "persons") == []
    write(root, {name: text for name, text in BAKER.items() if name != "baker-markets.txt"})
    output = index(root, index_dir)
    assert "2 indexed, 1 unchanged" in output
    assert shown(index_dir, "baker-markets.txt", "persons") == ["James Baker"]


def test_the_aliases_file_wins_over_the_archive(tmp_path):
    root, index_dir = write(tmp_path / "archive", BAKER), tmp_path / "index"
    aliases = tmp_path / "aliases.txt"
    aliases.write_text("[persons]\nJim Baker = James Baker | Baker\n", encoding="utf-8")
    index(root, index_dir, "--aliases", str(aliases))
    assert facet(index_dir, "person").get("Jim Baker") == 3


def test_entities_command_explains_what_the_archive_decided(tmp_path):
    index_dir = tmp_path / "index"
    index(write(tmp_path / "archive", BAKER), index_dir)
    result = CliRunner().invoke(cli, ["entities", "--facet", "persons", "--why", "Baker",
                                      "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert "Baker -> James Baker" in result.output and "family name of James Baker" in (
        result.output)


def test_a_damaged_decision_table_is_named_as_damage_and_remade_by_the_next_run(tmp_path):
    import pytest

    from newsarchive.search.entities import RESOLUTION_FILE
    from newsarchive.search.store import IndexDamaged, live_generation

    root, index_dir = write(tmp_path / "archive", BAKER), tmp_path / "index"
    index(root, index_dir)
    table = live_generation(index_dir) / RESOLUTION_FILE
    table.write_text('{"format": 1, "moves": {"person": {"Baker": 5}}}', encoding="utf-8")
    with pytest.raises(IndexDamaged):  # never values silently shown otherwise
        facet(index_dir, "person")
    assert "repaired" in index(root, index_dir)  # nothing changed, but the table is remade
    assert facet(index_dir, "person").get("James Baker") == 3


def test_an_open_reader_follows_a_new_decision_table(tmp_path):
    """A running server's handle shows the archive's new decisions on its next request, also
    when a run changed no article (only the aliases file): the table, not a commit, changed."""
    root, index_dir = write(tmp_path / "archive", BAKER), tmp_path / "index"
    index(root, index_dir)
    handle = open_archive(index_dir)
    assert dict(handle.current().facet_values("person", top=None)).get("James Baker") == 3
    aliases = tmp_path / "aliases.txt"
    aliases.write_text("[persons]\nJim Baker = James Baker\n", encoding="utf-8")
    assert "0 indexed, 3 unchanged" in index(root, index_dir, "--aliases", str(aliases))
    assert dict(handle.current().facet_values("person", top=None)).get("Jim Baker") == 3


HOUSE_ARTICLES = {
    "seagram.txt": "Seagram sells brand\n\nMONTREAL - The House of Seagram Ltd said on Monday it "
                   "sold its wine brand to a California group for 90 million dlrs. Seagram's "
                   "House said the sale would close in June, and the House of Seagram expects "
                   "a gain.\n",
    **{f"house{n}.txt": f"Budget vote {n}\n\nWASHINGTON - The House voted on Tuesday to pass "
                        f"the spending bill number {n}, sending it to the Senate. Speaker Jim "
                        "Wright said the House would return to the tax bill next week.\n"
       for n in range(1, 5)},
}


def test_one_article_s_longer_name_does_not_take_a_plain_word_everywhere(tmp_path):
    """"House of Seagram" in one story made every "House" (the Congress's) the distiller."""
    index_dir = tmp_path / "index"
    index(write(tmp_path / "archive", HOUSE_ARTICLES), index_dir)
    assert facet(index_dir, "org").get("House") == 4
    assert "House of Seagram Ltd" not in shown(index_dir, "house1.txt", "orgs")


def test_a_lone_given_name_is_not_the_one_person_whose_family_name_it_is(tmp_path):
    """Seen on 1,353 web pages: "Paul and Joe's" went to Ron Paul and "Chris" to "Learn Chris",
    the archive's one full name ending in the word, though the word opens many more."""
    archive = write(tmp_path / "archive", {
        "ron-paul.txt": "Paul in Iowa\n\nRon Paul spoke in Iowa on Monday. Paul said taxes "
                        "were too high.\n",
        "paul-ryan.txt": "Ryan on budget\n\nPaul Ryan spoke in Wisconsin on Monday. Ryan said "
                         "the budget would pass.\n",
        "paul-krugman.txt": "Krugman column\n\nPaul Krugman wrote a column on Monday. Krugman "
                            "said growth would slow.\n",
        "cafe.txt": "A busy cafe\n\nThe cafe was busy on Sunday. Paul, a waiter at the cafe, "
                    "said the soup was cold. Paul has worked there for ten years.\n"})
    index_dir = tmp_path / "index"
    index(archive, index_dir)
    assert "Ron Paul" not in shown(index_dir, "cafe.txt", "persons")
    assert shown(index_dir, "ron-paul.txt", "persons") == ["Ron Paul"]


def test_a_region_read_as_a_person_is_no_person(tmp_path):
    """The model reads "northern Buenos Aires" of a crop report as a person (seeds/ showed it
    among the people); a name that is a town's or region's, never after a title, is none."""
    archive = write(tmp_path / "archive", {
        "crops.txt": "Argentine crops\n\nGrowers in the past week discovered more empty soybean "
                     "pods in the main producing areas of southern Cordoba and Santa Fe "
                     "provinces and northern Buenos Aires.\n\nIn other areas, especially western "
                     "Buenos Aires, where rainfall was more than 200 mm, parts of the sunflower "
                     "crops may have been damaged.\n"})
    index_dir = tmp_path / "index"
    output = index(archive, index_dir)
    assert "Buenos Aires" not in facet(index_dir, "person"), output


def test_a_programme_or_monetary_system_and_its_acronym_are_no_organization(tmp_path):
    """Seen in the dev archive's top 100 organizations: "EMS" (the European Monetary System, in
    34 stories) and "EEP" (the Export Enhancement Program); the World Food Programme is one."""
    archive = write(tmp_path / "archive", {
        "ems1.txt": "Franc under pressure\n\nPARIS - The franc fell within the European "
                    "Monetary System (EMS) on Monday, dealers at Credit Lyonnais said.\n",
        "ems2.txt": "Realignment talk\n\nBONN - Talk of an EMS realignment grew on Tuesday, "
                    "dealers at Deutsche Bank said.\n",
        "eep.txt": "Wheat subsidy\n\nWASHINGTON - The Export Enhancement Program (EEP) will "
                   "offer wheat to Egypt, the U.S. Agriculture Department said.\n",
        "wfp.txt": "Food aid\n\nROME - The World Food Programme (WFP) sent food to Sudan on "
                   "Friday, the agency said.\n"})
    index_dir = tmp_path / "index"
    index(archive, index_dir)
    orgs = facet(index_dir, "org")
    assert not {"EMS", "European Monetary System", "EEP", "Export Enhancement Program"} & set(
        orgs), orgs
    assert {"Credit Lyonnais", "Deutsche Bank", "U.S. Agriculture Department"} <= set(orgs)
    assert "WFP" in orgs or "World Food Programme" in orgs, orgs


def test_an_adjective_of_government_alone_is_no_organization(tmp_path):
    """Seen among the dev archive's 100 most named organizations: "Congressional", which NER
    sometimes reads as an organization, and to which the archive then linked the Congressional
    Budget Office as its body."""
    orgs = archive_orgs(tmp_path, numbered(
        2, talks="Budget talks {i}\n\nWASHINGTON - Approval by Congressional is needed, the "
                 "aide said on Monday.\n",
        cbo="Deficit outlook {i}\n\nWASHINGTON - The Congressional Budget Office said the "
            "deficit would grow.\n"))
    assert "Congressional" not in orgs and "Congressional Budget Office" in orgs, orgs


def test_a_product_or_technical_term_is_no_organization(tmp_path):
    """Seen among the 60 organizations most named in 1,353 web pages: Android, USB, RSS, LCD,
    WordPress, Mac. A product's word follows such a name ("USB port", "Android phones") in many
    of its articles and it never acts; a company followed by its products ("Intel chips") also
    says things and has people, and stays."""
    orgs = archive_orgs(tmp_path, numbered(
        5, usb="Gadget tips {i}\n\nPlug the drive into a USB port and copy the files. Older "
               "laptops have one USB port only.\n",
        intel="Chip news {i}\n\nIntel said on Monday that new Intel chips would ship in May, "
              "and Intel shares rose.\n"))
    assert "USB" not in orgs and orgs.get("Intel") == 5, orgs


def test_the_abbreviation_of_a_thing_is_no_organization(tmp_path):
    """Seen among the organizations most named in 1,353 web pages: PDF, HTML, CPU, UI, SEO,
    DIY. NER reads them as organizations; the abbreviation of a thing (a file format, a part,
    a business or chat term) is none. The FBI of the same articles stays, and so does an
    organization whose acronym is also a thing's (the American Petroleum Institute's API)."""
    orgs = archive_orgs(tmp_path, numbered(3, report=(
        "Report {i}\n\nYou can download the PDF of the FBI report here. The PDF runs to 40 "
        "pages, and the FBI said it would publish more.\n"), oil=(
        "Oil stocks {i}\n\nCrude oil stocks fell last week, the API said on Tuesday.\n")))
    assert "PDF" not in orgs and orgs.get("FBI") == 3 and orgs.get("API") == 3, orgs


def test_a_product_named_with_an_i_before_a_capital_is_no_organization(tmp_path):
    """"iPhone", "iPad", "iTunes" are products, which NER reads as organizations; "iRobot",
    which says things in its articles, is a company."""
    orgs = archive_orgs(tmp_path, numbered(3, review=(
        "Phone review {i}\n\nThe new iPhone has a bigger screen. iRobot said on Monday that "
        "its vacuum cleaners would talk to the iPhone.\n")))
    assert "iPhone" not in orgs and orgs.get("iRobot") == 3, orgs


def test_a_company_named_by_its_web_address_is_one_value_with_its_name(tmp_path):
    """"Amazon.com" and "Amazon" are one organization; "eBay" is shown as the company writes
    it, not as a sentence-cased headline's "EBay"."""
    orgs = archive_orgs(tmp_path, {
        **numbered(2, books="Shopping {i}\n\nShoppers bought more books from Amazon.com this "
                            "year, analysts said.\n",
                   sales="Retail {i}\n\nAmazon said on Monday that sales rose in May.\n"),
        **numbered(1, ebay="EBay sales rise\n\nShoppers spent more on eBay in May, eBay said "
                           "on Tuesday.\n")})
    amazon = {value: count for value, count in orgs.items() if value.startswith("Amazon")}
    assert list(amazon.values()) == [4], orgs
    assert orgs.get("eBay") == 1 and "EBay" not in orgs, orgs


BLOG_SIDEBAR = ("While Apple, maker of the Macintosh computer, has reveled in bringing us the "
                "new, the audio company McIntosh has gloried in electronics that keep to the "
                "tried and true.")
BLOG_POSTS = {
    "blog-router.txt": "Q&A: Resetting a router\n\nUnplug the router for thirty seconds, then "
                       "plug it back in and wait for the lights to settle. Comcast says most "
                       "home network faults clear this way. If they do not, the modem may be "
                       "old: ask for a new one.\n\n" + BLOG_SIDEBAR + "\n",
    "blog-backup.txt": "Q&A: Backing up photos\n\nCopy the photo library to an external drive "
                       "once a month, and keep a second copy online. Dropbox and Google both "
                       "offer free storage for a start, and more for a small monthly fee to "
                       "those who need it.\n\n" + BLOG_SIDEBAR + "\n",
    "blog-battery.txt": "Q&A: A phone battery that drains\n\nTurn off location services for "
                        "apps that do not need them, and dim the screen. Samsung suggests its "
                        "power saving mode for long trips, which turns off most of what runs "
                        "in the background.\n\n" + BLOG_SIDEBAR + "\n",
}

AMPLIFIER_REVIEW = {  # a post about the company the sidebar names
    "blog-amplifier.txt": "Q&A: A new amplifier\n\nThe audio company McIntosh said on Monday "
                          "that its new amplifier keeps the blue meters of its older models "
                          "and adds a streaming input, at a price of six thousand dollars.\n\n"
                          + BLOG_SIDEBAR + "\n"}


def test_a_name_printed_only_in_a_site_s_repeated_line_is_no_value(tmp_path):
    """Seen on the Dragnet pages: a blog sidebar's "Latest Book" box, a press office's
    contact line and an editor's disclosure line were among the archive's values. A name
    printed, in each of its articles, only in one line they all repeat (here a sidebar's
    teaser about the audio maker McIntosh) is no value of theirs; the same story filed three
    times keeps its names (its articles share nearly all their lines), and so does a name that
    one of its articles prints in a story."""
    wire = "Hughes Tool to merge\n\nHOUSTON - Hughes Tool Co said on Monday it would merge "
    stories = {**BLOG_POSTS, **{f"wire{i}.txt": wire + f"with Baker International.\n\n(copy {i})\n"
                                for i in range(3)}}
    orgs = archive_orgs(tmp_path / "one", stories)
    assert "McIntosh" not in orgs, orgs
    assert orgs.get("Dropbox") == 1 and orgs.get("Baker International") == 3, orgs
    orgs = archive_orgs(tmp_path / "two", {**BLOG_POSTS, **AMPLIFIER_REVIEW})
    assert orgs.get("McIntosh") == 4, orgs


def test_a_given_name_spelled_like_a_particle_is_a_given_name(tmp_path):
    """"Ben", "Al" and "Abu" are particles of names ("Zine el Abidine Ben Ali") and given
    names: Ben Huh, whose family name the archive prints mostly as a word ("huh?"), was hidden
    as a lone word "Huh". Before a family name they are a given name."""
    persons = archive_persons(tmp_path, {
        "cheezburger.txt": "Cheezburger raises money\n\nBen Huh, the chief executive of "
                           "Cheezburger, said on Monday that the company had raised money.\n",
        **numbered(8, quiz="Quiz night {i}\n\nHuh? The answer surprised everyone at the quiz, "
                           "and huh was all the host could say.\n")})
    assert persons.get("Ben Huh") == 1, persons


def test_a_small_run_reads_only_the_texts_of_the_names_its_articles_changed(tmp_path,
                                                                           monkeypatch):
    """The boilerplate rule reads stored texts; what it found is kept with the index, so a
    run reads again only the names of the articles it added (at 100,000 articles reading
    them all took seconds a run), and what it decided holds: a story naming McIntosh shows
    it again."""
    from newsarchive.indexer.resolve.boilerplate import IndexArticleTexts

    asked: list[str] = []
    bodies = IndexArticleTexts.bodies

    def recording(self, facet, values):
        asked.extend(values)
        return bodies(self, facet, values)

    monkeypatch.setattr(IndexArticleTexts, "bodies", recording)
    root, index_dir = write(tmp_path / "archive", BLOG_POSTS), tmp_path / "index"
    index(root, index_dir)
    assert "McIntosh" in asked and "McIntosh" not in facet(index_dir, "org")
    asked.clear()
    write(root, {"wire.txt": "Oil prices rise\n\nLONDON - Oil prices rose on Monday, traders "
                             "said, as OPEC kept its output steady.\n"})
    index(root, index_dir)
    assert "McIntosh" not in asked and "McIntosh" not in facet(index_dir, "org"), asked
    write(root, AMPLIFIER_REVIEW)
    index(root, index_dir)
    assert "McIntosh" in asked and facet(index_dir, "org").get("McIntosh") == 4


def test_a_name_stories_call_a_thing_is_no_person_where_none_says_so(tmp_path):
    """Two stories call Petrobras "the state oil company"; a third names it bare, and the model
    reads a person there too: the archive's vote, a thing in two stories, hides it there."""
    cued = ("Brazil's state oil company\nPetrobras has cancelled a crude oil purchase from Saudi "
            "Arabia. If the Saudis change their minds, then Petrobras\nwill lift the order, "
            "said Carlos Santana, the export director.\n")
    archive = write(tmp_path / "archive", {
        "one.txt": "Brazil cancels oil purchase\n\nRIO DE JANEIRO, March 12 - " + cued,
        "two.txt": "Brazil oil order\n\nRIO DE JANEIRO, March 13 - " + cued,
        "bare.txt": "Brazil seamen strike\n\nRIO DE JANEIRO, March 20 - Striking seamen have "
                    "halted 48 ships. Petrobras said the strike had cost 20 mln dlrs in lost "
                    "export orders.\n"})
    index_dir = tmp_path / "index"
    index(archive, index_dir)
    assert "Petrobras" not in shown(index_dir, "bare.txt", "persons")
    assert shown(index_dir, "one.txt", "persons") == ["Carlos Santana"]


GROUP_ARTICLES = {
    "g7.txt": "BALLADUR HAS HAD CONTACT WITH G-7 MINISTERS\n\nPARIS, Oct 20 - French Finance "
              "Minister Edouard Balladur\nhas been in contact with several Finance Ministers "
              "from the\nGroup of Seven leading industrial countries, in particular West\nGerman "
              "Finance Minister Gerhard Stoltenberg, to discuss the\ncrisis on world markets, "
              "Finance Ministry sources said.\n",
    **numbered(2, usair="USAIR GROUP TO BUY PIEDMONT {i}\n\nWASHINGTON, March 6 - USAir Group "
                        "agreed to buy Piedmont Aviation Inc, the airline said. USAir Group "
                        "said the deal was worth 1.6 billion dlrs.\n"),
}


def test_a_name_cut_after_of_is_no_other_name_holding_its_word(tmp_path):
    """NER cut "Group of Seven" to "Group of", which went to USAir Group: a G-7 story showed
    the airline. A cut-off name goes only to a longer name it is nearly always printed in."""
    index_dir = tmp_path / "index"
    index(write(tmp_path / "archive", GROUP_ARTICLES), index_dir)
    orgs = shown(index_dir, "g7.txt", "orgs")
    assert not any("USAir" in org or "USAIR" in org or org == "Group of" for org in orgs), orgs
    assert any("USAir" in org for org in shown(index_dir, "usair0.txt", "orgs"))


def test_a_common_word_after_no_given_name_is_no_person(tmp_path):
    """A shop's menu gave a person "Andouille Sausage": its last word is a common word of the
    archive and nobody else there is called Andouille. "Mark Price" is kept (other people
    are called Mark), and so is "Dennis Long", who speaks."""
    articles = numbered(8, market="Market report {i}\n\nThe price of sausage and the price "
                                   "of ham rose on day {i} after a long week, traders said.\n")
    articles["menu.txt"] = "Our menu\n\nWe ordered Andouille Sausage and rice at the fair.\n"
    articles["price.txt"] = "Sales report\n\nMark Price reported that sales rose.\n"
    articles["smith.txt"] = "Hiring\n\nMark Smith said the firm would hire more staff.\n"
    articles["long.txt"] = "Plant closes\n\nDennis Long said the plant would close.\n"
    persons = archive_persons(tmp_path, articles)
    assert "Andouille Sausage" not in persons, persons
    assert {"Mark Price", "Mark Smith", "Dennis Long"} <= set(persons), persons


def test_latin_spellings_of_a_slavic_name_are_one_person(tmp_path):
    """The seeds showed "Zelensky" beside "Volodymyr Zelenskiy"."""
    articles = {
        "kyiv.txt": "Talks in Kyiv\n\nUkrainian President Volodymyr Zelenskiy said on Monday "
                    "that talks with Russia would go on.\n",
        "trump.txt": "Call with Trump\n\nWASHINGTON - Zelensky said on Tuesday that the call "
                     "had gone well.\n",
    }
    index_dir = indexed(tmp_path, articles)
    assert facet(index_dir, "person") == {"Volodymyr Zelenskiy": 2}
    reader = open_archive(index_dir).current()
    found = reader.search(SearchRequest(query='person:"Volodymyr Zelensky"'))
    assert found.total == 2


def test_a_word_the_story_also_prints_in_lower_case_is_no_person(tmp_path):
    """The seeds' story of a campaign against meth showed a person "Meth" ("Meth is a
    serious problem"): the story prints "the meth epidemic" too; and "Heifers", a line's
    first word in a report printed in lower case."""
    from tests.conftest import REPO

    page = next((REPO / "seeds" / "web").glob("thehill--*meth*.html"))
    persons = archive_persons(tmp_path / "meth", {page.name: page.read_text(encoding="utf-8")})
    assert "Meth" not in persons and "Kristi Noem" in persons, persons
    # a USDA report in lower case: "heifers - choice 2-4 ..." got its capital from the indexer
    wire = (REPO / "seeds" / "reuters" / "reuters21578-sample.jsonl").read_text(encoding="utf-8")
    report = next(line for line in wire.splitlines() if '"OMAHA CATTLE UP' in line)
    assert archive_persons(tmp_path / "usda", {"usda.jsonl": report}) == {}
    wire_style = report.replace('"dateline": "omaha, april 7"', '"dateline": "OMAHA, April 7"')
    assert archive_persons(tmp_path / "dateline", {"usda.jsonl": wire_style}) == {}


def test_a_word_mostly_opening_lines_and_labelling_figures_is_no_person(tmp_path):
    """"Heifers" was the one junk person among the 100 most named of the whole dev archive:
    it opens lines of USDA reports printed in lower case, and labels figures in others
    ("Steer top 66.00 and Heifers 65.00 dlrs")."""
    reports = numbered(3, usda="CATTLE UP 2.00 DLRS - USDA\n\nwest fargo, april {i} - slaughter "
                               "cattle rose 2.00 dlrs, the usda said.\n\nsteers - choice 2-4 "
                               "1030-1360 lbs 63.75-65.50.\n\nheifers - choice 2-4 976-1325 lbs "
                               "61.00-63.50.\n")
    reports["opening.txt"] = ("CATTLE OPEN HIGHER\n\nCHICAGO, April 7 - Cattle prices opened 1.00 "
                              "dlr higher, private sources said. Steer top 66.00 and Heifers "
                              "65.00 dlrs.\n")
    persons = archive_persons(tmp_path, reports)
    assert "Heifers" not in persons, persons


def test_a_business_or_venue_named_like_a_person_is_an_organization(tmp_path):
    """The dev archive's persons showed "Scott Andrew Studio", "Hydra Head Records" and
    "Semper Opera": no family name is "Studio", "Records" or "Opera" (nor "Colliery" or
    "Republic")."""
    articles = {
        "wedding.txt": "A wedding in Napa\n\nI wanted to share an inspiration shoot I produced "
                       "in Napa, shot by my friend and colleague Scott Andrew Studio this past "
                       "July.\n\nPhotography: Scott Andrew Studio\n",
        "label.txt": "Label closes\n\nAaron Turner said this year he shut down his label, "
                     "Hydra Head Records, which had been in business since 1993.\n",
        "trip.txt": "Dresden\n\nAt the time I visited Semper Opera, I had more children than "
                    "dollars, Mark Jones wrote.\n",
        # the seeds: a mine, and a state once the demonym before it is dropped
        "strike.txt": "Miners return\n\nJOHANNESBURG, March 3 - The workers at Anglo's Vaal "
                      "Colliery south of Johannesburg had struck to press for higher pay.\n",
        "express.txt": "Express routes\n\nThe air express company said one of the additions "
                       "includes the German Democratic Republic (East Germany).\n",
    }
    index_dir = indexed(tmp_path, articles)
    assert facet(index_dir, "person") == {"Aaron Turner": 1, "Mark Jones": 1}
    orgs = facet(index_dir, "org")
    assert {"Scott Andrew Studio", "Hydra Head Records", "Semper Opera", "Vaal Colliery"
            } <= set(orgs), orgs


def test_a_family_name_with_its_particle_is_the_person_not_an_organization(tmp_path):
    """The dev archive's organizations showed "De Villiers", the family name of the story's
    chairman Henri de Villiers."""
    articles = {"bank.txt": "Bank profits\n\nJOHANNESBURG, March 20 - Standard Bank Investment "
                            "Corp Ltd chairman Henri de Villiers said he could not predict "
                            "profits for the bank this year. De Villiers said unrest continued.\n"}
    index_dir = indexed(tmp_path, articles)
    assert facet(index_dir, "person") == {"Henri de Villiers": 1}
    assert facet(index_dir, "org") == {"Standard Bank Investment Corp": 1}


def test_a_headline_s_short_name_of_the_story_s_company_is_no_person(tmp_path):
    """The seeds showed a person "Brown Disc": the headline "BROWN DISC TO BUY RHONE-POULENC
    UNIT" of a story about Brown Disc Products Co Inc. A person a story names below its
    headline stays, and so does one whose name opens no company ("Henry Ford Hospital")."""
    from tests.conftest import REPO

    wire = (REPO / "seeds" / "reuters" / "reuters21578-sample.jsonl").read_text(encoding="utf-8")
    story = next(line for line in wire.splitlines() if '"BROWN DISC TO BUY' in line)
    articles = {"brown.jsonl": story,
                "ford.txt": "HENRY FORD WINS AWARD\n\nDETROIT, March 3 - The Henry Ford "
                            "Hospital said it had won an award for its heart surgery.\n"}
    index_dir = indexed(tmp_path, articles)
    assert "Brown Disc" not in facet(index_dir, "person")
    assert "Brown Disc Products" in facet(index_dir, "org")
    assert "Henry Ford" in facet(index_dir, "person")


def test_common_words_of_a_web_page_s_headings_are_no_organization(tmp_path):
    """A blog's label line showed "Success Stories" and "New Features" as organizations; the
    whole dev archive had 61 such values ("Previous Post", "Comments Print Recipe"). A name
    of common words that acts elsewhere in the archive stays ("Sterling Software said")."""
    articles = numbered(8, blog="Blog notes {i}\n\nThe previous post had more comments than "
                                "any recipe we print, and the success stories of readers keep "
                                "coming. Some posts are popular, most are not, and new features "
                                "come. Software sold for sterling.\n")
    articles["page.txt"] = ("Market notes\n\nStocks rose on Tuesday as traders bought banks.\n\n"
                            "Previous Post: S&P 500 Index Breaks 1,400 What's Next?\n"
                            "Next Post: Why The Fed Waits\n"
                            "Labels: Announcements, New Features, Success Stories\n\n"
                            "Read More: Sterling Software Buys A Rival\n")
    articles["deal.txt"] = ("Software deal\n\nDALLAS, March 3 - Sterling Software said it would "
                            "buy a rival for 20 mln dlrs.\n")
    orgs = archive_orgs(tmp_path, articles)
    assert not {"Success Stories", "New Features"} & set(orgs), orgs
    assert "Sterling Software" in orgs, orgs


def test_a_country_s_abbreviation_and_a_common_word_is_no_organization(tmp_path):
    """Reuters capitalizes the word after "U.S." ("Monday's U.S. Action"): the whole dev
    archive showed 235 such organizations ("U.S. Action", "U.S. Investors", "U.K.
    Clearing"). One that acts stays ("U.S. Lines said")."""
    articles = numbered(8, talks="Trade talks {i}\n\nOfficials said on day {i} that action on "
                                 "trade was needed and that shipping lines would wait.\n")
    articles["gulf.txt"] = ("Tankers wait\n\nLONDON, Oct 20 - Tankers en route for the Gulf would "
                            "stay out for the time being following Monday's U.S. Action, "
                            "shipping sources said.\n")
    articles["lines.txt"] = ("Shipping line\n\nNEW YORK, Oct 20 - U.S. Lines said it would add "
                             "two ships to its Atlantic service.\n")
    orgs = archive_orgs(tmp_path, articles)
    assert "U.S. Action" not in orgs, orgs
    assert "U.S. Lines" in orgs, orgs


def test_words_no_list_of_people_s_names_holds_are_no_person(tmp_path):
    """The seeds showed persons "Golf" (VW's "current Golf model"), "Swatch" ("Swatch
    watches") and "Peptide" ("Peptide T"): a lone word with no title, no full name and no
    verb of speech, which no list of people's names holds; and "Orbit Beyond", a common
    English word after a word, neither of them a name, in an archive too small to count
    "beyond". A bare family name people bear ("Hemingway") and a full name whose first
    word is a given name ("Karl Rove") stay."""
    articles = {
        "vw.txt": "VW results\n\nLincke declined to be drawn on when VW may introduce a "
                  "successor to its current Golf model, which in 1983 replaced the original.\n",
        "party.txt": "Tokyo party\n\nThe firm gave guests gifts of Swiss chocolates and Swatch "
                     "watches at the party in Tokyo.\n",
        "bar.txt": "Old bars\n\nThe wheelchair looks like something out of a Hemingway novel, "
                   "the owner of the bar wrote.\n",
        # two words: a common English word after a word, neither a name ("Karl Rove" is)
        "moon.txt": "Moon landers\n\nNASA awarded lander missions to companies Astrobotic, "
                    "Intuitive Machines and Orbit Beyond. Orbit Beyond dropped out of that "
                    "contract.\n",
        "memo.txt": "An old memo\n\nThe memo was written for Karl Rove in 2004 and shows "
                    "how the campaign worked.\n",
        # two such "names" with one first word do not make it a given name
        "jedi.txt": "Tips from a Linux Jedi\n\nMy friend, a real Linux Jedi, showed me how to "
                    "set it up on the laptop.\n",
        "kernel.txt": "The hobby OS\n\nThat hobby was Linux, and today Linux Kernel developers "
                      "number in the thousands.\n",
    }
    persons = archive_persons(tmp_path, articles)
    assert not {"Golf", "Swatch", "Orbit Beyond", "Linux Jedi", "Linux Kernel"} & set(
        persons), persons
    assert {"Hemingway", "Karl Rove"} <= set(persons), persons
    result = CliRunner().invoke(cli, ["entities", "--facet", "persons", "--why", "Golf",
                                      "--index", str(tmp_path / "index")])
    assert "Golf -> hidden" in result.output, result.output
    assert "no list of people's names holds" in result.output


def test_a_headline_s_words_named_nowhere_else_are_no_person(tmp_path):
    """The dev archive's persons showed "Suzuki Files Bankruptcy", "Bolt Wins" and "Tsunami
    Debris": a "name" only a headline gives, whose first or last word is a common English
    word no list of people's names holds. The story's own people stay."""
    articles = {
        "suzuki.txt": "Suzuki Files Bankruptcy for U.S. Car Unit\n\nSuzuki Motor Corp said on "
                      "Monday its American car unit had filed for protection from creditors.\n",
        "bolt.txt": "Bolt Wins Gold Again\n\nUsain Bolt won the 100 metres final in London on "
                    "Sunday, beating Yohan Blake.\n",
    }
    persons = archive_persons(tmp_path, articles)
    assert not {"Suzuki Files Bankruptcy", "Bolt Wins Gold Again"} & set(persons), persons
    assert "Yohan Blake" in persons, persons


def test_a_name_only_a_page_s_title_gives_is_no_value_but_a_wire_headline_s_is(tmp_path):
    """The 1,353 Dragnet pages, indexed alone, listed 141 organizations and 15 persons that
    only a title-case headline gives ("Response To Hurricane Sandy", "Obama Effigy Found"):
    the story below never names them. A company named only in a wire headline in capitals
    stays (an earnings table under "KINCAID FURNITURE CO INC 1ST QTR NET" names it nowhere
    else), and so does a lone word ("Boeing", a common word to Google Books' counts), and
    a name the story repeats."""
    body = ("\n\nThe report was published on Tuesday and was widely shared by readers, who "
            "said it was useful.\n")
    articles = {
        "sandy.txt": "The Auto Industry's Response To Hurricane Sandy" + body,
        "pause.txt": "Campaigning Resumes After Weekend Pause" + body,
        "effigy.txt": "Obama Effigy Found Hanging From Tree" + body,
        "astros.txt": "Astros Acquire Tyler Greene From Indians" + body,
        "kincaid.txt": "KINCAID FURNITURE CO INC 1ST QTR NET\n\nHICKORY, N.C., April 2 -\n"
                       "Shr 21 cts vs 18 cts\nNet 1,200,000 vs 1,000,000\nRevs 30.1 mln vs "
                       "28.2 mln\n",
        "ford.txt": "Ford Recalls Trucks\n\nDETROIT - Ford Motor Co said on Tuesday it would "
                    "recall 40,000 trucks to fix their brakes.\n",
        "boeing.txt": "Israeli airline to buy two Boeing jets\n\nJERUSALEM - The airline said "
                      "on Sunday it would buy two new jets for its routes to New York.\n",
    }
    index_dir = indexed(tmp_path, articles)
    orgs, persons = facet(index_dir, "org"), facet(index_dir, "person")
    assert set(orgs) == {"Kincaid Furniture Co Inc", "Ford Motor Co", "Boeing"}, orgs
    assert not persons, persons


def test_an_acronym_of_a_name_after_its_country_is_that_name():
    """The Dragnet pages listed "FDA" and "U.S. Food and Drug Administration" apart, in the
    same articles: the name's initials were read with its country's ("USFDA")."""
    from newsarchive.indexer.resolve.orgs import _same_org

    assert _same_org("FDA", "U.S. Food and Drug Administration")
    assert _same_org("NHS", "British National Health Service")
    assert not _same_org("FDA", "U.S. Federal Aviation Administration")


def test_a_team_called_by_its_nickname_is_one_value_with_its_full_name(tmp_path):
    """The Dragnet pages listed "Lions" beside "Detroit Lions" in the same articles."""
    articles = numbered(2, game="Lions win {i}\\n\\nDETROIT - The Detroit Lions beat the Chicago "
                                "Bears 24-17 on Sunday. The Lions scored twice in the last "
                                "quarter, the coach said.\\n")
    articles["draft.txt"] = ("Draft pick\\n\\nDETROIT - The Lions signed their first-round draft "
                             "pick on Monday, the team said.\\n")
    orgs = archive_orgs(tmp_path, articles)
    assert orgs.get("Detroit Lions") == 3 and "Lions" not in orgs, orgs


def test_a_given_name_alone_stays_out_though_its_full_name_is_only_a_headline_s(tmp_path):
    """Hiding "Diana Butler Bass", named only in a page's title-case headline, let a lone
    "Diana" of other pages through: the hidden name still shows Diana is a given name."""
    story = ("Tour stop {i}\n\nBOSTON - The crowd cheered when Diana walked on stage on Monday. "
             "\"We love this city,\" Diana told reporters after the show, and Diana thanked the "
             "band.\n")
    articles = {**numbered(3, tour=story),
                "bass.txt": "Diana Butler Bass Talks Faith And Politics\n\nThe author spoke on "
                            "Tuesday about her new book on religion in America, readers said.\n"}
    persons = archive_persons(tmp_path, articles)
    assert "Diana" not in persons and not any(name.startswith("Diana Butler") for name in persons)


def test_a_company_named_by_a_body_s_first_word_is_not_its_parent(tmp_path):
    """The dev archive gave "FTC" to 261 articles, 17 of which name the Federal Trade
    Commission: "Federal Co", a company, was read as the parent of every "Federal ... Board"
    ("Federal" without its "Co"), and the FTC's spelled-out name then linked the acronym to
    the company and its every "body"."""
    index_dir = indexed(tmp_path, {
        **numbered(2, packer="Meat packer results {i}\n\nMEMPHIS - Federal Co said on Monday "
                             "its quarterly profit rose on higher pork prices.\n"),
        **numbered(2, fed="Rates steady {i}\n\nWASHINGTON - The Federal Reserve Board left "
                          "its discount rate unchanged on Tuesday, economists said.\n"),
        "merger.txt": "Merger review\n\nWASHINGTON - The Federal Trade Commission (FTC) said "
                      "on Wednesday it would review the merger. The FTC asked for documents.\n",
        "ftc.txt": "Antitrust\n\nWASHINGTON - The FTC sued the retailer on Thursday, saying "
                   "the deal would raise prices.\n"})
    for article in ("fed0.txt", "fed1.txt"):
        assert not {"FTC", "Federal Co"} & set(shown(index_dir, article, "orgs"))
    assert facet(index_dir, "org").get("FTC") == 2


def test_a_department_of_x_and_the_x_department_are_one_organization(tmp_path):
    """The dev archive listed U.S. Agriculture Department (289 articles) and U.S.
    Department of Agriculture (13), and the ministry of international trade in two orders;
    and "U.S. Department of Justice" beside the Justice Department: a name after its country
    is the bare name when the archive's bare name is that country's, in either order."""
    orgs = archive_orgs(tmp_path, {
        **numbered(2, usda="Wheat sales {i}\n\nWASHINGTON - The U.S. Agriculture Department "
                           "said on Monday that wheat sales to Egypt rose.\n",
                   doj="Fraud case {i}\n\nWASHINGTON - The Justice Department said on "
                       "Monday that it charged a Texas bank with fraud.\n"),
        "dept.txt": "Corn crop\n\nWASHINGTON - The U.S. Department of Agriculture said on "
                    "Tuesday that the corn crop would be smaller.\n",
        "usdoj.txt": "Bank charged\n\nWASHINGTON - The U.S. Department of Justice said on "
                     "Tuesday that it charged a Florida bank with fraud.\n"})
    assert orgs.get("U.S. Agriculture Department") == 3, orgs
    assert "U.S. Department of Agriculture" not in orgs, orgs
    assert orgs.get("Justice Department") == 3, orgs
    assert "U.S. Department of Justice" not in orgs, orgs


def test_a_company_after_its_country_is_the_company_not_the_other_way_round():
    """Half b of the dev archive showed General Electric Co (20 articles) as "U.S. General
    Electric Co" (1): a Canadian namesake kept the U.S. variant from the company, and the
    link between them then showed the longer name."""
    from collections import Counter

    from newsarchive.indexer.resolve.decisions import Decisions
    from newsarchive.indexer.resolve.evidence import ValueStats
    from newsarchive.indexer.resolve.orgs import _country_variants

    orgs = {"General Electric Co": ValueStats(articles=20, countries=Counter(
                {"United States": 14, "Japan": 1})),
            "Canadian General Electric Co Ltd": ValueStats(articles=1, countries=Counter(
                {"Canada": 1})),
            "U.S. General Electric Co": ValueStats(articles=1, countries=Counter(
                {"Ireland": 1}))}
    decisions = Decisions()
    _country_variants(orgs, decisions)
    assert decisions.final("org", "U.S. General Electric Co") == [("org", "General Electric Co")]
    assert decisions.final("org", "Canadian General Electric Co Ltd") == [
        ("org", "Canadian General Electric Co Ltd")]


def test_a_name_written_with_and_without_its_ampersand_is_one_organization(tmp_path):
    """The dev archive listed "ATT" (54 articles) beside "AT&T" (7), "Standard and Poor's"
    beside "Standard & Poor's"."""
    orgs = archive_orgs(tmp_path, {
        **numbered(2, att="Phone rates {i}\n\nNEW YORK - AT&T said on Monday it would cut "
                          "long distance rates, and analysts agreed.\n"),
        "att.txt": "Phone deal\n\nNEW YORK - ATT said on Tuesday it agreed to buy a "
                   "computer maker, a spokesman said.\n",
        **numbered(2, sp="Ratings {i}\n\nNEW YORK - Standard & Poor's Corp said on Monday it "
                         "cut the debt ratings of the utility.\n"),
        "snp.txt": "Debt review\n\nNEW YORK - Standard and Poor's Corp said on Tuesday it "
                   "placed the bank's debt under review.\n"})
    assert orgs.get("AT&T") == 3 and "ATT" not in orgs, orgs
    assert sum(count for value, count in orgs.items() if "Poor" in value) == 3, orgs


def test_a_list_of_post_titles_makes_no_people_of_its_verbs(tmp_path):
    """A blog's list of its other posts' titles gave people such as "Giving Donald" and
    "Fossil Fern" (title-case lines, a common word beside a name); a name opened by a given
    name stays ("Mike Fitzpatrick", a congressman in a table of the dev archive)."""
    posts = "\n".join(["Related Posts", "Giving Donald Trump A Pass On Taxes",
                       "Why Senators Keep Saying No", "Mike Fitzpatrick Wins Bucks County"])
    persons = archive_persons(tmp_path, {
        "memos.txt": f"The anti-torture memos\n\nJack Balkin wrote that the memos were "
                     f"wrong, and Marty Lederman agreed.\n\n{posts}\n"})
    assert {"Jack Balkin", "Marty Lederman", "Mike Fitzpatrick"} <= set(persons), persons
    assert not [name for name in persons if name.startswith("Giving")], persons


def test_a_name_with_other_middle_initials_is_another_person(tmp_path):
    """An archive of 1987 wires and 2012 web pages showed Vice President George Bush of 1987
    as "George W. Bush": one first and last name made one person of the father, the son
    and the name written without initials. Initials that differ tell two people apart; the
    name without them, when two people have it, stays as written."""
    persons = archive_persons(tmp_path, {
        "father.txt": "Bush in Texas\n\nHOUSTON - Former President George H.W. Bush visited "
                      "a hospital in Houston on Tuesday, his spokesman said.\n",
        "son.txt": "Bush on taxes\n\nWASHINGTON - President George W. Bush said on Monday that "
                   "he would sign the tax bill next week.\n",
        "wire.txt": "Bush in Geneva\n\nGENEVA - Vice President George Bush arrived in Geneva on "
                    "Friday for talks on arms control, officials said.\n",
        "baker.txt": "Baker on the dollar\n\nWASHINGTON - Treasury Secretary James A. Baker "
                     "said on Monday the dollar was stable.\n",
        "baker-again.txt": "Baker in Paris\n\nPARIS - James Baker met French officials on "
                           "Thursday to discuss trade.\n",
    })
    assert persons.get("George H.W. Bush") == 1 and persons.get("George W. Bush") == 1, persons
    assert persons.get("George Bush") == 1, persons
    assert persons.get("James Baker", persons.get("James A. Baker")) == 2, persons


def test_a_well_known_short_name_is_its_full_name_though_no_article_spells_it_out(tmp_path):
    """A web archive showed "GOP" (18 articles) beside the Republican Party (9), and the
    NFL beside the National Football League: writers take these short names as known and
    never spell them out, so the archive alone cannot tell. General knowledge
    (indexer/data/known_short_names.tsv) can; an acronym it does not list stays apart."""
    articles = {
        **numbered(2, gop="Senate vote {i}\n\nWASHINGTON - The GOP said on Tuesday it would "
                          "block the spending bill in the Senate.\n",
               party="Convention {i}\n\nTAMPA - The Republican Party opened its convention "
                     "on Monday, party officials said.\n",
               league="Season {i}\n\nNEW YORK - The National Football League said on Friday "
                      "that the season would start on time.\n",
               nfl="Fines {i}\n\nNEW YORK - The NFL fined two players on Wednesday for "
                   "helmet hits, the league said.\n",
               acronym="Quarter {i}\n\nShares of BVH rose on Monday after the company "
                       "said its sales rose in the quarter.\n",
               name="Mill {i}\n\nBrook Valley Holdings said on Monday that it would buy "
                    "a paper mill.\n"),
    }
    index_dir = indexed(tmp_path, articles)
    orgs = facet(index_dir, "org")
    assert orgs.get("GOP") == 4 and "Republican Party" not in orgs, orgs
    assert orgs.get("NFL") == 4 and "National Football League" not in orgs, orgs
    assert orgs.get("BVH") == 2 and orgs.get("Brook Valley Holdings") == 2, orgs
    assert "GOP" in shown(index_dir, "party0.txt", "orgs")
    why = CliRunner().invoke(cli, ["entities", "--index", str(index_dir), "--facet", "orgs",
                                   "--why", "NFL"]).output
    assert "a well-known short name" in why, why


def test_a_company_ner_calls_a_person_but_no_one_is_named_so_is_the_organization(tmp_path):
    """spaCy's small model reads "Twitter" as a person in most web pages: the organization
    facet sent the value to the person facet, which hid it as no one's name, so a company
    in 142 articles' text was in no facet. A name the person facet finds no one's (no list
    of people's names holds it) is the organization's, with its "person" mentions."""
    articles = {
        **numbered(4, app="Sharing songs {i}\n\nTwitter and Facebook are very popular these "
                          "days. If you like to share your favorite songs with your friends, "
                          "set your Facebook or Twitter username and password, and the "
                          "application will share them.\n"),
        "spokesman.txt": "Comment\n\nA Twitter spokesman said the company would comment "
                         "later.\n",
    }
    index_dir = indexed(tmp_path, articles)
    assert facet(index_dir, "org").get("Twitter") == 5
    assert "Twitter" not in facet(index_dir, "person")
    why = CliRunner().invoke(cli, ["entities", "--index", str(index_dir), "--facet",
                                   "persons", "--why", "Twitter"]).output
    assert "Twitter -> Twitter (org)" in why and "no one's name" in why, why


def test_a_word_s_articles_are_counted_live_after_a_run_that_deleted_some(tmp_path):
    """Whoosh keeps a spelling field's words without their documents, so after a run that
    rewrote articles the count of those printing a word as written read 0 or a few: on the
    dev archive "insists" fell from 13 articles to 5, too few to call it a common word, and
    "U.S. Insists" came back as an organization."""
    from newsarchive.indexer.resolve.evidence import IndexTextStats

    articles = numbered(10, story="Talks {i}\n\nGENEVA - The delegation insists on a "
                                  "ceasefire, officials said on day {i}.\n")
    root = write(tmp_path / "archive", articles)
    index_dir = tmp_path / "index"
    index(root, index_dir)
    for i in range(3):  # rewritten without the word: the old documents are deleted
        (root / f"story{i}.txt").write_text(f"Talks {i}\n\nGENEVA - The delegation left on "
                                            f"day {i}, officials said.\n", encoding="utf-8")
    index(root, index_dir)
    reader = open_archive(index_dir).current()
    assert any(sub.reader().has_deletions() for sub, _ in reader.searcher.subsearchers
               ) or reader.searcher.reader().has_deletions()
    assert IndexTextStats(reader.searcher).printed_articles("insists") == 7


def test_a_university_called_by_its_name_alone_is_the_university():
    """On the Dragnet pages "Stanford" (4 articles) stood beside Stanford University (6),
    named together in 2 articles (as a sentence about Sally Ride wrote "attending Stanford
    University" and "the Stanford student newspaper"): a university is often called by its
    name alone. A body is not its head noun alone ("House" is no "House Agriculture")."""
    from newsarchive.indexer.resolve.orgs import _same_org

    assert _same_org("Stanford", "Stanford University")
    assert _same_org("Dartmouth", "Dartmouth College")
    assert not _same_org("House", "House Agriculture")
    assert not _same_org("Stanford", "Stanford Research Institute")
