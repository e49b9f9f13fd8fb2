"""api: personal access tokens

Revision ID: a7c3e91d5b20
Revises: 9f84621dfa20
Create Date: 2026-12-04 19:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e91d5b20'
down_revision = '9f84621dfa20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('personal_access_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('scope', sa.Enum('read', 'read-write', name='tokenscope', native_enum=False, length=16), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_personal_access_token_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_personal_access_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_personal_access_token_token_hash'))
    )
    with op.batch_alter_table('personal_access_token', schema=None) as batch_op:
        batch_op.create_index('ix_personal_access_token_user_open', ['user_id', 'revoked_at'], unique=False)


def downgrade():
    with op.batch_alter_table('personal_access_token', schema=None) as batch_op:
        batch_op.drop_index('ix_personal_access_token_user_open')
    op.drop_table('personal_access_token')
