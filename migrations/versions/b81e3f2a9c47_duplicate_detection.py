"""duplicate detection: the shared index (dup_document, dup_posting, dup_term, dup_stat), sweeps and the queue

Fill the index of initiatives submitted before this revision with `flask duplicates reindex`.

Revision ID: b81e3f2a9c47
Revises: 9a7d2e4f1c30
Create Date: 2026-11-22 04:08:57.556673

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b81e3f2a9c47'
down_revision = '9a7d2e4f1c30'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dup_posting',
    sa.Column('term', sa.Text().with_variant(sa.Text(collation='C'), 'postgresql'), nullable=False),
    sa.Column('initiative_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('term', 'initiative_id', name=op.f('pk_dup_posting')),
    sqlite_with_rowid=False
    )
    op.create_table('dup_stat',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dup_stat'))
    )
    op.create_table('dup_term',
    sa.Column('term', sa.Text().with_variant(sa.Text(collation='C'), 'postgresql'), nullable=False),
    sa.Column('df', sa.Integer(), nullable=False),
    sa.Column('postings', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('term', name=op.f('pk_dup_term')),
    sqlite_with_rowid=False
    )
    op.create_table('duplicate_sweep',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=32), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('documents', sa.Integer(), nullable=True),
    sa.Column('pairs', sa.Integer(), nullable=True),
    sa.Column('new_pairs', sa.Integer(), nullable=True),
    sa.Column('clusters', sa.Integer(), nullable=True),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_duplicate_sweep_programme_id_programme')),
    sa.ForeignKeyConstraint(['started_by_id'], ['user_account.id'], name=op.f('fk_duplicate_sweep_started_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duplicate_sweep'))
    )
    with op.batch_alter_table('duplicate_sweep', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duplicate_sweep_programme_id'), ['programme_id'], unique=False)

    op.create_table('dup_document',
    sa.Column('initiative_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('signature', sa.Text(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('indexed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiative.id'], name=op.f('fk_dup_document_initiative_id_initiative')),
    sa.PrimaryKeyConstraint('initiative_id', name=op.f('pk_dup_document'))
    )
    with op.batch_alter_table('dup_document', schema=None) as batch_op:
        batch_op.create_index('ix_dup_document_programme', ['programme_id', 'initiative_id'], unique=False)

    op.create_table('duplicate_pair',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('a_id', sa.Integer(), nullable=False),
    sa.Column('b_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('likely', sa.Boolean(), nullable=False),
    sa.Column('found_by', sa.String(length=16), nullable=False),
    sa.Column('sweep_id', sa.Integer(), nullable=True),
    sa.Column('found_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.Enum('open', 'same', 'different', name='pairstatus', native_enum=False, length=16), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint('a_id < b_id', name=op.f('ck_duplicate_pair_ordered')),
    sa.ForeignKeyConstraint(['a_id'], ['initiative.id'], name=op.f('fk_duplicate_pair_a_id_initiative')),
    sa.ForeignKeyConstraint(['b_id'], ['initiative.id'], name=op.f('fk_duplicate_pair_b_id_initiative')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_duplicate_pair_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['sweep_id'], ['duplicate_sweep.id'], name=op.f('fk_duplicate_pair_sweep_id_duplicate_sweep')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duplicate_pair')),
    sa.UniqueConstraint('a_id', 'b_id', name='uq_duplicate_pair_a_b')
    )
    with op.batch_alter_table('duplicate_pair', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duplicate_pair_b_id'), ['b_id'], unique=False)
        batch_op.create_index('ix_duplicate_pair_status_score', ['status', 'score'], unique=False)



def downgrade():
    with op.batch_alter_table('duplicate_pair', schema=None) as batch_op:
        batch_op.drop_index('ix_duplicate_pair_status_score')
        batch_op.drop_index(batch_op.f('ix_duplicate_pair_b_id'))

    op.drop_table('duplicate_pair')
    with op.batch_alter_table('dup_document', schema=None) as batch_op:
        batch_op.drop_index('ix_dup_document_programme')

    op.drop_table('dup_document')
    with op.batch_alter_table('duplicate_sweep', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duplicate_sweep_programme_id'))

    op.drop_table('duplicate_sweep')
    op.drop_table('dup_term')
    op.drop_table('dup_stat')
    op.drop_table('dup_posting')
