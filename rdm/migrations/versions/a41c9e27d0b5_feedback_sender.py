"""feedback sender: a keyed hash of the client address, to limit reports per hour

Revision ID: a41c9e27d0b5
Revises: dfe473f62b21
Create Date: 2026-11-22 18:25:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a41c9e27d0b5"
down_revision = "dfe473f62b21"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("feedback") as batch:
        sender = sa.Column("sender", sa.String(length=64), nullable=False, server_default="")
        batch.add_column(sender)
        batch.create_index("ix_feedback_sender_created_at", ["sender", "created_at"])


def downgrade():
    with op.batch_alter_table("feedback") as batch:
        batch.drop_index("ix_feedback_sender_created_at")
        batch.drop_column("sender")
