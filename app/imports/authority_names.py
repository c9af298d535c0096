"""Which authority a file means: by code (or a former code), else by Ofsted URN, else by name, in any of the
spellings the files use ("Bristol, City of", "Telford & Wrekin", "St. Helens") and former names."""

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.imports.records import AuthorityRef
from app.models import Authority

# Names the files use that no normalisation turns into the register's (the register's name on the right).
ALIASES = {
    "durham": "county durham",
    "bedford borough": "bedford",
    "london corporation": "city of london",
    "corporation of london": "city of london",
    "bcp": "bournemouth christchurch and poole",
    "hull": "kingston upon hull",
    "bristol city": "bristol",
}


def name_key(name: str) -> str:
    """Case, "&", punctuation, hyphens and a trailing ", City of" / ", County of" do not matter."""
    key = name.casefold().replace("&", " and ").replace("-", " ")
    key = re.sub(r"[.,'\u2019()]", " ", key)
    key = " ".join(key.split())
    key = re.sub(r" (city|county) of$", "", key)
    return ALIASES.get(key, key)


@dataclass(slots=True)
class AuthorityDirectory:
    codes: dict[str, str] = field(default_factory=dict)  # current or former code -> code
    urns: dict[int, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    async def load(cls, session: AsyncSession) -> "AuthorityDirectory":
        directory = cls()
        for authority in await session.scalars(sa.select(Authority).order_by(Authority.code)):
            directory.add(authority)
        return directory

    def add(self, authority: Authority) -> None:
        self.codes[authority.code] = authority.code
        for former in authority.former_codes:
            self.codes.setdefault(former, authority.code)
        if authority.ofsted_urn is not None:
            self.urns[authority.ofsted_urn] = authority.code
        # A current authority's name wins over a gone one's (Dorset the county became Dorset the unitary).
        key = name_key(authority.name)
        if key not in self.names or authority.status == "current":
            self.names[key] = authority.code

    def resolve(self, ref: AuthorityRef) -> str | None:
        if ref.code:
            return self.codes.get(ref.code)
        if ref.urn is not None and ref.urn in self.urns:
            return self.urns[ref.urn]
        return self.names.get(name_key(ref.name)) if ref.name else None
