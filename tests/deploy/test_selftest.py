"""`kiosk run --self-test` from source: passes on a good install, names what is broken otherwise."""

from __future__ import annotations


def test_self_test_passes_and_lists_every_check(run_self_test, source_kiosk, kiosk_config, child_env, tmp_path) -> None:
    result = run_self_test(source_kiosk, kiosk_config, child_env)
    assert result.returncode == 0, result.stdout + result.stderr
    for check in ("first paint", "config", "data dir", "font", "translations", "qt plugins", "escpos", "serial",
                  "barcodes"):
        assert f"ok   {check}:" in result.stdout
    assert "self-test passed" in result.stdout
    # escpos pickled its printer database into the kept cache folder, not a fresh temp folder
    assert list((tmp_path / "cache" / "tax-kiosk" / "escpos").glob("*.capabilities.pickle"))


def test_self_test_names_an_unwritable_data_dir(run_self_test, source_kiosk, make_config, child_env, tmp_path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    result = run_self_test(source_kiosk, make_config(data_dir=blocker / "data"), child_env)
    assert result.returncode == 1
    assert "FAIL data dir:" in result.stdout
    assert "self-test FAILED:" in result.stdout and "data dir" in result.stdout.splitlines()[-1]
    assert "ok   font:" in result.stdout  # the other checks still ran


def test_self_test_names_a_bad_config(run_self_test, source_kiosk, child_env, tmp_path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[session]\nidle_timeout_s = "soon"\n')
    result = run_self_test(source_kiosk, config, child_env)
    assert result.returncode == 2
    assert "idle_timeout_s" in result.stderr
    assert "self-test FAILED: config" in result.stderr
