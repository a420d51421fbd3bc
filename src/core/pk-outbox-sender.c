/* pk-outbox-sender.c — being written (issue 4) */
