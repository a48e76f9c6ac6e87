"""Loopback HTTP servers standing in for every outside party.

The real client libraries talk to them over HTTP; tests point base URLs here.
"""
