"""The durable job table: what the worker owes, written in the transaction that owes it."""

from tortoise import fields
from tortoise.models import Model

from .enums import JobKind, JobPriority, JobState


class Job(Model):
    """`dedupe_key` is unique, so the same piece of work is never queued twice."""

    id = fields.BigIntField(primary_key=True)
    kind = fields.CharEnumField(JobKind, max_length=32)
    priority = fields.IntEnumField(JobPriority, default=JobPriority.ORDER, db_default=0)
    dedupe_key = fields.CharField(max_length=128, unique=True)
    payload = fields.JSONField(default=dict)
    order = fields.ForeignKeyField("models.Order", related_name="jobs", null=True, on_delete=fields.CASCADE)
    state = fields.CharEnumField(JobState, max_length=16, default=JobState.PENDING)
    attempts = fields.IntField(default=0)
    run_after = fields.DatetimeField()
    locked_by = fields.CharField(max_length=128, null=True)
    lease_until = fields.DatetimeField(null=True)
    last_error = fields.TextField(null=True)
    # The request that queued the job (its X-Request-ID) and its trace, so the job's log lines and
    # span lead back to it; a job queued by no request gets an id of its own.
    request_id = fields.CharField(max_length=128, null=True)
    traceparent = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "job"
        indexes = (("state", "run_after"),)
