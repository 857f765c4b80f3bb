"""The body of a consent withdrawal through the partner API."""

from __future__ import annotations

from datetime import date

from pydantic import ConfigDict, Field, field_validator

from marketplace.api.spec import StrictModel
from marketplace.db_types import local_today


class ConsentWithdrawalIn(StrictModel):
    """When the person withdrew consent (not in the future, not before it was given)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"withdrawn_on": "2026-03-02"}]})

    withdrawn_on: date = Field(description="The day the person withdrew consent.")

    @field_validator("withdrawn_on")
    @classmethod
    def _not_in_future(cls, value: date) -> date:
        if value > local_today():
            raise ValueError("this date is in the future")
        return value
