"""The rules terminal and bureau share (taxcore/): one masked form, one retry backoff."""

from __future__ import annotations

import random
from decimal import Decimal

from taxcore import money, signing
from taxcore.backoff import Backoff
from taxcore.masking import mask_id, mask_name


def test_an_id_number_shows_its_first_three_and_last_four_everywhere() -> None:
    assert mask_id("11010519491231002X") == "110***********002X"
    assert mask_id("USA110060809213") == "USA********9213"  # a 2017 permanent-residence number
    assert mask_id("1234567") == "*******"  # too short to show anything


def test_a_name_never_shows_whole() -> None:
    assert mask_name("王小明") == "王**"
    assert mask_name("张三") == "张*"
    assert mask_name("李") == "李*"
    assert mask_name("") == ""


def test_backoff_doubles_to_its_cap_and_jitter_stays_within_half_of_it() -> None:
    plain = Backoff(1.0, 2.0, 8.0)
    assert [plain.delay(n) for n in range(6)] == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    jittered = Backoff(1.0, 2.0, 8.0, jitter=0.5, rng=random.Random(3))
    draws = [jittered.delay(n) for n in range(5) for _ in range(50)]
    ceilings = [plain.delay(n) for n in range(5) for _ in range(50)]
    assert all(c / 2 <= d <= c for d, c in zip(draws, ceilings, strict=True))
    assert len(set(draws)) > 200  # really random, not always the ceiling
    assert Backoff(1.0, 2.0, 8.0).delay(10_000) == 8.0  # no overflow after a very long outage


def test_the_signature_covers_path_and_query_as_sent() -> None:
    assert signing.components("/v1/halls/%E5%B9%BF/comfort") == ("/v1/halls/%E5%B9%BF/comfort", "?")
    assert signing.components("/v1/dues?year=2026&id=1") == ("/v1/dues", "?year=2026&id=1")
    assert signing.components("") == ("/", "?")
    scope = {"path": "/v1/halls/广/comfort", "raw_path": b"/v1/halls/%E5%B9%BF/comfort", "query_string": b"d=7"}
    assert signing.received_target(scope) == "/v1/halls/%E5%B9%BF/comfort?d=7"
    key, args = b"k" * 32, ("1700000000", "n0", b"{}")
    encoded = signing.signature(key, "GET", "/v1/halls/%E5%B9%BF/comfort", *args)
    assert encoded != signing.signature(key, "GET", "/v1/halls/广/comfort", *args)
    assert encoded != signing.signature(key, "GET", "/v1/halls/%e5%b9%bf/comfort", *args)  # bytes, not meaning


def test_money_is_fen_written_one_way() -> None:
    assert money.yuan(840) == "￥8.40"  # 840 fen, as the bureau sends `*_cents`
    assert money.yuan(123450) == "￥1,234.50" and money.yuan(-5) == "-￥0.05"
    assert money.yuan(97087, symbol=False) == "970.87"  # a unit-price cell
    assert money.uppercase(123450) == "壹仟贰佰叁拾肆元伍角整"
    assert money.uppercase(100000805) == "壹佰万零捌元零伍分"
    assert money.uppercase(0) == "零元整"
    assert money.fen("1234.5") == 123450 and money.fen(Decimal("0.005")) == 1  # half up to the fen


def test_a_private_file_is_owner_only_and_replaced_whole(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import stat

    from taxcore.private_file import write_private

    path = tmp_path / "secret.key"
    write_private(path, b"old")
    write_private(path, b"x" * 300_000)  # bigger than one write() may take
    assert path.read_bytes() == b"x" * 300_000
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret.key"]  # no temp file left beside it
