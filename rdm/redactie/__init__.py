"""The editors' area: accounts, publishing, history, insight; views and forms."""
