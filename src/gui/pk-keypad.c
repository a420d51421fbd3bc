/* pk-keypad.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pk-enum-types.h"
#include "pk-format.h"
#include "pk-keypad.h"

/* An on-screen keypad for codes and IDs on touch-only kiosks. It types into its target
 * editable as a keyboard would; the target's own validation does the rest. */
struct _PkKeypad
{
  GtkWidget    parent_instance;

  /* template widgets */
  GtkGrid     *grid;

  /* borrowed */
  GtkEditable *target;

  PkLanguage   language;
};

G_DEFINE_FINAL_TYPE (PkKeypad, pk_keypad, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TARGET,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
insert_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PkKeypad *self = PK_KEYPAD (widget);
  g_autofree char *text = NULL;
  int position;

  if (self->target == NULL)
    return;

  text = pk_format_digits (g_variant_get_string (parameter, NULL), self->language);
  position = gtk_editable_get_position (self->target);
  gtk_editable_delete_selection (self->target);
  position = gtk_editable_get_position (self->target);
  gtk_editable_insert_text (self->target, text, -1, &position);
  gtk_editable_set_position (self->target, position);
}

static void
backspace_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PkKeypad *self = PK_KEYPAD (widget);
  int start, end;

  if (self->target == NULL)
    return;

  if (gtk_editable_get_selection_bounds (self->target, &start, &end))
    gtk_editable_delete_selection (self->target);
  else
    {
      end = gtk_editable_get_position (self->target);
      if (end > 0)
        gtk_editable_delete_text (self->target, end - 1, end);
    }
}

static void
clear_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PkKeypad *self = PK_KEYPAD (widget);

  if (self->target != NULL)
    gtk_editable_set_text (self->target, "");
}

/* Digit buttons show the digits of the UI language. */
static void
update_labels (PkKeypad *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->grid)); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (child));

      if (target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE_STRING))
        {
          g_autofree char *label = pk_format_digits (g_variant_get_string (target, NULL),
                                                     self->language);
          gtk_button_set_label (GTK_BUTTON (child), label);
        }
    }
}

static void
update_sensitivity (PkKeypad *self)
{
  gboolean enabled = self->target != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "keypad.insert", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "keypad.backspace", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "keypad.clear", enabled);
}

static void
target_destroyed (gpointer  data,
                  GObject  *where_the_object_was)
{
  PkKeypad *self = data;

  self->target = NULL;
  update_sensitivity (self);
}

static void
pk_keypad_dispose (GObject *object)
{
  PkKeypad *self = PK_KEYPAD (object);

  pk_keypad_set_target (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PK_TYPE_KEYPAD);
  G_OBJECT_CLASS (pk_keypad_parent_class)->dispose (object);
}

static void
pk_keypad_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PkKeypad *self = PK_KEYPAD (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;
    case PROP_LANGUAGE:
      g_value_set_enum (value, self->language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_keypad_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PkKeypad *self = PK_KEYPAD (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      pk_keypad_set_target (self, g_value_get_object (value));
      break;
    case PROP_LANGUAGE:
      pk_keypad_set_language (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_keypad_class_init (PkKeypadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pk_keypad_dispose;
  object_class->get_property = pk_keypad_get_property;
  object_class->set_property = pk_keypad_set_property;

  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, NULL, GTK_TYPE_EDITABLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_enum ("language", NULL, NULL, PK_TYPE_LANGUAGE, PK_LANGUAGE_PERSIAN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "keypad.insert", "s", insert_activated);
  gtk_widget_class_install_action (widget_class, "keypad.backspace", NULL, backspace_activated);
  gtk_widget_class_install_action (widget_class, "keypad.clear", NULL, clear_activated);

  gtk_widget_class_set_template_from_resource (widget_class, PK_RESOURCE_PATH "/pk-keypad.ui");
  gtk_widget_class_bind_template_child (widget_class, PkKeypad, grid);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pkkeypad");
}

static void
pk_keypad_init (PkKeypad *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A keypad keeps its phone layout (7 8 9 on top, left to right) in Persian too. */
  gtk_widget_set_direction (GTK_WIDGET (self->grid), GTK_TEXT_DIR_LTR);
  update_labels (self);
  update_sensitivity (self);
}

GtkWidget *
pk_keypad_new (void)
{
  return g_object_new (PK_TYPE_KEYPAD, NULL);
}

GtkEditable *
pk_keypad_get_target (PkKeypad *self)
{
  g_return_val_if_fail (PK_IS_KEYPAD (self), NULL);
  return self->target;
}

/**
 * pk_keypad_set_target:
 * @target: (nullable): the editable the keys type into; not referenced
 */
void
pk_keypad_set_target (PkKeypad    *self,
                      GtkEditable *target)
{
  g_return_if_fail (PK_IS_KEYPAD (self));
  g_return_if_fail (target == NULL || GTK_IS_EDITABLE (target));

  if (self->target == target)
    return;
  if (self->target)
    g_object_weak_unref (G_OBJECT (self->target), target_destroyed, self);
  self->target = target;
  if (self->target)
    g_object_weak_ref (G_OBJECT (self->target), target_destroyed, self);
  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

PkLanguage
pk_keypad_get_language (PkKeypad *self)
{
  g_return_val_if_fail (PK_IS_KEYPAD (self), PK_LANGUAGE_PERSIAN);
  return self->language;
}

void
pk_keypad_set_language (PkKeypad   *self,
                        PkLanguage  language)
{
  g_return_if_fail (PK_IS_KEYPAD (self));

  if (self->language == language)
    return;
  self->language = language;
  update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}
