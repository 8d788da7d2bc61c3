"""The pure domain: sessions, phases, partners and the speaking clock.

Nothing in this package imports Textual, storage or the command line, so the
rules of the method can be tested (and reasoned about) on their own.
"""
