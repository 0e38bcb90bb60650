"""failed logins per editor: how many since the last login, and the latest, to tell the editor

Revision ID: 7c3e5a90d1f2
Revises: a41c9e27d0b5
Create Date: 2026-12-01 22:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7c3e5a90d1f2"
down_revision = "a41c9e27d0b5"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("editor") as batch:
        batch.add_column(
            sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("last_failed_login_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("editor") as batch:
        batch.drop_column("last_failed_login_at")
        batch.drop_column("failed_logins")
