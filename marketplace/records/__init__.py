"""Bulk records in the interchange format: JSON Lines, one object per line, told apart
by ``"type"`` (organisation, coach, opportunity, candidate).

``flask records import FILE`` checks the whole file first and writes nothing when any
line is wrong; ``flask records export`` writes the same format back.
"""
