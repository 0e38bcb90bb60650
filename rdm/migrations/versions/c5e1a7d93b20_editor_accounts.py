"""editor accounts: who may manage editors, who is disabled, whose password is a starting one

Revision ID: c5e1a7d93b20
Revises: e4b7c2d9a013
Create Date: 2026-12-02 02:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c5e1a7d93b20"
down_revision = "e4b7c2d9a013"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("editor") as batch:
        batch.add_column(
            sa.Column("can_manage_editors", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("disabled_at", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("password_to_change", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # A site upgraded with editors already: each of them may manage the others, as before
    # anyone could (with the command line), so that nobody is locked out of the new page.
    op.execute(sa.text("UPDATE editor SET can_manage_editors = true"))


def downgrade():
    with op.batch_alter_table("editor") as batch:
        batch.drop_column("password_to_change")
        batch.drop_column("disabled_at")
        batch.drop_column("can_manage_editors")
