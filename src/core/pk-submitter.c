/* pk-submitter.c — being written (issue 4) */
