"""One reported difference between our spec and the source, and the context that builds them."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..spec.load import SpecDocument
from .model import ApiSurface

__all__ = ["FAILING_CHANGES", "AuditContext", "Finding", "VersionAudit"]

# Only what our spec lacks fails the audit; extras and type differences are warnings.
FAILING_CHANGES = frozenset({"missing", "rebound"})


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """`key` is stable and short (`v1beta3:field:TunedModel.description`) so that it can be
    copied into the allow-list; `pointer` and `line` locate the item in our spec file and
    `source` says where the source has it."""

    version: str
    key: str
    change: str  # missing, extra, different (type) or rebound (same method, other binding)
    kind: str  # method, binding, parameter, field, type, enum, upload, download, long-running
    file: str
    line: int
    pointer: str
    message: str
    source: str = ""
    subject: str = ""  # what the skeleton needs: the source method, message or enum involved
    detail: str = ""  # the missing field's or value's name in the source

    @property
    def fails(self) -> bool:
        return self.change in FAILING_CHANGES


@dataclass(slots=True)
class AuditContext:
    """The two sides of one version and the findings collected while comparing them."""

    ours: ApiSurface
    source: ApiSurface
    document: SpecDocument
    findings: list[Finding] = field(default_factory=list)
    compared_enums: set[tuple[str, str]] = field(default_factory=set)

    def add(
        self,
        kind: str,
        change: str,
        key: str,
        pointer: str,
        message: str,
        source: str = "",
        subject: str = "",
        detail: str = "",
    ) -> None:
        version = self.ours.version
        line = self.document.line_of(pointer)
        self.findings.append(
            Finding(
                version,
                f"{version}:{kind}:{key}",
                change,
                kind,
                self.document.name,
                line,
                pointer,
                message,
                source,
                subject,
                detail,
            )
        )


@dataclass(frozen=True, slots=True)
class VersionAudit:
    """The audit of one API version: our spec file, the source's origin, what was found."""

    version: str
    spec: str
    source: str
    findings: tuple[Finding, ...]
