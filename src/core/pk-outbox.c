/* pk-outbox.c — being written (issue 4) */
