"""Text cleaning, boilerplate markers, article ids and language identification."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sitrep.errors import KnowledgeError
from sitrep.sources.clean import (
    article_id,
    clean_text,
    id_normal_form,
    load_boilerplate,
    normalise_text,
    parse_boilerplate,
)
from sitrep.sources.language import detect_language, load_stopwords, parse_stopwords

PARAGRAPH = (
    "Security forces arrested three suspects in the city of Mosul on Sunday after a "
    "bombing at a market wounded six people, police said. The suspects were taken to "
    "a detention centre in Nineveh province for questioning by investigators."
)


def test_normalise_text() -> None:
    raw = "\ufeffTitle\r\n\r\n\r\nLine  one\u00a0\u00a0with\tspaces \r\nline two\u200b\r\r\r\nEnd  "
    assert normalise_text(raw) == "Title\n\nLine one with spaces\nline two\n\nEnd"
    assert normalise_text("e\u0301") == "\u00e9"  # NFC


@pytest.mark.parametrize(
    "tail",
    [
        "Check Also\n\nSome other headline\n\nA teaser for it …",
        "READ MORE:\n\nOther story",
        "Related articles\nOne\nTwo",
        "You may also like\n\nA",
        "Share this:\nFacebook\nTwitter",
        "© 2024 Some Outlet. All rights reserved.",
        "Copyright 2024 Some Outlet",
        "Comments\n\nReader: great article",
        "Read more: https://example.org/other-story",
    ],
)
def test_trailing_boilerplate_block_is_cut(tail: str) -> None:
    text = f"{PARAGRAPH}\n\n{PARAGRAPH}\n\n{tail}"
    assert clean_text(text) == f"{PARAGRAPH}\n\n{PARAGRAPH}"


def test_marker_early_in_text_or_inside_a_sentence_is_kept() -> None:
    early = f"Related\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n\n{PARAGRAPH}"
    assert clean_text(early) == early
    inline = f"{PARAGRAPH}\n\nRead more about the operation in our earlier report, officials said."
    assert clean_text(inline) == inline


def test_ad_slugs_are_dropped_anywhere() -> None:
    text = f"{PARAGRAPH}\n\nADVERTISEMENT\n\n{PARAGRAPH}"
    assert clean_text(text) == f"{PARAGRAPH}\n\n{PARAGRAPH}"


def test_boilerplate_data_file_is_valid() -> None:
    raw = yaml.safe_load((resources.files("sitrep") / "data" / "boilerplate.yaml").read_text())
    markers = parse_boilerplate(raw)
    assert markers == load_boilerplate()
    assert "check also" in markers.exact and "read more" in markers.exact
    assert all(m == m.casefold() for m in markers.exact | markers.drop_lines)
    with pytest.raises(KnowledgeError):
        parse_boilerplate({"exact": "check also", "prefix": [], "drop_lines": []})
    with pytest.raises(KnowledgeError):
        parse_boilerplate({**raw, "min_position": 2})


def test_stopword_data_file_is_valid() -> None:
    raw = yaml.safe_load(
        (resources.files("sitrep") / "data" / "language" / "stopwords.yaml").read_text()
    )
    lists = parse_stopwords(raw)
    assert lists == load_stopwords()
    assert {"en", "fr", "de", "es", "it", "pt", "nl", "tr", "id"} <= set(lists)
    assert all(isinstance(w, str) for words in lists.values() for w in words)
    assert "on" in lists["en"] and "no" not in lists["en"]  # no YAML booleans slipped in
    with pytest.raises(KnowledgeError):
        parse_stopwords({"languages": {"fr": "le la les"}})


def test_article_id_normal_form() -> None:
    assert id_normal_form("  The “PMU”\u00a0said —\n\nhello ") == 'the "pmu" said - hello'
    assert article_id("A  b") == article_id("a\nB")
    assert article_id("a b") != article_id("ab")
    assert len(article_id("x")) == 64


WORDS = st.text(
    alphabet=st.characters(categories=["L", "N", "P"], exclude_characters="\u00ad"),
    min_size=1,
    max_size=12,
)
SPACING = st.text(alphabet=" \t\u00a0\u2009", min_size=1, max_size=4)


@given(words=st.lists(WORDS, min_size=1, max_size=40), data=st.data())
def test_article_id_stable_under_whitespace_changes(words: list[str], data: st.DataObject) -> None:
    plain = " ".join(words)
    spaced = "".join(
        w + data.draw(st.sampled_from([" ", "\n", "\n\n", "\t ", "  \r\n"])) for w in words
    )
    assert article_id(spaced) == article_id(plain)
    # Horizontal whitespace inside lines does not change the cleaned text's id either.
    messy = data.draw(SPACING).join(words)
    assert article_id(clean_text(messy)) == article_id(clean_text(plain))


@given(st.text(max_size=300))
def test_cleaning_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


# --- language identification ------------------------------------------------


LANGUAGE_SAMPLES = [
    ("en", PARAGRAPH),
    (
        "fr",
        "Les forces de sécurité ont arrêté trois suspects dans la ville de "
        "Mossoul dimanche, après un attentat sur un marché qui a fait six "
        "blessés, selon la police.",
    ),
    (
        "de",
        "Die Sicherheitskräfte haben am Sonntag in der Stadt Mossul drei "
        "Verdächtige festgenommen, nachdem bei einem Anschlag auf einen Markt "
        "sechs Menschen verletzt wurden.",
    ),
    (
        "es",
        "Las fuerzas de seguridad detuvieron a tres sospechosos en la ciudad de "
        "Mosul el domingo, después de que un atentado en un mercado hiriera a "
        "seis personas, según la policía.",
    ),
    (
        "it",
        "Le forze di sicurezza hanno arrestato tre sospetti nella città di "
        "Mosul domenica, dopo che un attentato in un mercato ha ferito sei "
        "persone, secondo la polizia.",
    ),
    (
        "pt",
        "As forças de segurança prenderam três suspeitos na cidade de Mossul no "
        "domingo, após um atentado num mercado que feriu seis pessoas, segundo "
        "a polícia.",
    ),
    (
        "nl",
        "Veiligheidstroepen hebben zondag in de stad Mosul drie verdachten "
        "gearresteerd, nadat bij een aanslag op een markt zes mensen gewond "
        "waren geraakt, volgens de politie.",
    ),
    (
        "tr",
        "Güvenlik güçleri pazar günü Musul kentinde üç şüpheliyi gözaltına "
        "aldı. Polis, bir pazar yerinde düzenlenen saldırıda altı kişinin "
        "yaralandığını ve soruşturmanın sürdüğünü söyledi, ancak daha fazla "
        "bilgi vermedi ve bu nedenle olay hakkında çok az şey biliniyor.",
    ),
    (
        "id",
        "Pasukan keamanan menangkap tiga tersangka di kota Mosul pada hari "
        "Minggu setelah sebuah bom di pasar melukai enam orang, menurut polisi "
        "yang juga mengatakan bahwa penyelidikan masih berlangsung.",
    ),
    ("ar", "اعتقلت قوات الأمن ثلاثة مشتبه بهم في مدينة الموصل يوم الأحد بعد تفجير في سوق"),
    ("fa", "نیروهای امنیتی روز یکشنبه سه مظنون را در شهر موصل بازداشت کردند که گفته می‌شود"),
    ("ru", "Силы безопасности задержали трёх подозреваемых в Мосуле в воскресенье."),
    ("uk", "Сили безпеки затримали трьох підозрюваних у Мосулі в неділю, повідомила поліція."),
    ("he", "כוחות הביטחון עצרו שלושה חשודים בעיר מוסול ביום ראשון לאחר פיצוץ בשוק"),
    ("el", "Οι δυνάμεις ασφαλείας συνέλαβαν τρεις υπόπτους στη Μοσούλη την Κυριακή"),
    ("zh", "安全部队周日在摩苏尔市逮捕了三名嫌疑人，此前市场发生爆炸造成六人受伤。"),
    ("ja", "治安部隊は日曜日、モスルで容疑者三人を逮捕したと警察が発表した。"),
    ("ko", "보안군은 일요일 모술에서 용의자 세 명을 체포했다고 경찰이 밝혔다"),
    ("hi", "सुरक्षा बलों ने रविवार को मोसुल शहर में तीन संदिग्धों को गिरफ्तार किया"),
]


@pytest.mark.parametrize(("expected", "text"), LANGUAGE_SAMPLES)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text).language == expected


@pytest.mark.parametrize(
    "text",
    [
        "- Near Al Qaim, one strike produced inconclusive results.",
        "Al Bukamal, Deir ez-Zor, Al Hasakah, Al Mayadin",
        "12",
    ],
)
def test_short_name_lists_are_never_called_foreign(text: str) -> None:
    assert detect_language(text).language in {None, "en"}


def test_unknown_script_is_undetermined_not_english() -> None:
    tamil = "பாதுகாப்புப் படையினர் ஞாயிற்றுக்கிழமை மொசூல் நகரில் மூன்று சந்தேக நபர்களைக் கைது செய்தனர்"
    assert detect_language(tamil).language == "und"


def test_photo_credit_inside_the_body_does_not_cut_it() -> None:
    text = "\n\n".join([PARAGRAPH] * 5 + ["© AFP"] + [PARAGRAPH] * 5)
    assert clean_text(text) == text
