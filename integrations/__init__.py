"""Outbound adapters: one small interface per outside party. Imports nothing of ours."""
