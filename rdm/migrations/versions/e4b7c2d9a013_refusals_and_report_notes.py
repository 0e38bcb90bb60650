"""refused publications, and an editor's note on a resolved report

Revision ID: e4b7c2d9a013
Revises: b8d2f4a61c07
Create Date: 2026-12-02 02:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e4b7c2d9a013"
down_revision = "b8d2f4a61c07"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "publish_refusal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("editor_id", sa.Integer(), nullable=True),
        sa.Column("base", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["editor_id"], ["editor.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_publish_refusal_at", "publish_refusal", ["at"])
    with op.batch_alter_table("feedback") as batch:
        note = sa.Column("resolution_note", sa.Text(), nullable=False, server_default="")
        batch.add_column(note)


def downgrade():
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("resolution_note")
    op.drop_index("ix_publish_refusal_at", table_name="publish_refusal")
    op.drop_table("publish_refusal")
