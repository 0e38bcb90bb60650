"""revision parent: one revision per parent, so parallel publications cannot undo each other

Revision ID: b8d2f4a61c07
Revises: 7c3e5a90d1f2
Create Date: 2026-12-01 23:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b8d2f4a61c07"
down_revision = "7c3e5a90d1f2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("revision") as batch:
        batch.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch.create_unique_constraint("uq_revision_parent_id", ["parent_id"])


def downgrade():
    with op.batch_alter_table("revision") as batch:
        batch.drop_constraint("uq_revision_parent_id", type_="unique")
        batch.drop_column("parent_id")
