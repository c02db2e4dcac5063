"""The paying services beside 清缴税费: 缴纳车船税, 缴纳社保费, 双定户申报纳税 and 代开小额发票; their flows and the one
call that binds their actions (from `KioskApp.attach_payments`, since they all need the bureau)."""

from __future__ import annotations

from typing import Any

from kiosk.bureau_calls import BureauCalls
from kiosk.flow.model import ServiceFlow
from kiosk.services.fixed_quota import bind_fixed_quota, fixed_quota_flow
from kiosk.services.si_pay import bind_si_pay, si_pay_flow
from kiosk.services.small_invoice import bind_small_invoice, small_invoice_flow
from kiosk.services.vehicle_tax import bind_vehicle_tax, vehicle_tax_flow


def paying_flows() -> list[ServiceFlow]:
    return [vehicle_tax_flow(), si_pay_flow(), fixed_quota_flow(), small_invoice_flow()]


def bind_paying_services(kiosk: Any, bureau: BureauCalls) -> None:
    bind = kiosk.engine.bind
    bind_vehicle_tax(bind, bureau, kiosk.records.face)
    bind_si_pay(bind, bureau)
    bind_fixed_quota(bind, bureau, kiosk.outbox, kiosk.records.printer, kiosk.config.terminal.hall,
                     kiosk.records.face)
    bind_small_invoice(bind, bureau, kiosk.records.printer)
