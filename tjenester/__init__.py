"""One Django app per service domain; they meet only through journal and outbox events."""
