/* pk-page-context.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-enum-types.h"
#include "pk-page-context.h"

/* What every page of the window works with, made once by the window and handed to each page
 * as its "context" property: a page fetches none of it itself, so a new page is a template
 * and its own logic. Journal, outbox and trust list are optional (a tool or a test may make a
 * page without them); the printer is made on first use, as the pages made theirs. */

struct _PkPageContext
{
  GObject      parent_instance;

  PkApiClient *client;
  PkSettings  *settings;
  PkJournal   *journal;
  PkOutbox    *outbox;
  PkTrustList *trust_list;
  PkPrinter   *printer;
  PkLanguage   language;
};

G_DEFINE_FINAL_TYPE (PkPageContext, pk_page_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_SETTINGS,
  PROP_LANGUAGE,
  PROP_JOURNAL,
  PROP_OUTBOX,
  PROP_TRUST_LIST,
  PROP_PRINTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pk_page_context_dispose (GObject *object)
{
  PkPageContext *self = PK_PAGE_CONTEXT (object);

  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_object (&self->journal);
  g_clear_object (&self->outbox);
  g_clear_object (&self->trust_list);
  g_clear_object (&self->printer);

  G_OBJECT_CLASS (pk_page_context_parent_class)->dispose (object);
}

static void
pk_page_context_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PkPageContext *self = PK_PAGE_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, pk_page_context_get_client (self));
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, pk_page_context_get_settings (self));
      break;
    case PROP_LANGUAGE:
      g_value_set_enum (value, pk_page_context_get_language (self));
      break;
    case PROP_JOURNAL:
      g_value_set_object (value, pk_page_context_get_journal (self));
      break;
    case PROP_OUTBOX:
      g_value_set_object (value, pk_page_context_get_outbox (self));
      break;
    case PROP_TRUST_LIST:
      g_value_set_object (value, pk_page_context_get_trust_list (self));
      break;
    case PROP_PRINTER:
      g_value_set_object (value, self->printer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_page_context_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PkPageContext *self = PK_PAGE_CONTEXT (object);

  /* All construct-only: a page reads them once, when it is made. */
  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_LANGUAGE:
      self->language = g_value_get_enum (value);
      break;
    case PROP_JOURNAL:
      self->journal = g_value_dup_object (value);
      break;
    case PROP_OUTBOX:
      self->outbox = g_value_dup_object (value);
      break;
    case PROP_TRUST_LIST:
      self->trust_list = g_value_dup_object (value);
      break;
    case PROP_PRINTER:
      self->printer = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_page_context_class_init (PkPageContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                            G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pk_page_context_dispose;
  object_class->get_property = pk_page_context_get_property;
  object_class->set_property = pk_page_context_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, PK_TYPE_API_CLIENT, flags);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, PK_TYPE_SETTINGS, flags);
  properties[PROP_LANGUAGE] =
    g_param_spec_enum ("language", NULL, NULL, PK_TYPE_LANGUAGE, PK_LANGUAGE_PERSIAN, flags);
  properties[PROP_JOURNAL] =
    g_param_spec_object ("journal", NULL, NULL, PK_TYPE_JOURNAL, flags);
  properties[PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, PK_TYPE_OUTBOX, flags);
  properties[PROP_TRUST_LIST] =
    g_param_spec_object ("trust-list", NULL, NULL, PK_TYPE_TRUST_LIST, flags);
  properties[PROP_PRINTER] =
    g_param_spec_object ("printer", NULL, NULL, PK_TYPE_PRINTER, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pk_page_context_init (PkPageContext *self)
{
}

/**
 * pk_page_context_new:
 *
 * The context of a page with neither journal, outbox nor trust list; the window sets those
 * with g_object_new().
 */
PkPageContext *
pk_page_context_new (PkApiClient *client,
                     PkSettings  *settings,
                     PkLanguage   language)
{
  g_return_val_if_fail (PK_IS_API_CLIENT (client), NULL);
  g_return_val_if_fail (settings == NULL || PK_IS_SETTINGS (settings), NULL);

  return g_object_new (PK_TYPE_PAGE_CONTEXT,
                       "client", client,
                       "settings", settings,
                       "language", language,
                       NULL);
}

PkApiClient *
pk_page_context_get_client (PkPageContext *self)
{
  g_return_val_if_fail (PK_IS_PAGE_CONTEXT (self), NULL);
  return self->client;
}

PkSettings *
pk_page_context_get_settings (PkPageContext *self)
{
  g_return_val_if_fail (PK_IS_PAGE_CONTEXT (self), NULL);
  return self->settings;
}

PkLanguage
pk_page_context_get_language (PkPageContext *self)
{
  g_return_val_if_fail (PK_IS_PAGE_CONTEXT (self), PK_LANGUAGE_PERSIAN);
  return self->language;
}

/**
 * pk_page_context_get_journal:
 *
 * Returns: (transfer none) (nullable): where printed documents are recorded
 */
PkJournal *
pk_page_context_get_journal (PkPageContext *self)
{
  g_return_val_if_fail (PK_IS_PAGE_CONTEXT (self), NULL);
  return self->journal;
}

/**
 * pk_page_context_get_outbox:
 *
 * Returns: (transfer none) (nullable): where applications wait to be sent
 */
PkOutbox *
pk_page_context_get_outbox (PkPageContext *self)
{
  g_return_val_if_fail (PK_IS_PAGE_CONTEXT (self), NULL);
  return self->outbox;
}

/**
 * pk_page_context_get_trust_list:
 *
 * Returns: (transfer none) (nullable): the keys permits are verified with
 */
PkTrustList *
pk_page_context_get_trust_list (PkPageContext *self)
{
  g_return_val_if_fail (PK_IS_PAGE_CONTEXT (self), NULL);
  return self->trust_list;
}

/**
 * pk_page_context_get_printer:
 *
 * Returns: (transfer none): the printer every page prints through, made on first use
 */
PkPrinter *
pk_page_context_get_printer (PkPageContext *self)
{
  g_return_val_if_fail (PK_IS_PAGE_CONTEXT (self), NULL);

  if (self->printer == NULL)
    self->printer = pk_printer_new ();
  return self->printer;
}
