"""Outgoing e-mail, written in the same transaction as the change that causes it.

Every message is first stored as an ``OutgoingMessage`` row (a transactional outbox):
a message exists exactly when the change it announces was committed. With SMTP
configured, ``deliver_pending`` sends stored messages; without SMTP they stay in the
development outbox that admins can read in the site (``routes.py``, with its
blueprint: the operations that write mail load no page).
"""
