"""Did-you-mean (search.suggest) on the real seed index: typos of rare words and of facet values
are corrected from the archive's own vocabulary, correctly spelled words are left alone, and
the query's syntax is kept as typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsarchive.search.engine import ArchiveReader, SearchRequest, open_archive
from newsarchive.search.place_names import other_names
from newsarchive.search.suggest import (
    Lexicon,
    Vocabulary,
    apply,
    corrections,
    or_in_capitals,
    respelt,
    vocabulary,
)
from newsarchive.search.text import english_counts
from newsarchive.search.typos import typing_cost


@pytest.fixture(scope="module")
def reader(seed_index: Path) -> ArchiveReader:
    return open_archive(seed_index).current()


@pytest.fixture(scope="module")
def vocab(reader: ArchiveReader) -> Vocabulary:
    return vocabulary(reader.searcher.reader(), reader.facets)


def suggestion(reader: ArchiveReader, query: str) -> str | None:
    return reader.search(SearchRequest(query=query, histogram=False)).suggestion


def corrected(vocab: Vocabulary, query: str) -> str:
    """The query with every correction the words call for (before the engine's count)."""
    return apply(query, corrections(query, vocab))


# rare words of the seeds (one to three articles) and one-edit typos of them: a deletion, a
# transposition, a substitution of the first letter, an insertion
RARE_TYPOS = {"bordr": "border", "kremlni": "kremlin", "vinland": "finland", "peskoov": "peskov"}


def test_the_rare_words_are_rare(vocab):
    for word in RARE_TYPOS.values():
        assert 1 <= vocab.words.frequency(word) <= 3, word


@pytest.mark.parametrize(("typo", "word"), RARE_TYPOS.items())
def test_a_one_edit_typo_of_a_rare_word_is_corrected(reader, typo, word):
    result = reader.search(SearchRequest(query=typo))
    assert result.total == 0
    assert result.suggestion == word
    assert reader.search(SearchRequest(query=word)).total >= 1


# two-edit typos of seed words whose errors choose no letter or few (a letter moved by two
# places, a transposition and a deletion, an insertion and a transposition), next to more
# frequent words as many edits away ("share", "edith", "last")
TWO_EDIT_TYPOS = {"hamre": "hammer", "egith": "eight", "claost": "coast", "jorme": "jerome"}


@pytest.mark.parametrize(("typo", "word"), TWO_EDIT_TYPOS.items())
def test_a_two_edit_typo_is_corrected_by_its_likeliest_errors(reader, typo, word):
    assert suggestion(reader, typo) == word


def test_the_typing_errors_are_weighed_by_how_likely_they_are():
    # a deleted letter is likelier than a substituted one (which could have been any letter)
    assert typing_cost("bordr", "border") < typing_cost("bordar", "border")
    # a deletion and a transposition (jeong -> jeng -> jegn) against one substitution
    assert typing_cost("jegn", "jeong") < typing_cost("jegn", "jean")
    # a letter moved by two places (two transpositions) against an inserted letter
    assert typing_cost("olhder", "holder") < typing_cost("olhder", "older")
    # a key struck twice is likelier than any other inserted letter
    assert typing_cost("tradde", "trade") < typing_cost("tradxe", "trade")
    # either of two t's may have been dropped
    assert typing_cost("uter", "utter") < typing_cost("uter", "outer")
    # the same error is likelier in a short word (fewer places to make it at)
    assert typing_cost("bordr", "border") < typing_cost("bordrline", "borderline")
    # more than two errors: not a typo of the word at all
    assert typing_cost("abcdef", "uvwxyz") == float("inf")
    assert typing_cost("abc", "abcdef") == float("inf")


def test_a_correction_keeps_the_typed_case_style(reader):
    assert suggestion(reader, "Finlnd") == "Finland"
    assert suggestion(reader, "KREMLN") == "KREMLIN"
    assert suggestion(reader, "kremln") == "kremlin"
    assert suggestion(reader, "Reagn's") == "Reagan's"


@pytest.mark.parametrize("word", ["kremlin", "peskov", "garfinkel", "wormald", "Finland"])
def test_a_correctly_spelled_rare_word_gets_no_suggestion(reader, vocab, word):
    assert 1 <= vocab.words.frequency(word.lower()) <= 2
    assert suggestion(reader, word) is None


@pytest.mark.parametrize("word", ["BKNE", "BUD", "Alcan", "eases", "FRB"])
def test_a_word_only_titles_write_gets_no_suggestion(reader, vocab, word):
    """Titles are indexed stemmed, so their own words were not in the vocabulary: BKNE found
    the Bank of New England's story and was asked "did you mean BEEN". (spell_title now
    holds them as written.)"""
    assert vocab.words.frequency(word.lower()) == 0
    assert reader.search(SearchRequest(query=word)).total >= 1
    assert suggestion(reader, word) is None


@pytest.mark.parametrize(("typo", "word"), [("managment", "management"),
                                             ("allotent", "allotment"), ("currenc", "currency")])
def test_a_typo_the_stemmer_reads_as_the_word_is_still_respelt(reader, vocab, typo, word):
    """The stem of "managment" is management's, so the search finds the same articles; the
    word is still misspelt, and the reader is shown its spelling (a title's stem, "manag",
    does not make the typo a word only titles write)."""
    assert vocab.words.frequency(typo) == 0
    found = reader.search(SearchRequest(query=typo, histogram=False))
    assert found.total == reader.search(SearchRequest(query=word)).total > 0
    assert found.suggestion == word


@pytest.mark.parametrize(("typo", "word"), [("producs", "products"), ("eighted", "weighted"),
                                             ("airlies", "airlines")])
def test_a_typo_that_finds_another_word_s_articles_is_still_corrected(reader, vocab, typo, word):
    """"producs" is no word, but its stem is produce's, so it found as many articles as
    "products" and was offered nothing (a correction had to find clearly more); "airlies"
    found the articles of "air". A word that is no word (English lacks it too) corrected by
    a single letter left out or two swapped is offered whatever it finds. (A title's stem
    had also made "airlies" a word only titles write: "air" is a headline word.)"""
    assert vocab.words.frequency(typo) == 0 and typo not in english_counts()
    assert reader.search(SearchRequest(query=typo)).total > 0
    assert suggestion(reader, typo) == word


@pytest.mark.parametrize("word", ["mineworker", "moslems"])
def test_a_word_s_other_form_is_no_typo_of_it(reader, vocab, word):
    """The seeds write "mineworkers" and "Moslem", not "mineworker" nor "Moslems": a form
    with or without an ending finds the same articles and is spelt right."""
    assert vocab.words.frequency(word) == 0
    assert reader.search(SearchRequest(query=word)).total > 0
    assert suggestion(reader, word) is None


@pytest.mark.parametrize(("typed", "word", "slip"), [
    ("managment", "management", True), ("attendence", "attendance", True),
    ("focusses", "focussed", False), ("dissolver", "dissolved", False), ("crewe", "crew", False),
    ("mislabelled", "mislabeled", False), ("prices", "pricing", False)])
def test_a_respelling_is_a_slip_inside_the_word_not_another_ending_or_double(typed, word, slip):
    """Words only titles write on the dev archive ("focusses", "dissolver", "mislabelled")
    were offered a body word of their stem with another ending or a letter less."""
    assert respelt(typed, word) is slip


@pytest.mark.parametrize("word", ["Kohl", "Deng", "ebola", "Bombay", "unhappy", "roof", "Federer",
                                  'country:atlantis', 'person:"Mikhail Gorbachev"'])
def test_a_word_spelt_right_that_the_archive_lacks_gets_no_suggestion(reader, vocab, word):
    """Kiev became Five, unhappy happy and Ronald Reagan Donald Regan: an English word (of
    symspellpy's dictionary) the archive lacks is what the user meant, and so is a name two
    slips from a word of its stem ("Federer" was offered "Federal"). ("Kiev" is now offered
    as "Kyiv", which the seeds write: a city's other name, tested below; the seeds write
    neither "Bombay" nor "Mumbai".)"""
    assert reader.search(SearchRequest(query=word)).total == 0
    assert suggestion(reader, word) is None


def test_an_english_word_is_still_a_common_slip_of_a_far_commoner_one(reader):
    """"ember" for "member": one edit from a word a hundred times as common in English."""
    assert reader.search(SearchRequest(query="member")).total > 0
    assert suggestion(reader, "ember") == "member"


def test_the_archive_s_rare_words_are_left_alone(vocab):
    """Of every word in one to five articles, at most 1% is questioned at all, and only a
    word of a single article next to a far more common spelling ("billoin", "billion")."""
    rare = [word for word in vocab.words if len(word) >= 5 and word.isascii()
            and 1 <= vocab.words.frequency(word) <= 5]
    assert len(rare) > 1000
    questioned = [word for word in rare if corrections(word, vocab)]
    assert len(questioned) <= len(rare) // 100, questioned
    assert all(vocab.words.frequency(word) == 1 for word in questioned)


def test_a_facet_clause_is_corrected_to_the_facet_s_words_and_values(reader, vocab):
    assert suggestion(reader, "country:Finlnd") == "country:Finland"
    assert suggestion(reader, 'person:"Jmes Baker"') == 'person:"James Baker"'
    assert suggestion(reader, 'people:"Jmes Baker"') == 'people:"James Baker"'
    assert suggestion(reader, 'organisation:"Intrnational Monetary Fund"') == \
        'organisation:"International Monetary Fund"'
    # a word of a value ("Baker" of "James Baker"), in the value's own spelling
    assert reader.search(SearchRequest(query="person:Baker")).total > 0
    assert suggestion(reader, "person:Bakr") == "person:Baker"
    assert corrected(vocab, "person:Bakr") == "person:Baker"
    assert corrected(vocab, "persons:bakr") == "persons:Baker"
    assert corrected(vocab, "org:Nqto") == "org:NATO"
    for typed in ("person:Baker", 'person:"Baker James"', "country:Finland"):
        assert corrected(vocab, typed) == typed
    # a field name in any case is the field (Person:Bakr is person:Bakr)
    assert corrected(vocab, "Person:Bakr") == "Person:Baker"
    assert suggestion(reader, "COUNTRY:Finlnd") == "COUNTRY:Finland"


def test_a_facet_clause_naming_another_facet_s_value_is_offered_that_facet(reader, vocab):
    # Borman is the seeds' Borman's Inc, no person: not person:Bosma, a near person
    assert reader.search(SearchRequest(query="person:Borman")).total == 0
    assert suggestion(reader, "person:Borman") == "org:Borman"
    assert suggestion(reader, 'person:"Borman\'s Inc"') == 'org:"Borman\'s Inc"'
    assert suggestion(reader, "people:Finland") == "country:Finland"
    assert suggestion(reader, "person:Finland") == "country:Finland"
    assert reader.search(SearchRequest(query="country:Finland")).total > 0
    # in a group the prefix is shared: the word is spelt right, so it is left alone
    assert corrected(vocab, "person:(Borman OR Bakr)") == "person:(Borman OR Baker)"
    for typed in ("person:Baker", "org:Borman", "country:Finland", "person:Borman*",
                  "person:Borman~"):  # a pattern is left as typed
        assert corrected(vocab, typed) == typed


def test_the_first_search_keeps_its_suggestion_while_the_word_lists_are_built(
        seed_index, monkeypatch):
    """A freshly started server answered its first did-you-mean with null: building the
    reader's word lists (2 s on the dev archive, longer on a busy machine) used up the
    query's time, and the corrected query's count was refused. The lists are built before
    the query's time starts."""
    import time

    from newsarchive.search import suggest as suggest_module

    build = suggest_module.Vocabulary.build

    def slow_build(*args, **kwargs):
        time.sleep(2.0)  # longer than a query's wall-clock budget (1.5 s)
        return build(*args, **kwargs)

    monkeypatch.setattr(suggest_module.Vocabulary, "build", slow_build)
    fresh = open_archive(seed_index).current()  # a new reader: its lists are not built yet
    assert fresh.search(SearchRequest(query="governmnet")).suggestion == "government"


def test_a_field_name_with_a_slip_is_offered_as_the_field(reader, vocab):
    """`titel:nato` was read as the words "titel" and "nato" and found nothing, with no
    hint; a field name one or two slips from one the syntax has is offered as that field."""
    assert suggestion(reader, "titel:nato") == "title:nato"
    assert suggestion(reader, "persn:Peskov") == "person:Peskov"
    assert suggestion(reader, "countyr:Finland") == "country:Finland"
    assert corrected(vocab, "note: oil") == "note: oil"  # no field begins so


def test_a_lowercase_or_between_words_is_offered_as_the_operator(reader):
    """`finland or sweden` read "or" as a word too common to search for and found the
    articles with both words (8 on the dev archive; OR finds 104)."""
    assert suggestion(reader, "finland or sweden") == "finland OR sweden"
    assert reader.search(SearchRequest(query="finland OR sweden")).total > \
        reader.search(SearchRequest(query="finland or sweden")).total
    assert or_in_capitals('"finland or sweden" oil') == '"finland or sweden" oil'
    assert or_in_capitals("or sweden") == "or sweden"  # no word before it


def test_a_slip_another_facet_holds_once_is_corrected_within_the_clause_s_facet():
    """On the dev archive `country:Phillipines` was offered `org:Phillipines`, one story's
    misspelt "organization", not the country Philippines of 139 articles: a value of
    another facet in far fewer articles than a near value of the clause's own is no reason
    to change the facet."""
    def lexicon(counts: dict[str, int]) -> Lexicon:
        return Lexicon({k.lower(): n for k, n in counts.items()}, {k.lower(): k for k in counts})
    facets = {"person": {}, "country": {"Philippines": 139}, "org": {"Phillipines": 1,
                                                                     "Borman": 2}}
    vocab = Vocabulary(lexicon({"Philippines": 139, "Phillipines": 1, "Borman": 2}),
                       {name: lexicon(values) for name, values in facets.items()},
                       {name: lexicon(values) for name, values in facets.items()})
    assert corrected(vocab, "country:Phillipines") == "country:Philippines"
    assert corrected(vocab, "person:Borman") == "org:Borman"


def test_a_name_with_a_slip_that_makes_another_word_is_offered_as_the_name(reader, vocab):
    # "Volker" is a word of the seeds (Kurt Volker's), so no word is a typo; together the
    # words name nobody, one slip from the seeds' Paul Volcker
    assert vocab.words.frequency("volker") and vocab.words.frequency("paul")
    assert reader.search(SearchRequest(query="Paul Volker")).total == 0
    assert suggestion(reader, "Paul Volker") == "Paul Volcker"
    assert suggestion(reader, "paul volker") == "paul volcker"
    assert suggestion(reader, "Alan Greenspun") == "Alan Greenspan"
    # words that name nobody near are left alone
    assert reader.search(SearchRequest(query="putin ukraine")).total == 0
    assert suggestion(reader, "putin ukraine") is None


def test_an_abbreviation_typed_in_capitals_is_corrected_only_by_one_slip(reader, vocab):
    # abbreviations the seeds lack: each was offered another one or a word (NBC, ITS, USE,
    # LA), as any change of a letter or two of them is one
    for typed in ("NYC", "IRS", "UAE", "EPA", "UCLA"):
        assert not vocab.words.frequency(typed.lower())
        assert suggestion(reader, typed) is None, typed
    # a longer one's slip is still corrected: the seeds write OPEC and NATO
    assert suggestion(reader, "OPCE") == "OPEC"
    assert suggestion(reader, "NATP") == "NATO"
    # typed in lowercase it is a word like any other
    assert suggestion(reader, "opce") == "opec"


def test_the_archive_s_own_typos_are_never_offered(reader, vocab):
    # "billoin" is one article's slip for "billion": it was offered for "bitcoin" and for
    # typos nearer to it than to "billion"
    assert vocab.words.frequency("billoin") == 1 and vocab.words.frequency("billion") > 50
    assert suggestion(reader, "bitcoin") is None
    assert suggestion(reader, "billoim") == "billion"
    assert suggestion(reader, "billoinn") == "billion"
    # a rare word one slip from a far commoner one is no archive typo when English has it:
    # "unite" (one article) is not "united"
    assert vocab.words.frequency("unite") == 1
    assert corrected(vocab, "unite") == "unite"


def test_a_short_word_is_offered_only_for_one_slip(reader, vocab):
    """"Neill" was offered "Nil" (two letters added to a word of three: any five-letter word
    is two slips from a dozen of them), and its link found earnings tables ("Shr nil")."""
    assert vocab.words.frequency("nil") > 0 and vocab.words.frequency("neill") == 0
    assert corrected(vocab, "neill") != "nil"
    assert corrected(vocab, "O'Neill") != "O'Nil"
    assert corrected(vocab, "nill") == "nil"  # one slip: still offered


def test_the_query_syntax_is_kept(reader, vocab):
    typed = ('"trade deficti" AND -opecc NOT kremln title:kremln (bordr OR oil*) troops~ '
             'date:[2019 TO 2024] bordr^2 source:Reutrs id:kremln')
    assert corrected(vocab, typed) == (
        '"trade deficit" AND -opecc NOT kremln title:kremlin (border OR oil*) troops~ '
        'date:[2019 TO 2024] border^2 source:Reutrs id:kremln')
    assert suggestion(reader, "kremln -opec") == "kremlin -opec"
    assert suggestion(reader, "kremln OR bordr") == "kremlin OR border"
    assert suggestion(reader, '"kremln" troops') == '"kremlin" troops'
    assert suggestion(reader, "troops~ kremln") == "troops~ kremlin"


def test_an_excluded_word_is_not_corrected(reader):
    """Correcting "-opecc" would find fewer articles, not more."""
    assert reader.search(SearchRequest(query="oil -opecc")).total > 0
    assert suggestion(reader, "oil -opecc") is None
    assert suggestion(reader, "oil NOT opecc") is None


def test_a_correction_that_finds_nothing_more_is_not_offered(reader, vocab):
    typed = '"trade deficti" -opec title:kremln'
    assert corrected(vocab, typed) != typed
    assert reader.search(SearchRequest(query=corrected(vocab, typed))).total == 0
    assert suggestion(reader, typed) is None


def test_the_vocabulary_is_built_once_per_reader(reader, vocab):
    assert vocabulary(reader.searcher.reader()) is vocab
    assert len(vocab.words) > 1000 and vocab.seconds >= 0


def test_a_typo_beside_a_right_word_is_corrected_alone_not_into_a_name(reader):
    """A helper typed "presidental debate" on a web archive and was offered "presidential
    debates", a headline's "organization": the name came before the typo's own correction,
    and changed a word spelled right. The seeds' "International Services" did the same."""
    for typed, offered in (("internationl service", "international service"),
                           ("genetc system", "genetic system")):
        assert suggestion(reader, typed) == offered


def test_a_word_typed_with_a_capital_is_corrected_to_a_name_first(reader):
    """Opek is OPEC, not Open: a capital asks for a name; opek, typed in lowercase, keeps the
    plain word's odds."""
    assert suggestion(reader, "Opek") == "OPEC"
    assert suggestion(reader, "opek") == "open"


def test_a_full_name_the_archive_holds_in_part_is_offered_that_part(reader):
    """person:"Ronald Reagan" found nothing, with no hint, where the archive shows Reagan
    (it never prints his given name); it was once offered Donald Regan."""
    assert reader.search(SearchRequest(query='person:"Ronald Reagan"')).total == 0
    assert suggestion(reader, 'person:"Ronald Reagan"') == 'person:"Reagan"'
    assert reader.search(SearchRequest(query='person:"Reagan"')).total > 0


def test_words_typed_without_their_space_are_split(reader):
    """A journalist's "hongkong" found nothing and suggested nothing, and "newyork" was
    offered "network" (two letters off), where the seeds write "Hong Kong" and "New York"."""
    assert suggestion(reader, "hongkong") == "hong kong"
    assert suggestion(reader, "HongKong") == "Hong Kong"
    assert suggestion(reader, "newyork") == "new york"
    assert reader.search(SearchRequest(query="hong kong")).total > 0


def test_two_words_no_article_writes_side_by_side_are_no_split(reader, vocab):
    """"oil" and "reagan" are words of the seeds, and one article holds both, but none
    writes "oil reagan": "oilreagan" is no two words typed without their space."""
    assert vocab.words.frequency("oil") and vocab.words.frequency("reagan")
    assert reader.search(SearchRequest(query="oil reagan")).total > 0
    assert suggestion(reader, "oilreagan") is None


def test_a_name_typed_as_words_no_article_writes_is_offered_as_the_person(reader):
    """"jim baker" found nothing and suggested nothing: the seeds write "James Baker", whom
    the person facet knows by his short name too (person:"Jim Baker" finds him)."""
    assert reader.search(SearchRequest(query="jim baker")).total == 0
    assert suggestion(reader, "jim baker") == 'person:"James Baker"'
    assert reader.search(SearchRequest(query='person:"James Baker"')).total > 0
    assert suggestion(reader, "jim bakerson") is None  # no such person


def test_a_city_s_other_name_the_archive_writes_is_offered(reader, vocab):
    """"kiev" found nothing and suggested nothing ("Kiev" is an English word), where the
    seeds write "Kyiv"; a city name the archive writes is left alone."""
    assert vocab.words.frequency("kyiv") and not vocab.words.frequency("kiev")
    assert reader.search(SearchRequest(query="kiev")).total == 0
    assert suggestion(reader, "kiev") == "kyiv"
    assert suggestion(reader, "Kiev") == "Kyiv"
    assert suggestion(reader, "HongKong") == "Hong Kong"  # its other name, as the city writes it
    assert reader.search(SearchRequest(query="kyiv")).total > 0
    assert suggestion(reader, "kiev zebras") is None  # Kyiv's articles name no zebras
    assert suggestion(reader, "peking") is None  # the seeds write it (and no Beijing hunt)
    # a name of several words is offered only where the archive writes it as one: the seeds
    # write "Beijing" and "city", never "Beijing City"
    assert reader.search(SearchRequest(query='"Beijing City"')).total == 0
    assert suggestion(reader, "Pechino") == "Beijing"
    # a name that may be a slip of one the archive writes is that one: geonames lists the
    # slips "Bejing" and "Pekin" as names of Beijing, and the seeds write Peking too
    assert suggestion(reader, "bejing") == "beijing"
    assert suggestion(reader, "pekin") == "peking"


def test_a_slip_of_an_archive_word_is_that_word_though_a_city_bears_it(tmp_path):
    """`vitorio` on the dev archive was offered "victoria": geonames lists "Vitorio" as a
    name of Vitória, which the archive writes as Victoria. It is one slip from Vittorio, a
    word of the archive, and that reading comes first; a city's name no archive word is near
    is still renamed."""
    from tests.test_search import small_archive

    stories = {
        **{f"telecom{i}.txt": f"Telecom deal {i}\n\nMILAN - Vittorio Colao said on Monday "
                              f"that the deal would close.\n" for i in range(2)},
        **{f"port{i}.txt": f"Port news {i}\n\nVICTORIA - The port of Victoria reopened on "
                           f"Tuesday after the storm.\n" for i in range(4)},
        "kyiv.txt": "Talks\n\nKYIV - Ukraine said on Monday that talks would resume.\n",
    }
    reader = small_archive(tmp_path, stories)
    assert "Victoria" in other_names("vitorio")
    assert suggestion(reader, "vitorio") == "vittorio"
    assert suggestion(reader, "kiev") == "kyiv"


def test_a_city_s_own_name_is_renamed_only_to_that_city_s_other_names():
    # Salem is a city of India and one of Oregon; geonames also lists it as an old name of
    # Jerusalem, whose other names ("City of David") are not Salem's
    assert "City of David" in other_names("Jerusalem")
    assert "City of David" not in other_names("Salem")
    # a city's own name still has its other names: an archive of 1987 writes Bombay
    assert "Bombay" in other_names("Mumbai") and "Mumbai" in other_names("Bombay")


def test_a_name_the_archive_misspells_once_or_twice_is_offered_the_common_spelling(tmp_path):
    """`Volker` found the dev archive's 2 stories that misspell Paul Volcker, and no word of
    the 81 that spell him right: a name's word in one or two articles, one cheap slip from a
    name in 30 times as many, is offered that name (as an archive word that names nobody
    was). A name as common as the other is left alone."""
    from tests.test_search import small_archive

    stories = {f"fed{i}.txt": f"Fed news {i}\n\nWASHINGTON - Federal Reserve Board chairman "
                              f"Paul Volcker said on Monday that rates would hold.\n"
               for i in range(31)}
    stories["slip.txt"] = ("Rates view\n\nWASHINGTON - Fed chairman Paul Volker said on "
                           "Tuesday that the dollar was stable.\n")
    reader = small_archive(tmp_path, stories)
    assert suggestion(reader, "Volker") == "Volcker"
    assert suggestion(reader, "Volcker") is None
