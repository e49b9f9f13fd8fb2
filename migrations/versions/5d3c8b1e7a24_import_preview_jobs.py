"""import preview jobs: a large workbook is read by a worker, its batch previewing until then

Revision ID: 5d3c8b1e7a24
Revises: a7c3e91d5b20
Create Date: 2026-12-04 19:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d3c8b1e7a24'
down_revision = 'a7c3e91d5b20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('preview_job_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_import_batch_preview_job_id_job'), 'job', ['preview_job_id'],
                                    ['id'])
        batch_op.alter_column('row_count', existing_type=sa.Integer(), nullable=True)


def downgrade():
    # A batch still previewing has no rows to count: it goes, with its job's link.
    op.execute("DELETE FROM import_batch WHERE row_count IS NULL")
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.alter_column('row_count', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(batch_op.f('fk_import_batch_preview_job_id_job'), type_='foreignkey')
        batch_op.drop_column('preview_job_id')
