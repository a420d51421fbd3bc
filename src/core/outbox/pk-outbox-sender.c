/* pk-outbox-sender.c — the sender object: properties, signals, wiring and the backoff rule
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "pk-api-error.h"
#include "pk-outbox-sender-private.h"

/* Drains the outbox in the background with up to max-in-flight items on their way at once:
 * each is claimed, has its documents without a server id uploaded (each id committed before
 * going on), is posted with its idempotency key, and has the answer stored. A single sender
 * would leave the server idle while this process records an answer and claims the next item,
 * and this process idle while the server works; a few items in flight let the two overlap.
 *
 * Runs on the main context it was created in; every database step is an async operation on
 * a worker thread, every network step goes through the #PkSubmitter. Database steps are not
 * cancellable (each is one short transaction that must land); network steps are.
 *
 * Exactly once does not depend on how many items are in flight: each item is claimed by one
 * job (the claim marks it sending in the database), keeps its own key and body, and any
 * re-send is answered from the server's idempotency store.
 *
 * Backoff is sender-wide, keyed on consecutive failures: when the network or the server is
 * down every item would fail the same way, so hammering the next item right away helps no
 * one. With several items in flight an outage fails all of them at about the same time; only
 * the first failure of an episode makes the delay longer (the others were sent before it and
 * say nothing new: they are rescheduled to the end of the same delay). After the delay one
 * item goes alone, and the others follow once it got through. A retried item is rescheduled
 * to the end of the delay, and the queue is taken by due time, so a single item the server
 * keeps failing on rotates to the back instead of blocking the others. */

enum {
  PROP_0,
  PROP_OUTBOX,
  PROP_SUBMITTER,
  PROP_JOURNAL,
  PROP_STATUS,
  PROP_BASE_DELAY,
  PROP_MAX_DELAY,
  PROP_CURRENT_DELAY,
  PROP_MAX_IN_FLIGHT,
  N_PROPS
};

enum {
  ITEM_DELIVERED,
  ITEM_FAILED,
  LOGIN_REQUIRED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PkOutboxSender, pk_outbox_sender, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PkOutboxSenderStatus, pk_outbox_sender_status,
                    G_DEFINE_ENUM_VALUE (PK_OUTBOX_SENDER_STOPPED, "stopped"),
                    G_DEFINE_ENUM_VALUE (PK_OUTBOX_SENDER_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (PK_OUTBOX_SENDER_SENDING, "sending"),
                    G_DEFINE_ENUM_VALUE (PK_OUTBOX_SENDER_BACKING_OFF, "backing-off"),
                    G_DEFINE_ENUM_VALUE (PK_OUTBOX_SENDER_NEEDS_LOGIN, "needs-login"))

/**
 * pk_outbox_classify_error:
 * @error: why an attempt failed
 *
 * Returns: what the sender does about it. Errors outside %PK_API_ERROR (a local database
 *   hiccup, a document that arrived damaged) are retried: giving up on an application is
 *   only ever the server's call.
 */
PkOutboxVerdict
pk_outbox_classify_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, PK_OUTBOX_VERDICT_RETRY);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_error_matches (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_CANCELLED))
    return PK_OUTBOX_VERDICT_CANCELLED;
  if (error->domain != PK_API_ERROR)
    return PK_OUTBOX_VERDICT_RETRY;

  switch ((PkApiError) error->code)
    {
    case PK_API_ERROR_CANCELLED:
      return PK_OUTBOX_VERDICT_CANCELLED;
    case PK_API_ERROR_UNAUTHORIZED:
    case PK_API_ERROR_TOKEN_EXPIRED:
    case PK_API_ERROR_INVALID_CREDENTIALS:
      return PK_OUTBOX_VERDICT_LOGIN;
    default:
      return pk_api_error_is_retryable (error) ? PK_OUTBOX_VERDICT_RETRY
                                               : PK_OUTBOX_VERDICT_PERMANENT;
    }
}

/**
 * pk_outbox_backoff_delay_ms:
 * @failures: consecutive failures so far, from 1
 * @base_ms: the first delay
 * @max_ms: the cap
 * @random01: a uniform random number in [0, 1) for the jitter
 *
 * Exponential backoff, base × 2^(failures−1), with ±25 % jitter so that the kiosks of a city
 * do not all come back at the same second after an outage; the result is clamped to
 * [@base_ms, @max_ms].
 *
 * Returns: the delay in milliseconds
 */
guint
pk_outbox_backoff_delay_ms (guint  failures,
                            guint  base_ms,
                            guint  max_ms,
                            double random01)
{
  double delay;

  g_return_val_if_fail (base_ms <= max_ms, max_ms);

  if (failures == 0)
    return 0;
  delay = ldexp ((double) base_ms, (int) MIN (failures - 1, 62));
  delay = MIN (delay, (double) max_ms);
  delay *= 0.75 + 0.5 * CLAMP (random01, 0.0, 1.0);
  return (guint) CLAMP (delay, (double) base_ms, (double) max_ms);
}

