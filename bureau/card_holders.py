"""The sample ID cards' holders (taxcore/sample_people.py) put on file as taxpayers.

`bureau seed` makes up people whose cards exist nowhere; the simulated reader carries the
sample cards. Giving those holders a seeded taxpayer's records (copied, renumbered) makes a card
on the simulated reader someone the bureau knows, with a year of income tax and social
insurance: what the demo (`bureau seed --card-holders`) and the service tests both need.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bureau import store
from taxcore.sample_people import HOLDERS

# The holders who can be taxpayers (the 2017 foreign card's number is not a GB 11643 one).
CARD_HOLDERS = ("resident", "hmt_permit", "foreign_pr_2023")


def put_card_holders_on_file(engine: Engine) -> int:
    """Each holder gets the income-tax and social-insurance records of one of the first seeded
    taxpayers (their arrears, vehicles and businesses stay theirs); returns how many were added."""
    with engine.begin() as conn:
        donors = [r.id_number for r in conn.execute(sa.select(store.taxpayers.c.id_number).limit(len(CARD_HOLDERS)))]
        if len(donors) < len(CARD_HOLDERS):
            raise ValueError(f"seed at least {len(CARD_HOLDERS)} taxpayers before putting the card holders on file")
        for card, donor in zip(CARD_HOLDERS, donors, strict=True):
            fields = HOLDERS[card]
            number, birth = fields["id_number"], fields["birth"]
            conn.execute(store.taxpayers.insert().values(
                id_number=number, name=fields["name"].strip(), gender="M" if fields["gender"] == "1" else "F",
                birth_date=f"{birth[:4]}-{birth[4:6]}-{birth[6:]}"))
            for table in (store.iit_records, store.si_contributions):
                rows = conn.execute(table.select().where(table.c.id_number == donor)).mappings().all()
                copies = [{k: v for k, v in r.items() if k != "id"} | {"id_number": number} for r in rows]
                conn.execute(table.insert(), copies)
    return len(CARD_HOLDERS)
