"""What a taxpayer can pay at a terminal: arrears, social insurance by type, year and level (for oneself
or another person), and a vehicle's tax found by plate or VIN. Amounts come from the published
rates (`bureau.rates`); each answer carries the `ref` an order item uses to pay it."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from bureau import dues, store
from bureau.auth import Db, Terminal
from bureau.errors import SIGNED, ApiError, refusals
from bureau.payments import OrderItem
from bureau.sessions import NEEDS_SESSION, Taxpayer
from taxcore.masking import mask_id, mask_name

router = APIRouter(prefix="/v1", tags=["dues"], responses=SIGNED)
Insurance = Literal["flexible_pension", "resident_pension", "resident_medical"]


class SiLevel(BaseModel):
    level: int
    base_cents: int = Field(description="monthly contribution base; 0 for flat annual amounts")
    months: int
    amount_cents: int = Field(description="the year's amount at this level")
    ref: str = Field(description="order item ref (kind si) that pays this level")
    pay_item: OrderItem | None = Field(description="the order item that pays this level; none once the year is paid")


class SiDueOut(BaseModel):
    id_number_masked: str
    insured_name_masked: str
    insurance: str
    year: int
    paid: bool
    paid_level: int | None
    paid_order_id: str | None
    levels: list[SiLevel]


@router.get("/social-insurance/due", response_model=SiDueOut, responses={**refusals(404), **NEEDS_SESSION})
def si_due(
    terminal: Terminal,
    engine: Db,
    taxpayer: Taxpayer,  # the payer, verified; the insured may be a family member
    id_number: Annotated[str, Query(max_length=18, description="the insured person: oneself or another")],
    insurance: Insurance,
    year: Annotated[int, Query(ge=2000, le=2100)],
    level: Annotated[int | None, Query(ge=1, le=99, description="only this level")] = None,
) -> SiDueOut:
    """The amounts due for one insurance and year, per level (or the one level asked for)."""
    insured = dues.valid_number(id_number)
    with engine.connect() as conn:
        person = dues.registered(conn, insured)
        due = dues.si_due(conn, insured, insurance, year)
    if level is not None:
        due["levels"] = [lv for lv in due["levels"] if lv["level"] == level]
        if not due["levels"]:
            raise ApiError(422, "invalid_level", f"no level {level} for {insurance} in {year}")
    return SiDueOut(insured_name_masked=mask_name(person["name"]), **due)


class VehicleOut(BaseModel):
    plate: str
    vin: str | None
    category: str
    displacement_l: float | None
    owner_id_number_masked: str
    annual_tax_cents: int = Field(description="by the published table for its class and displacement")
    rates_version: str
    paid_through_year: int
    years_due: list[int]
    amount_due_cents: int
    pay_item: OrderItem | None = Field(description="the order item for the next year due (kind vehicle_tax)")
    pay_items: list[OrderItem] = Field(description="one order item per year due, oldest first (pay them in order)")


def _vehicle_out(row: Any) -> VehicleOut:
    due = dues.vehicle_due(row)
    items = [
        OrderItem(kind="vehicle_tax", description=f"车船税 {year} {row.plate}", amount_cents=due["annual_tax_cents"],
                  ref=row.plate)
        for year in due["years_due"]
    ]
    return VehicleOut(**due, pay_item=items[0] if items else None, pay_items=items)


class VehiclesOut(BaseModel):
    id_number_masked: str
    items: list[VehicleOut] = Field(description="the owner's vehicles, by plate")


@router.get("/vehicles/owned", response_model=VehiclesOut, responses={**refusals(404), **NEEDS_SESSION})
def owned_vehicles(
    terminal: Terminal, engine: Db, taxpayer: Taxpayer, id_number: Annotated[str, Query(max_length=18)]
) -> VehiclesOut:
    """The vehicles registered to a taxpayer, each with its tax due: how a person at a kiosk finds theirs."""
    v = store.vehicles
    number, rows = dues.records_of(engine, taxpayer.require(id_number), v, order_by=(v.c.plate,))
    return VehiclesOut(id_number_masked=mask_id(number), items=[_vehicle_out(r) for r in rows])


@router.get("/vehicles", response_model=VehicleOut, responses=refusals(404))
def vehicle(
    terminal: Terminal,
    engine: Db,
    plate: Annotated[str | None, Query(max_length=16)] = None,
    vin: Annotated[str | None, Query(max_length=17)] = None,
) -> VehicleOut:
    """A vehicle by its plate or its VIN, with the tax due; paying it needs its owner's ID number."""
    if (plate is None) == (vin is None):
        raise ApiError(422, "plate_or_vin", "give the plate or the VIN, one of them")
    v = store.vehicles
    where = v.c.plate == plate if plate is not None else v.c.vin == (vin or "").upper()
    with engine.connect() as conn:
        row = conn.execute(v.select().where(where)).first()
    if row is None:
        raise ApiError(404, "vehicle_not_found", "no vehicle with this plate or VIN")
    return _vehicle_out(row)


class Arrear(BaseModel):
    id: int
    tax_kind: str
    period: str
    amount_cents: int
    late_fee_cents: int
    due_cents: int = Field(description="tax plus late fee")
    pay_item: OrderItem = Field(description="the order item that clears it (kind arrears)")


class ArrearsOut(BaseModel):
    id_number_masked: str
    items: list[Arrear] = Field(description="unpaid only, oldest first")
    total_due_cents: int


@router.get("/arrears", response_model=ArrearsOut, responses={**refusals(404), **NEEDS_SESSION})
def arrears(
    terminal: Terminal, engine: Db, taxpayer: Taxpayer, id_number: Annotated[str, Query(max_length=18)]
) -> ArrearsOut:
    """Outstanding taxes and fees (清缴税费) of a taxpayer, each with the item that pays it."""
    a = store.arrears
    number, rows = dues.records_of(engine, taxpayer.require(id_number), a, a.c.paid_order_id.is_(None),
                                   order_by=(a.c.period, a.c.id))
    items = [
        Arrear(
            id=r.id,
            tax_kind=r.tax_kind,
            period=r.period,
            amount_cents=r.amount_cents,
            late_fee_cents=r.late_fee_cents,
            due_cents=r.amount_cents + r.late_fee_cents,
            pay_item=OrderItem(
                kind="arrears",
                description=f"{r.tax_kind} {r.period}",
                amount_cents=r.amount_cents + r.late_fee_cents,
                ref=str(r.id),
            ),
        )
        for r in rows
    ]
    return ArrearsOut(
        id_number_masked=mask_id(number), items=items, total_due_cents=sum(i.due_cents for i in items)
    )