void
pk_outbox_sender_update_status (PkOutboxSender       *self,
                                PkOutboxSenderStatus  status)
{
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
pk_outbox_sender_update_current_delay (PkOutboxSender *self,
                                       guint           delay)
{
  if (self->current_delay == delay)
    return;
  self->current_delay = delay;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_DELAY]);
}

/* The signals are the object's; the steps that deliver or refuse an item emit them here. */
void
pk_outbox_sender_emit_item_delivered (PkOutboxSender *self,
                                      PkOutboxItem   *item)
{
  g_signal_emit (self, signals[ITEM_DELIVERED], 0, item);
}

void
pk_outbox_sender_emit_item_failed (PkOutboxSender *self,
                                   PkOutboxItem   *item)
{
  g_signal_emit (self, signals[ITEM_FAILED], 0, item);
}

void
pk_outbox_sender_emit_login_required (PkOutboxSender *self)
{
  g_signal_emit (self, signals[LOGIN_REQUIRED], 0);
}

/* --- wiring ------------------------------------------------------------------------------ */

/* New work or an operator's retry: go now, unless the session is gone (that only ends with
 * a new token, #PkSubmitter::ready). */
static void
on_work_added (PkOutboxSender *self)
{
  if (self->status == PK_OUTBOX_SENDER_NEEDS_LOGIN)
    return;
  pk_outbox_sender_wake (self);
}

static void
on_submitter_ready (PkOutboxSender *self)
{
  /* Refusals of calls made with an older token are stale from now on, see
   * pk_outbox_sender_job_fail(). */
  self->generation++;
  if (self->status != PK_OUTBOX_SENDER_NEEDS_LOGIN)
    return;
  pk_outbox_sender_stop_holding (self);
  pk_outbox_sender_update_status (self, PK_OUTBOX_SENDER_IDLE);
  pk_outbox_sender_fill (self);
}

static void
pk_outbox_sender_constructed (GObject *object)
{
  PkOutboxSender *self = PK_OUTBOX_SENDER (object);

  G_OBJECT_CLASS (pk_outbox_sender_parent_class)->constructed (object);

  g_signal_connect_object (self->outbox, "work-added", G_CALLBACK (on_work_added), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->submitter, "ready", G_CALLBACK (on_submitter_ready), self,
                           G_CONNECT_SWAPPED);
}

static void
pk_outbox_sender_dispose (GObject *object)
{
  PkOutboxSender *self = (PkOutboxSender *)object;

  /* Jobs hold a reference each: none is left once disposal is reached the normal way. */
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->outbox);
  g_clear_object (&self->submitter);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (pk_outbox_sender_parent_class)->dispose (object);
}

static void
pk_outbox_sender_finalize (GObject *object)
{
  PkOutboxSender *self = (PkOutboxSender *)object;

  g_ptr_array_unref (self->jobs);

  G_OBJECT_CLASS (pk_outbox_sender_parent_class)->finalize (object);
}

