"""A CSV file that is not UTF-8: read in the legacy code page that the
researchers' Excel writes (Windows-1251 for Kyrgyz and Mongolian, 874 for
Thai, 1258 for Vietnamese) when the file is clearly in it, and the preview
says so; refused with the message about UTF-8 when it is in none."""

import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from entities.models import Entity
from workflow.imports import encodings

from ..importing import csv_bytes, import_file, make_user, page_errors, preview, sheet_row

pytestmark = pytest.mark.django_db

# Names each code page can write (Windows-1251 has no Ң, Ө, Ү).
KYRGYZ = ("Kara-Balta Farmers Cooperative", "Кара-Балта айыл чарба кооперативи", "KG")
MONGOLIAN = ("Arkhangai Herders Cooperative", "Архангай малчдын хоршоо", "MN")
THAI = ("Ban Khok Sa-at Silk Group", "กลุ่มทอผ้าไหมบ้านโคกสะอาด", "TH")
# As Windows writes Vietnamese: the tone marks as separate characters where
# the code page has no letter with both marks.
VIETNAMESE = ("Tan Hoi Cooperative", "Hợp tác xã Nông nghiệp Tân Hội", "VN")
VIETNAMESE_AS_WRITTEN = (
    "H\u01a1\u0323p ta\u0301c xa\u0303 N\u00f4ng nghi\u00ea\u0323p T\u00e2n H\u00f4\u0323i"
)


def legacy_file(entity, encoding, written=None):
    name, local, country = entity
    row = sheet_row(
        name=name,
        name_local=written or local,
        country=country,
        region="",
        legal_form="",
        registration_number="",
    )
    return SimpleUploadedFile("entities.csv", csv_bytes([row], encoding=encoding))


@pytest.fixture
def researcher(client):
    user = make_user("National researcher", ["TH", "KG", "MN", "VN"])
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("entity", "encoding", "written", "named"),
    [
        (KYRGYZ, "cp1251", None, "Windows-1251"),
        (MONGOLIAN, "cp1251", None, "Windows-1251"),
        (THAI, "cp874", None, "Windows-874"),
        (VIETNAMESE, "cp1258", VIETNAMESE_AS_WRITTEN, "Windows-1258"),
    ],
)
def test_a_file_in_a_legacy_code_page_is_read_and_said_to_be(
    client, researcher, entity, encoding, written, named
):
    upload = legacy_file(entity, encoding, written)
    previewed = preview(client, upload)
    assert previewed.status_code == 200
    page = previewed.content.decode()
    assert f"it was read as {named}" in page
    assert entity[1] in page

    upload.seek(0)
    import_file(client, upload)

    stored = Entity.objects.get()
    assert (stored.name, stored.name_local, stored.country_id) == entity
    # Composed as the same name typed in UTF-8 is: found by the same search.
    assert unicodedata.is_normalized("NFC", stored.name_local)


def test_a_utf8_file_is_said_nothing_of(client, researcher):
    page = preview(client, legacy_file(THAI, "utf-8")).content.decode()
    assert "it was read as" not in page


@pytest.mark.parametrize(
    "content",
    [
        b"name,country,entity_type,sector\n" + bytes(range(0x80, 0x100)),
        # Western European in Windows-1252: a letter Windows-1258 lacks.
        "name,country,entity_type,sector\nŠkoda Žena Coop,TH,cooperative,A\n".encode("cp1252"),
        # UTF-16 without its byte-order mark.
        "name,country,entity_type,sector\nКара,KG,cooperative,A\n".encode("utf-16-le"),
    ],
    ids=["garbage", "western", "utf-16"],
)
def test_a_file_in_no_encoding_read_is_a_400_saying_to_save_it_as_utf8(
    client, researcher, content
):
    response = preview(client, SimpleUploadedFile("entities.csv", content))
    assert response.status_code == 400
    assert "The file is not in UTF-8" in " ".join(page_errors(response))
    assert not Entity.objects.exists()


def test_an_unclear_reading_is_not_guessed():
    # Words plausible in two code pages alike: neither is clearly ahead.
    text = "name\nÀê\n"
    assert encodings.detect(text.encode("cp1258")) is None
