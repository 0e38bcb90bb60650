"""The JSON API, its OpenAPI document and the HSDS export."""
