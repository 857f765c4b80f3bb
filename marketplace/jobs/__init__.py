"""Background work on a Huey job queue (mail delivery, the daily closing of
opportunities) and the admins' page of jobs."""
