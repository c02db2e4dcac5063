"""The taxpayer services, each declared as a `ServiceFlow`; `all_flows()` is the registry.

The services are imported by `all_flows`, not by this package: a screen that needs one small
module of it (the comfort panel on the attract screen) must not pull them all, and their
dependencies, in before the attract screen is painted (kiosk.startup).
"""

from __future__ import annotations

from kiosk.flow.model import ServiceFlow


def all_flows() -> dict[str, ServiceFlow]:
    from kiosk.services.appointments import appointment_flow
    from kiosk.services.arrears import arrears_flow
    from kiosk.services.checks import certificate_check_flow, invoice_check_flow
    from kiosk.services.guides import guides_flow
    from kiosk.services.notices import notices_flow
    from kiosk.services.paying_services import paying_flows
    from kiosk.services.rating import rating_flow
    from kiosk.services.records import record_flows
    from kiosk.services.tickets import tickets_flow

    flows = [guides_flow(), rating_flow(), tickets_flow(), *record_flows(), arrears_flow(), *paying_flows()]
    flows += [invoice_check_flow(), certificate_check_flow(), appointment_flow(), notices_flow()]
    return {f.id: f for f in flows}
