"""The editors' pages, one blueprint each under the /redactie area."""
