"""The support bundle holds config, logs, devices, outbox statistics and version, and nothing personal."""

from __future__ import annotations

import base64
import json
import logging
import zipfile
from pathlib import Path

from diag_helpers import PIN_HASH, enter_with_pin, wait_idle

from drivers.idcard.samples import PHOTO
from taxcore.idnumber import with_check_digit

ID_NUMBER = with_check_digit("44030419750612345")
NAME = "欧阳明珠"
ENGLISH = "OUYANG, MINGZHU"


def test_the_support_bundle_has_no_id_number_name_or_photo(qtbot, diag_kiosk, diag_config) -> None:  # type: ignore[no-untyped-def]
    k = diag_kiosk
    k.start_session()
    k.session.put("identity", {"id_number": ID_NUMBER, "name": NAME, "english_name": ENGLISH, "photo": PHOTO},
                  NAME, ENGLISH)
    logging.getLogger("kiosk.test").warning("taxpayer %s (%s) identified, number %s", NAME, ENGLISH, ID_NUMBER)
    logging.getLogger("kiosk.test").info("identity", extra={"id_number": ID_NUMBER, "person_name": NAME})
    k.outbox.record("test_filing", {"id_number": ID_NUMBER, "name": NAME, "note": f"for {ID_NUMBER}"})
    d = enter_with_pin(qtbot, k)
    d.screen.menu.buttons["system"].click()
    page = d.screen.pages["system"]
    page.buttons["bundle"].click()
    wait_idle(qtbot, page)
    bundles = list((diag_config.paths.data() / "support").glob("support-GD-DEMO-0001-*.zip"))
    assert len(bundles) == 1 and str(bundles[0]) in page.banner.text()
    assert oct(bundles[0].stat().st_mode & 0o777) == "0o600"
    with zipfile.ZipFile(bundles[0]) as bundle:
        names = sorted(bundle.namelist())
        contents = {name: bundle.read(name) for name in names}
    assert names == ["config.json", "devices.json", "logs/kiosk.log", "outbox.json", "version.json"]
    forbidden = [ID_NUMBER.encode(), NAME.encode(), ENGLISH.encode(), PHOTO[:64], PHOTO.hex()[:64].encode(),
                 base64.b64encode(PHOTO)[:64], ID_NUMBER.encode("utf-16-le"), NAME.encode("utf-16-le"),
                 PIN_HASH.encode(), PIN_HASH.split("$")[-1].encode()]
    for name, data in contents.items():
        for needle in forbidden:
            assert needle not in data, (name, needle[:20])
    # and what it is for is there
    config = json.loads(contents["config.json"])
    assert config["diagnostics"]["pin_hash"] == "<hidden>" and config["terminal"]["id"] == "GD-DEMO-0001"
    assert set(json.loads(contents["devices.json"])) == {"receipt_printer", "id_reader", "scanner", "camera"}
    outbox = json.loads(contents["outbox.json"])
    assert outbox["unsent"] >= 1  # pending, or in flight when the sync worker has just taken it
    assert json.loads(contents["version.json"])["terminal"] == "GD-DEMO-0001"
    log_text = contents["logs/kiosk.log"].decode()
    assert "taxpayer 欧*** (O**************) identified, number 440***********3450" in log_text  # masked, useful
    assert "diagnostics audit: entered" in log_text


def test_a_secret_in_a_device_setting_is_hidden_too(diag_config) -> None:  # type: ignore[no-untyped-def]
    from kiosk.config import DeviceConfig
    from kiosk.diag.report import config_text, redacted_config

    diag_config.devices["receipt_printer"] = DeviceConfig(
        driver="escpos", settings={"host": "10.0.0.9", "password": "hunter2"})
    shown = redacted_config(diag_config)
    assert shown["devices"]["receipt_printer"]["settings"] == {"host": "10.0.0.9", "password": "<hidden>"}
    assert "hunter2" not in config_text(diag_config) and PIN_HASH not in config_text(diag_config)
    assert Path(diag_config.paths.data_dir).name == "data"