static void
pk_outbox_sender_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PkOutboxSender *self = PK_OUTBOX_SENDER (object);

  switch (prop_id)
    {
    case PROP_OUTBOX:
      g_value_set_object (value, self->outbox);
      break;
    case PROP_SUBMITTER:
      g_value_set_object (value, self->submitter);
      break;
    case PROP_JOURNAL:
      g_value_set_object (value, self->journal);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_BASE_DELAY:
      g_value_set_uint (value, self->base_delay);
      break;
    case PROP_MAX_DELAY:
      g_value_set_uint (value, self->max_delay);
      break;
    case PROP_CURRENT_DELAY:
      g_value_set_uint (value, self->current_delay);
      break;
    case PROP_MAX_IN_FLIGHT:
      g_value_set_uint (value, self->max_in_flight);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_outbox_sender_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PkOutboxSender *self = PK_OUTBOX_SENDER (object);

  switch (prop_id)
    {
    case PROP_OUTBOX:
      self->outbox = g_value_dup_object (value);
      break;
    case PROP_SUBMITTER:
      self->submitter = g_value_dup_object (value);
      break;
    case PROP_JOURNAL:
      self->journal = g_value_dup_object (value);
      break;
    case PROP_BASE_DELAY:
      pk_outbox_sender_set_base_delay (self, g_value_get_uint (value));
      break;
    case PROP_MAX_DELAY:
      pk_outbox_sender_set_max_delay (self, g_value_get_uint (value));
      break;
    case PROP_MAX_IN_FLIGHT:
      pk_outbox_sender_set_max_in_flight (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_outbox_sender_class_init (PkOutboxSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = pk_outbox_sender_constructed;
  object_class->dispose = pk_outbox_sender_dispose;
  object_class->finalize = pk_outbox_sender_finalize;
  object_class->get_property = pk_outbox_sender_get_property;
  object_class->set_property = pk_outbox_sender_set_property;

  properties[PROP_OUTBOX] = g_param_spec_object ("outbox", NULL, NULL, PK_TYPE_OUTBOX, co);
  properties[PROP_SUBMITTER] = g_param_spec_object ("submitter", NULL, NULL, PK_TYPE_SUBMITTER, co);
  properties[PROP_JOURNAL] = g_param_spec_object ("journal", NULL, NULL, PK_TYPE_JOURNAL, co);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, PK_TYPE_OUTBOX_SENDER_STATUS,
                                               PK_OUTBOX_SENDER_STOPPED, ro);
  properties[PROP_BASE_DELAY] = g_param_spec_uint ("base-delay", NULL, NULL, 1, G_MAXUINT,
                                                   PK_OUTBOX_SENDER_DEFAULT_BASE_DELAY_MS, rw);
  properties[PROP_MAX_DELAY] = g_param_spec_uint ("max-delay", NULL, NULL, 1, G_MAXUINT,
                                                  PK_OUTBOX_SENDER_DEFAULT_MAX_DELAY_MS, rw);
  properties[PROP_CURRENT_DELAY] = g_param_spec_uint ("current-delay", NULL, NULL, 0, G_MAXUINT,
                                                      0, ro);
  properties[PROP_MAX_IN_FLIGHT] = g_param_spec_uint ("max-in-flight", NULL, NULL, 1,
                                                      PK_OUTBOX_SENDER_MAX_IN_FLIGHT,
                                                      PK_OUTBOX_SENDER_DEFAULT_IN_FLIGHT, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PkOutboxSender::item-delivered:
   * @item: the delivered item, with its tracking code
   */
  signals[ITEM_DELIVERED] = g_signal_new ("item-delivered", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                          1, PK_TYPE_OUTBOX_ITEM);
  /**
   * PkOutboxSender::item-failed:
   * @item: the refused item, with its error and per-field codes: back to the wizard
   */
  signals[ITEM_FAILED] = g_signal_new ("item-failed", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                       1, PK_TYPE_OUTBOX_ITEM);
  /**
   * PkOutboxSender::login-required:
   *
   * The session expired while sending: ask the operator to log in. The sender resumes by
   * itself when the submitter reports a new token (#PkSubmitter::ready).
   */
  signals[LOGIN_REQUIRED] = g_signal_new ("login-required", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pk_outbox_sender_init (PkOutboxSender *self)
{
  self->base_delay = PK_OUTBOX_SENDER_DEFAULT_BASE_DELAY_MS;
  self->max_delay = PK_OUTBOX_SENDER_DEFAULT_MAX_DELAY_MS;
  self->max_in_flight = PK_OUTBOX_SENDER_DEFAULT_IN_FLIGHT;
  self->jobs = g_ptr_array_new ();
  /* 0 is "began no backoff" for a job. */
  self->episode = 1;
}

/**
 * pk_outbox_sender_new:
 * @outbox: the queue to drain
 * @submitter: how to reach the server (pk_client_submitter_new() in the app)
 * @journal: (nullable): where submissions and acknowledgements are recorded
 *
 * Returns: (transfer full): a stopped sender; call pk_outbox_sender_start()
 */
PkOutboxSender *
pk_outbox_sender_new (PkOutbox    *outbox,
                      PkSubmitter *submitter,
                      PkJournal   *journal)
{
  g_return_val_if_fail (PK_IS_OUTBOX (outbox), NULL);
  g_return_val_if_fail (PK_IS_SUBMITTER (submitter), NULL);
  g_return_val_if_fail (journal == NULL || PK_IS_JOURNAL (journal), NULL);

  return g_object_new (PK_TYPE_OUTBOX_SENDER, "outbox", outbox, "submitter", submitter,
                       "journal", journal, NULL);
}

PkOutbox *
pk_outbox_sender_get_outbox (PkOutboxSender *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_SENDER (self), NULL);
  return self->outbox;
}

PkSubmitter *
pk_outbox_sender_get_submitter (PkOutboxSender *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_SENDER (self), NULL);
  return self->submitter;
}

PkJournal *
pk_outbox_sender_get_journal (PkOutboxSender *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_SENDER (self), NULL);
  return self->journal;
}

PkOutboxSenderStatus
pk_outbox_sender_get_status (PkOutboxSender *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_SENDER (self), PK_OUTBOX_SENDER_STOPPED);
  return self->status;
}

guint
pk_outbox_sender_get_base_delay (PkOutboxSender *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_SENDER (self), 0);
  return self->base_delay;
}

