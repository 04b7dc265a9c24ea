import pytest

pytestmark = pytest.mark.django_db


def test_smoke(client, shared_registry):
    for url in ["/countries/th/report/", "/report/", "/report/?country=TH&country=VN", "/countries/jp/report/", "/countries/th/", "/"]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content.decode()[:3000])
        open(f"/tmp/report_scratch/{url.replace('/', '_').replace('?','_')}.html", "w").write(response.content.decode())
