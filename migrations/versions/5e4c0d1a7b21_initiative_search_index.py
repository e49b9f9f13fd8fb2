"""initiative search index (FTS5 on SQLite, GIN over the words on PostgreSQL) and list indexes

Revision ID: 5e4c0d1a7b21
Revises: abce12f9b365
Create Date: 2026-11-22 04:00:00.000000

"""
from alembic import op

from initiatives import search


# revision identifiers, used by Alembic.
revision = "5e4c0d1a7b21"
down_revision = "abce12f9b365"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_initiative_unit_status_programme", "initiative", ["unit_id", "status", "programme_id", "id"],
                    unique=False)
    op.create_index("ix_initiative_entered_by", "initiative", ["entered_by_id"], unique=False)
    search.install(op.get_bind())


def downgrade():
    search.uninstall(op.get_bind())
    op.drop_index("ix_initiative_entered_by", table_name="initiative")
    op.drop_index("ix_initiative_unit_status_programme", table_name="initiative")
