/* pk-outbox-item.c — being written (issue 4) */
