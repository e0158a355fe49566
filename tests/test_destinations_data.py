"""The destinations as editors keep them: seeded with provenance, checked in the admin (R4.3,
R4.4, U4)."""

import pytest

from kaiyaku.models import Carrier
from tests.conftest import admin_change_url

pytestmark = pytest.mark.usefixtures("seeded")


def test_every_destination_is_seeded_with_delivery_times_and_one_stop_unverified():
    for carrier in Carrier.objects.filter(is_destination=True):
        # R4.4: an eSIM the same day, a card in 2–5 days; U4: unverified until an editor checks.
        assert (carrier.esim_delivery_days, carrier.card_delivery_days_min) == (0, 2), carrier
        assert carrier.card_delivery_days_max == 5, carrier
        assert carrier.mnp_one_stop == Carrier.OneStop.UNVERIFIED, carrier
    assert Carrier.objects.get(code="iijmio").mnp_one_stop == Carrier.OneStop.UNVERIFIED


def test_povos_days_are_seeded_as_disputed_with_the_reason():
    povo = Carrier.objects.get(code="povo")
    assert (povo.mnp_days_required, povo.status) == (13, "disputed")
    assert "この記事だけ" in povo.note


@pytest.mark.parametrize(
    ("low", "high", "message"),
    [
        ("5", "2", "遅いときの日数は、早いときの日数以上にしてください。"),
        ("2", "", "SIMカードが届くまでの日数は、早いときと遅いときを両方入力してください。"),
    ],
)
def test_the_admin_refuses_delivery_times_that_do_not_make_sense(
    editor_client, form_data, low, high, message
):
    ahamo = Carrier.objects.get(code="ahamo")
    data = form_data(ahamo, card_delivery_days_min=low, card_delivery_days_max=high)
    data.update({"plans-TOTAL_FORMS": "0", "plans-INITIAL_FORMS": "0"})
    response = editor_client.post(admin_change_url(ahamo), data)
    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors["card_delivery_days_max"]
    ahamo.refresh_from_db()
    assert ahamo.card_delivery_days_max == 5


def test_an_editor_confirms_one_stop_in_the_admin(editor_client, form_data):
    ahamo = Carrier.objects.get(code="ahamo")
    data = form_data(ahamo, mnp_one_stop="yes")
    data.update({"plans-TOTAL_FORMS": "0", "plans-INITIAL_FORMS": "0"})
    response = editor_client.post(admin_change_url(ahamo), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    ahamo.refresh_from_db()
    assert ahamo.mnp_one_stop == "yes"
