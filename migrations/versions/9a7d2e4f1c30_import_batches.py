"""import batches: uploaded workbooks of initiatives, from preview to saved or cancelled

Revision ID: 9a7d2e4f1c30
Revises: 5e4c0d1a7b21
Create Date: 2026-11-22 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "9a7d2e4f1c30"
down_revision = "5e4c0d1a7b21"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("import_batch",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("token", sa.String(length=32), nullable=False),
    sa.Column("programme_id", sa.Integer(), nullable=False),
    sa.Column("unit_id", sa.Integer(), nullable=False),
    sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
    sa.Column("uploaded_at", sa.DateTime(), nullable=False),
    sa.Column("original_name", sa.String(length=255), nullable=False),
    sa.Column("row_count", sa.Integer(), nullable=False),
    sa.Column("status", sa.Enum("previewed", "saved", "cancelled", name="importstatus", native_enum=False,
                                length=16), nullable=False),
    sa.Column("decided_at", sa.DateTime(), nullable=True),
    sa.Column("decided_by_id", sa.Integer(), nullable=True),
    sa.Column("saved_count", sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(["decided_by_id"], ["user_account.id"],
                            name=op.f("fk_import_batch_decided_by_id_user_account")),
    sa.ForeignKeyConstraint(["programme_id"], ["programme.id"], name=op.f("fk_import_batch_programme_id_programme")),
    sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_import_batch_unit_id_unit")),
    sa.ForeignKeyConstraint(["uploaded_by_id"], ["user_account.id"],
                            name=op.f("fk_import_batch_uploaded_by_id_user_account")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch")),
    sa.UniqueConstraint("token", name=op.f("uq_import_batch_token"))
    )
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_batch_programme_id"), ["programme_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_import_batch_unit_id"), ["unit_id"], unique=False)


def downgrade():
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_batch_unit_id"))
        batch_op.drop_index(batch_op.f("ix_import_batch_programme_id"))

    op.drop_table("import_batch")
