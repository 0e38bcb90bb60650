"""The regiekaart: the five levels of regie around a household."""
