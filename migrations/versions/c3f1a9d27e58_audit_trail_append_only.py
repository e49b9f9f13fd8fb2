"""the audit trail is append-only: triggers refuse UPDATE, DELETE and TRUNCATE on audit_entry

Revision ID: c3f1a9d27e58
Revises: 8bc2cd7ada99
Create Date: 2026-12-02 20:05:00.000000

"""
from alembic import op

from core import audit_guard


# revision identifiers, used by Alembic.
revision = 'c3f1a9d27e58'
down_revision = '8bc2cd7ada99'
branch_labels = None
depends_on = None


def upgrade():
    audit_guard.install(op.get_bind())


def downgrade():
    audit_guard.uninstall(op.get_bind())
