"""Who published a report and where: the ``identity`` block, from the agency's name, the
contact block's address and the preamble's contact sentence (docs/identity.md).

The agency's name decides the region (the chain of division names it starts with). The address
and the contact sentence either agree (name a division within the decided one, or one it lies
within), disagree, or, when the name's region is ambiguous (鼓楼区: four cities), choose among its
candidates. Disagreement, ambiguity or no region at all: the region is null with a warning, never
a guess. Postcodes and telephone area codes are not used: no licensed table of them is shipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from extractor.contract import Identity, IdentityEvidence, Warning
from extractor.identity.aliases import Alias
from extractor.identity.divisions import Division, DivisionTable, Level, table
from extractor.identity.names import clean, kind_of, own_name
from extractor.identity.regions import Chain, contact_sentence_agency, leading_chain
from extractor.warning_codes import WarningCode

# How many of an ambiguous name's candidates a warning lists before "…".
_LISTED = 5


@dataclass(frozen=True)
class IdentitySources:
    """What the report says about its agency."""

    agency: str | None
    address: str | None = None
    preamble: tuple[str, ...] = ()


@dataclass
class _Evidence:
    source: str
    text: str
    chain: Chain
    role: str = "silent"

    def entry(self) -> IdentityEvidence:
        return IdentityEvidence(
            source=self.source,  # type: ignore[arg-type]
            text=self.text,
            division_codes=[d.code for d in self.chain.candidates],
            role=self.role,  # type: ignore[arg-type]
        )


@dataclass
class IdentityResult:
    identity: Identity
    warnings: list[Warning] = field(default_factory=list)


def resolve_identity(
    sources: IdentitySources, aliases: Iterable[Alias] = (), divisions: DivisionTable | None = None
) -> IdentityResult:
    divisions = divisions or table()
    if not sources.agency:
        return IdentityResult(Identity(), [_unresolved("the report names no agency")])
    name = clean(sources.agency)
    primary = _Evidence("agency", name, leading_chain(name, divisions))
    others = _other_evidence(sources, divisions)
    if not primary.chain.found:
        return IdentityResult(
            Identity(evidence=[primary.entry(), *(e.entry() for e in others)]),
            [_unresolved(f"the agency's name ({name}) names no region the division table knows")],
        )
    decided, narrowed = _decide(primary.chain, others, divisions)
    evidence = [primary, *others]
    if decided is None:
        listed = "、".join(_full(d, divisions) for d in primary.chain.candidates[:_LISTED])
        more = "…" if len(primary.chain.candidates) > _LISTED else ""
        return IdentityResult(
            Identity(evidence=[e.entry() for e in evidence]),
            [_unresolved(f"{''.join(primary.chain.names)} could be any of {listed}{more}; nothing else in the report chose"
                         if len(primary.chain.candidates) > 1 else
                         f"the agency's name gives a township ({_full(primary.chain.candidates[0], divisions)}) but no "
                         "county, and nothing else in the report confirms it")],
        )
    primary.role = "decided"
    disagreeing = _mark(decided, others, narrowed, divisions)
    if disagreeing:
        said = "; ".join(f"{e.source} {e.text} names {_full(e.chain.candidates[0], divisions)}" for e in disagreeing)
        return IdentityResult(
            Identity(evidence=[e.entry() for e in evidence]),
            [Warning(code=WarningCode.IDENTITY_CONFLICT,
                     message=f"the agency's name places it in {_full(decided, divisions)}, but the {said}; region left null",
                     where={"field": "identity"})],
        )
    return _identity(name, primary.chain, decided, evidence, aliases, divisions)


def _other_evidence(sources: IdentitySources, divisions: DivisionTable) -> list[_Evidence]:
    found = []
    if sources.address:
        address = clean(sources.address)
        found.append(_Evidence("address", address, leading_chain(address, divisions)))
    for text in sources.preamble:
        agency = contact_sentence_agency(clean(text))
        if agency:
            found.append(_Evidence("contact_sentence", agency, leading_chain(agency, divisions)))
            break
    return found


def _related(a: Division, b: Division, divisions: DivisionTable) -> bool:
    return divisions.is_within(a, b) or divisions.is_within(b, a)


def _agrees(decided: Division, evidence: _Evidence, divisions: DivisionTable) -> bool:
    return any(_related(decided, c, divisions) for c in evidence.chain.candidates)


def _decide(chain: Chain, others: list[_Evidence], divisions: DivisionTable) -> tuple[Division | None, bool]:
    """The one candidate, or the one the other evidence leaves; (None, _) when several remain.
    A township's name alone needs the other evidence even when it is the only one so named."""
    candidates = chain.candidates
    if len(candidates) == 1 and not chain.township_alone:
        return candidates[0], False
    speaking = [e for e in others if e.chain.found]
    left = [c for c in candidates if speaking and all(_agrees(c, e, divisions) for e in speaking)]
    return (left[0], True) if len(left) == 1 else (None, False)


def _mark(decided: Division, others: list[_Evidence], narrowed: bool, divisions: DivisionTable) -> list[_Evidence]:
    """Each other evidence's role; the ones that disagree."""
    disagreeing = []
    for e in others:
        if not e.chain.found:
            continue
        if _agrees(decided, e, divisions):
            e.role = "narrowed" if narrowed else "agreed"
        else:
            e.role = "disagreed"
            disagreeing.append(e)
    return disagreeing


def _identity(
    name: str, chain: Chain, decided: Division, evidence: list[_Evidence], aliases: Iterable[Alias],
    divisions: DivisionTable,
) -> IdentityResult:
    own = own_name(name[chain.end :], aliases)
    prefix = name[: chain.start]  # 国家税务总局 of 国家税务总局淄博市税务局
    by_level = {d.level: d.name for d in divisions.ancestors(decided)}
    kind = kind_of(own) if not prefix else kind_of(prefix + own)
    warnings = []
    if kind is None:
        warnings.append(_unresolved(f"the agency's name ({name}) is only a place; kind left null"))
    agreed = any(e.role in ("agreed", "narrowed") for e in evidence)
    identity = Identity(
        name=prefix + region_prefix(decided, divisions) + own,
        level=decided.level.label,  # type: ignore[arg-type]
        kind=kind.value if kind else None,  # type: ignore[arg-type]
        province=by_level.get(Level.PROVINCE),
        city=by_level.get(Level.CITY),
        county=by_level.get(Level.COUNTY),
        township=by_level.get(Level.TOWNSHIP),
        division_code=decided.division_code,
        confidence="high" if agreed else "medium",
        evidence=[e.entry() for e in evidence],
    )
    return IdentityResult(identity, warnings)


def region_prefix(division: Division, divisions: DivisionTable) -> str:
    """The region as an agency's full name prints it: from the prefecture down (淮安市洪泽区);
    the province only for itself and for a 直辖市's districts (北京市海淀区)."""
    chain = divisions.ancestors(division)
    province = chain[0]
    if province.level == Level.PROVINCE and province is not division and not province.name.endswith("市"):
        chain = chain[1:]
    return "".join(d.name for d in chain)


def _full(division: Division, divisions: DivisionTable) -> str:
    return "".join(d.name for d in divisions.ancestors(division))


def _unresolved(message: str) -> Warning:
    return Warning(code=WarningCode.IDENTITY_UNRESOLVED, message=message, where={"field": "identity"})
