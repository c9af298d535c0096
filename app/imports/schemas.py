from typing import Annotated, Any

from pydantic import Field

from app.core.schemas import ResponseModel

Count = Annotated[int, Field(ge=0, le=1_000_000_000)]


class ResourceCounts(ResponseModel):
    """Counts by the audit's resource types."""

    authority: Count
    inspection: Count
    judgement: Count
    finding: Count


class SkippedRow(ResponseModel):
    location: str = Field(max_length=300, description="Sheet and row, or row of a CSV, or page of a PDF.")
    reason: str = Field(max_length=2000, description="Why the row makes no valid record (nothing of it is stored).")


class ImportSummaryRead(ResponseModel):
    kind: str = Field(
        max_length=30, pattern="^(official_statistics|report_scrape|report_pdf)$", description="What the file was."
    )
    reference: str = Field(max_length=300, description="The edition's title, or the file name.")
    dry_run: bool
    added: ResourceCounts
    updated: ResourceCounts = Field(description="Records changed by this file (every change is audited).")
    unchanged: ResourceCounts = Field(description="Records the file restates exactly as already held.")
    skipped: list[SkippedRow] = Field(max_length=100_000)
    records: list[dict[str, Any]] = Field(
        max_length=100, description="For a report PDF: the inspection as recorded (or extracted, on a dry run)."
    )
