/* pk-api-inquiry.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-api-inquiry.h"

static void
fee_input_clear (gpointer data)
{
  PkApiFeeInput *input = data;

  g_free (input->name);
}

G_DEFINE_BOXED_TYPE (PkApiInquiry, pk_api_inquiry, pk_api_inquiry_ref, pk_api_inquiry_unref)

PkApiInquiry *
pk_api_inquiry_new (void)
{
  PkApiInquiry *self = g_atomic_rc_box_new0 (PkApiInquiry);
  self->fee_items = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_fee_item_free);
  return self;
}

PkApiInquiry *
pk_api_inquiry_ref (PkApiInquiry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
pk_api_inquiry_clear (gpointer data)
{
  PkApiInquiry *self = data;

  g_free (self->inquiry_id);
  g_free (self->tracking_code);
  g_free (self->renovation_code);
  g_free (self->service_code);
  g_free (self->rulebook_version);
  g_clear_pointer (&self->issued_at, g_date_time_unref);
  g_clear_pointer (&self->valid_until, g_date_time_unref);
  g_free (self->rules.zone);
  g_free (self->rules.land_use);
  g_clear_pointer (&self->fee_items, g_ptr_array_unref);
}

void
pk_api_inquiry_unref (PkApiInquiry *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, pk_api_inquiry_clear);
}

PkApiFeeItem *
pk_api_fee_item_new (void)
{
  PkApiFeeItem *item = g_new0 (PkApiFeeItem, 1);

  item->inputs = g_array_new (FALSE, TRUE, sizeof (PkApiFeeInput));
  g_array_set_clear_func (item->inputs, fee_input_clear);
  return item;
}

void
pk_api_fee_item_free (PkApiFeeItem *item)
{
  if (item == NULL)
    return;
  g_free (item->code);
  g_free (item->title_fa);
  g_free (item->title_en);
  g_free (item->formula);
  g_clear_pointer (&item->inputs, g_array_unref);
  g_free (item);
}

/**
 * pk_api_fee_item_get_input:
 * @value: (out) (optional)
 *
 * Returns: whether the fee's formula has an input called @name.
 */
gboolean
pk_api_fee_item_get_input (PkApiFeeItem *item,
                           const char   *name,
                           double       *value)
{
  g_return_val_if_fail (item != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < item->inputs->len; i++)
    {
      PkApiFeeInput *input = &g_array_index (item->inputs, PkApiFeeInput, i);

      if (g_strcmp0 (input->name, name) == 0)
        {
          if (value)
            *value = input->value;
          return TRUE;
        }
    }
  return FALSE;
}