/**
 * pk_outbox_sender_set_base_delay:
 * @base_delay: the first backoff delay in milliseconds (default 1 s)
 */
void
pk_outbox_sender_set_base_delay (PkOutboxSender *self,
                                 guint           base_delay)
{
  g_return_if_fail (PK_IS_OUTBOX_SENDER (self));
  g_return_if_fail (base_delay > 0);

  if (self->base_delay == base_delay)
    return;
  self->base_delay = base_delay;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_DELAY]);
  if (self->max_delay < base_delay)
    pk_outbox_sender_set_max_delay (self, base_delay);
}

guint
pk_outbox_sender_get_max_delay (PkOutboxSender *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_SENDER (self), 0);
  return self->max_delay;
}

/**
 * pk_outbox_sender_set_max_delay:
 * @max_delay: the cap of the backoff in milliseconds (default 5 min)
 */
void
pk_outbox_sender_set_max_delay (PkOutboxSender *self,
                                guint           max_delay)
{
  g_return_if_fail (PK_IS_OUTBOX_SENDER (self));
  g_return_if_fail (max_delay > 0);

  if (self->max_delay == max_delay)
    return;
  self->max_delay = max_delay;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_DELAY]);
  if (self->base_delay > max_delay)
    pk_outbox_sender_set_base_delay (self, max_delay);
}

/**
 * pk_outbox_sender_get_current_delay:
 *
 * Returns: the backoff being waited out in milliseconds, 0 after a success
 */
guint
pk_outbox_sender_get_current_delay (PkOutboxSender *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_SENDER (self), 0);
  return self->current_delay;
}

/**
 * pk_outbox_sender_get_max_in_flight:
 *
 * Returns: how many items may be on their way to the server at once
 */
guint
pk_outbox_sender_get_max_in_flight (PkOutboxSender *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_SENDER (self), 1);
  return self->max_in_flight;
}

/**
 * pk_outbox_sender_set_max_in_flight:
 * @max_in_flight: 1 to %PK_OUTBOX_SENDER_MAX_IN_FLIGHT (default
 *   %PK_OUTBOX_SENDER_DEFAULT_IN_FLIGHT)
 *
 * How many items may be on their way at once. Only a backlog needs more than one; the API
 * client keeps four connections to the server, and the operator's own calls share them.
 */
void
pk_outbox_sender_set_max_in_flight (PkOutboxSender *self,
                                    guint           max_in_flight)
{
  g_return_if_fail (PK_IS_OUTBOX_SENDER (self));
  g_return_if_fail (max_in_flight >= 1 && max_in_flight <= PK_OUTBOX_SENDER_MAX_IN_FLIGHT);

  if (self->max_in_flight == max_in_flight)
    return;
  self->max_in_flight = max_in_flight;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_IN_FLIGHT]);
  pk_outbox_sender_fill (self);
}

void
pk_outbox_sender_start (PkOutboxSender *self)
{
  g_return_if_fail (PK_IS_OUTBOX_SENDER (self));

  if (self->status != PK_OUTBOX_SENDER_STOPPED)
    return;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->holding = FALSE;
  pk_outbox_sender_update_status (self, PK_OUTBOX_SENDER_IDLE);
  pk_outbox_sender_recover_acknowledgements (self);
  pk_outbox_sender_fill (self);
}

/**
 * pk_outbox_sender_stop:
 *
 * Stops after the current steps: the network calls in flight are cancelled and their items
 * go back to the queue (with the same keys, so it is safe even if the server already has
 * them); database steps under way still land.
 */
void
pk_outbox_sender_stop (PkOutboxSender *self)
{
  g_return_if_fail (PK_IS_OUTBOX_SENDER (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->wake_pending = FALSE;
  self->holding = FALSE;
  /* Stopped first: cancelling may complete the steps in flight synchronously. */
  pk_outbox_sender_update_status (self, PK_OUTBOX_SENDER_STOPPED);
  g_cancellable_cancel (self->cancellable);
}

/**
 * pk_outbox_sender_wake:
 *
 * Looks at the queue now instead of waiting out the backoff (the operator's "retry now",
 * or new work). Also leaves the needs-login state, to find out whether the session is back.
 */
void
pk_outbox_sender_wake (PkOutboxSender *self)
{
  g_return_if_fail (PK_IS_OUTBOX_SENDER (self));

  if (self->status == PK_OUTBOX_SENDER_STOPPED)
    return;
  if (self->status == PK_OUTBOX_SENDER_NEEDS_LOGIN || self->status == PK_OUTBOX_SENDER_BACKING_OFF)
    pk_outbox_sender_update_status (self, PK_OUTBOX_SENDER_IDLE);
  pk_outbox_sender_stop_holding (self);
  pk_outbox_sender_fill (self);
}
