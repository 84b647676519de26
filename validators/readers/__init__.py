"""Readers turn classified tables into typed season data, one module per table kind."""
