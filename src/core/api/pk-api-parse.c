/* pk-api-parse.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pk-api-error.h"
#include "pk-api-parse.h"

/* Every reader below takes the parse state and does nothing once a failure is recorded, so a
 * parser is a straight list of reads followed by one check at the end; the first problem wins
 * and names its member. */
typedef struct
{
  GError *error;
} Parse;

static void
fail (Parse      *p,
      const char *where,
      const char *name,
      const char *problem)
{
  if (p->error == NULL)
    p->error = g_error_new (PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY,
                            "Malformed reply: %s%s%s %s", where, name ? "." : "",
                            name ? name : "", problem);
}

static gboolean
finish (Parse   *p,
        GError **error)
{
  if (p->error == NULL)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&p->error));
  return FALSE;
}

/* Returns: (nullable): the member, or NULL when absent or JSON null (a failure if required). */
static JsonNode *
member (Parse      *p,
        JsonObject *o,
        const char *where,
        const char *name,
        gboolean    required)
{
  JsonNode *node;

  if (p->error != NULL || o == NULL)
    return NULL;
  node = json_object_get_member (o, name);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        fail (p, where, name, "is missing");
      return NULL;
    }
  return node;
}

static const char *
peek_str (Parse      *p,
          JsonObject *o,
          const char *where,
          const char *name,
          gboolean    required)
{
  JsonNode *node = member (p, o, where, name, required);
  const char *s;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      fail (p, where, name, "is not a string");
      return NULL;
    }
  s = json_node_get_string (node);
  if (s == NULL || !g_utf8_validate (s, -1, NULL))
    {
      fail (p, where, name, "is not valid UTF-8");
      return NULL;
    }
  if (required && *s == '\0')
    {
      fail (p, where, name, "is empty");
      return NULL;
    }
  return s;
}

static char *
str (Parse      *p,
     JsonObject *o,
     const char *where,
     const char *name,
     gboolean    required)
{
  return g_strdup (peek_str (p, o, where, name, required));
}

static gboolean
node_to_int64 (JsonNode *node,
               gint64   *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      /* 12.0 is an integer; beyond 2^53 a double no longer counts exactly. */
      if (isfinite (d) && d == floor (d) && fabs (d) <= 9007199254740992.0)
        {
          *out = (gint64) d;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
node_to_double (JsonNode *node,
                double   *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*out);
}

static gint64
int64 (Parse      *p,
       JsonObject *o,
       const char *where,
       const char *name,
       gboolean    required)
{
  JsonNode *node = member (p, o, where, name, required);
  gint64 v = 0;

  if (node != NULL && !node_to_int64 (node, &v))
    fail (p, where, name, "is not an integer");
  return v;
}

static guint
uint_member (Parse      *p,
             JsonObject *o,
             const char *where,
             const char *name,
             gboolean    required)
{
  gint64 v = int64 (p, o, where, name, required);

  if (v < 0 || v > G_MAXUINT)
    {
      fail (p, where, name, "is out of range");
      return 0;
    }
  return (guint) v;
}

static double
num (Parse      *p,
     JsonObject *o,
     const char *where,
     const char *name,
     gboolean    required,
     gboolean   *present)
{
  JsonNode *node = member (p, o, where, name, required);
  double v = 0;

  if (present)
    *present = FALSE;
  if (node == NULL)
    return 0;
  if (!node_to_double (node, &v))
    {
      fail (p, where, name, "is not a number");
      return 0;
    }
  if (present)
    *present = TRUE;
  return v;
}

static gboolean
boolean (Parse      *p,
         JsonObject *o,
         const char *where,
         const char *name,
         gboolean    required)
{
  JsonNode *node = member (p, o, where, name, required);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      fail (p, where, name, "is not a boolean");
      return FALSE;
    }
  return json_node_get_boolean (node);
}

static JsonObject *
obj (Parse      *p,
     JsonObject *o,
     const char *where,
     const char *name,
     gboolean    required)
{
  JsonNode *node = member (p, o, where, name, required);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (p, where, name, "is not an object");
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
arr (Parse      *p,
     JsonObject *o,
     const char *where,
     const char *name,
     gboolean    required)
{
  JsonNode *node = member (p, o, where, name, required);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (p, where, name, "is not an array");
      return NULL;
    }
  return json_node_get_array (node);
}

static GDateTime *
timestamp (Parse      *p,
           JsonObject *o,
           const char *where,
           const char *name,
           gboolean    required)
{
  const char *s = peek_str (p, o, where, name, required);
  GDateTime *dt;

  if (s == NULL)
    return NULL;
  /* No default zone: a time without an offset is not RFC 3339. */
  dt = g_date_time_new_from_iso8601 (s, NULL);
  if (dt == NULL)
    fail (p, where, name, "is not an RFC 3339 time");
  return dt;
}

/* Identifiers are strings; an integer is taken too, so a server using numeric ids still works. */
static char *
id (Parse      *p,
    JsonObject *o,
    const char *where,
    const char *name,
    gboolean    required)
{
  JsonNode *node = member (p, o, where, name, required);
  gint64 v;

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      v = json_node_get_int (node);
      return g_strdup_printf ("%" G_GINT64_FORMAT, v);
    }
  return str (p, o, where, name, required);
}

static char **
strv (Parse      *p,
      JsonObject *o,
      const char *where,
      const char *name,
      gboolean    required)
{
  JsonArray *a = arr (p, o, where, name, required);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; a != NULL && i < json_array_get_length (a) && p->error == NULL; i++)
    {
      JsonNode *node = json_array_get_element (a, i);
      const char *s;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
          || (s = json_node_get_string (node)) == NULL || !g_utf8_validate (s, -1, NULL))
        fail (p, where, name, "has an item that is not a string");
      else
        g_strv_builder_add (builder, s);
    }
  return g_strv_builder_end (builder);
}

static JsonObject *
root (Parse      *p,
      JsonNode   *node,
      const char *where)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (p, where, NULL, "is not an object");
      return NULL;
    }
  return json_node_get_object (node);
}

/* Calls @parse_item on each object of the array @name, appending what it returns to @out. */
static void
each_object (Parse      *p,
             JsonObject *o,
             const char *where,
             const char *name,
             gboolean    required,
             gpointer  (*parse_item) (Parse *, JsonObject *),
             GPtrArray  *out)
{
  JsonArray *a = arr (p, o, where, name, required);

  for (guint i = 0; a != NULL && i < json_array_get_length (a) && p->error == NULL; i++)
    {
      JsonNode *node = json_array_get_element (a, i);
      gpointer item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (p, where, name, "has an item that is not an object");
          return;
        }
      item = parse_item (p, json_node_get_object (node));
      if (item != NULL)
        g_ptr_array_add (out, item);
    }
}

/* json-glib recurses once per nesting level and stops reading after the first value; this
 * bounds the nesting and refuses anything but white space after a top-level container. */
static gboolean
structure_ok (const char *data,
              gsize       len)
{
  guint depth = 0;
  gboolean in_string = FALSE, escaped = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > PK_API_PARSE_MAX_DEPTH)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0 && --depth == 0)
        {
          for (i++; i < len; i++)
            if (!g_ascii_isspace (data[i]))
              return FALSE;
          return TRUE;
        }
    }
  return TRUE;
}

/**
 * pk_api_parse_json:
 * @body: a reply body
 *
 * Returns: (transfer full): the root node of @body, which must be valid UTF-8 JSON without
 *   NUL bytes and nested at most %PK_API_PARSE_MAX_DEPTH deep.
 */
JsonNode *
pk_api_parse_json (GBytes  *body,
                   GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *copy = NULL;
  const char *data;
  gsize len;
  JsonNode *node;

  g_return_val_if_fail (body != NULL, NULL);

  data = g_bytes_get_data (body, &len);
  if (len == 0 || len > G_MAXSSIZE - 1)
    {
      g_set_error_literal (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY,
                           "Malformed reply: empty body");
      return NULL;
    }
  if (!g_utf8_validate (data, (gssize) len, NULL))
    {
      g_set_error_literal (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY,
                           "Malformed reply: not UTF-8 text");
      return NULL;
    }
  if (!structure_ok (data, len))
    {
      g_set_error_literal (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY,
                           "Malformed reply: nested too deep or trailing data");
      return NULL;
    }

  /* json-glib's scanner is happiest with a terminated buffer; a GBytes is not one. */
  copy = g_malloc (len + 1);
  memcpy (copy, data, len);
  copy[len] = '\0';

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, copy, (gssize) len, &local_error))
    {
      g_set_error (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY,
                   "Malformed reply: %s", local_error->message);
      return NULL;
    }
  node = json_parser_steal_root (parser);
  if (node == NULL)
    {
      g_set_error_literal (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY,
                           "Malformed reply: no JSON value");
      return NULL;
    }
  return node;
}

/* POST /sessions */
PkApiSession *
pk_api_parse_session (JsonNode  *node,
                      GError   **error)
{
  Parse p = { NULL };
  g_autoptr(PkApiSession) session = pk_api_session_new ();
  JsonObject *o = root (&p, node, "session");
  JsonObject *user, *office;
  const char *role;

  session->token = str (&p, o, "session", "token", TRUE);
  session->expires_at = timestamp (&p, o, "session", "expires_at", TRUE);
  role = peek_str (&p, o, "session", "role", TRUE);
  session->role = pk_api_role_from_string (role);
  /* A role this client does not know cannot be given any rights: refuse it. */
  if (role != NULL && session->role == PK_API_ROLE_UNKNOWN)
    fail (&p, "session", "role", "is not a known role");
  user = obj (&p, o, "session", "user", TRUE);
  session->username = str (&p, user, "session.user", "username", TRUE);
  session->display_name = str (&p, user, "session.user", "display_name", FALSE);
  office = obj (&p, o, "session", "office", TRUE);
  session->office_code = str (&p, office, "session.office", "code", TRUE);
  session->office_name = str (&p, office, "session.office", "name", FALSE);
  session->office_city = str (&p, office, "session.office", "city", FALSE);
  session->server_time = timestamp (&p, o, "session", "server_time", FALSE);

  return finish (&p, error) ? g_steal_pointer (&session) : NULL;
}

static gpointer
parse_choice (Parse      *p,
              JsonObject *o)
{
  g_autoptr(PkApiChoice) choice = pk_api_choice_new ();

  choice->value = id (p, o, "choice", "value", TRUE);
  choice->label_fa = str (p, o, "choice", "label_fa", TRUE);
  choice->label_en = str (p, o, "choice", "label_en", FALSE);
  return p->error ? NULL : g_steal_pointer (&choice);
}

static gpointer
parse_field (Parse      *p,
             JsonObject *o)
{
  g_autoptr(PkApiFormField) field = pk_api_form_field_new ();

  field->name = str (p, o, "field", "name", TRUE);
  field->type_name = str (p, o, "field", "type", TRUE);
  field->type = pk_api_field_type_from_string (field->type_name);
  field->label_fa = str (p, o, "field", "label_fa", TRUE);
  field->label_en = str (p, o, "field", "label_en", FALSE);
  field->required = boolean (p, o, "field", "required", FALSE);
  field->unit = str (p, o, "field", "unit", FALSE);
  field->min = num (p, o, "field", "min", FALSE, &field->has_min);
  field->max = num (p, o, "field", "max", FALSE, &field->has_max);
  field->max_length = uint_member (p, o, "field", "max_length", FALSE);
  field->pattern = str (p, o, "field", "pattern", FALSE);
  each_object (p, o, "field", "choices", FALSE, parse_choice, field->choices);
  /* Recursion is bounded by PK_API_PARSE_MAX_DEPTH. */
  each_object (p, o, "field", "fields", FALSE, parse_field, field->fields);
  field->min_items = uint_member (p, o, "field", "min_items", FALSE);
  field->max_items = uint_member (p, o, "field", "max_items", FALSE);
  if (field->type == PK_API_FIELD_TYPE_GROUP && p->error == NULL && field->fields->len == 0)
    fail (p, "field", "fields", "is missing for a group");
  return p->error ? NULL : g_steal_pointer (&field);
}

static gpointer
parse_document_spec (Parse      *p,
                     JsonObject *o)
{
  g_autoptr(PkApiDocumentSpec) spec = pk_api_document_spec_new ();

  spec->code = str (p, o, "document", "code", TRUE);
  spec->title_fa = str (p, o, "document", "title_fa", TRUE);
  spec->title_en = str (p, o, "document", "title_en", FALSE);
  spec->required = boolean (p, o, "document", "required", FALSE);
  g_strfreev (spec->types);
  spec->types = strv (p, o, "document", "types", TRUE);
  spec->max_bytes = int64 (p, o, "document", "max_bytes", FALSE);
  return p->error ? NULL : g_steal_pointer (&spec);
}

static gpointer
parse_service_object (Parse      *p,
                      JsonObject *o)
{
  g_autoptr(PkApiService) service = pk_api_service_new ();
  JsonObject *form;

  service->code = str (p, o, "service", "code", TRUE);
  service->kind_name = str (p, o, "service", "kind", TRUE);
  service->kind = pk_api_service_kind_from_string (service->kind_name);
  service->title_fa = str (p, o, "service", "title_fa", TRUE);
  service->title_en = str (p, o, "service", "title_en", FALSE);
  service->description_fa = str (p, o, "service", "description_fa", FALSE);
  service->fee_formula = str (p, o, "service", "fee_formula", FALSE);
  form = obj (p, o, "service", "form", TRUE);
  each_object (p, form, "service.form", "fields", TRUE, parse_field, service->fields);
  each_object (p, o, "service", "documents", FALSE, parse_document_spec, service->documents);
  return p->error ? NULL : g_steal_pointer (&service);
}

PkApiService *
pk_api_parse_service (JsonNode  *node,
                      GError   **error)
{
  Parse p = { NULL };
  JsonObject *o = root (&p, node, "service");
  PkApiService *service = o ? parse_service_object (&p, o) : NULL;

  if (!finish (&p, error))
    {
      g_clear_pointer (&service, pk_api_service_unref);
      return NULL;
    }
  return service;
}

/* GET /services */
PkApiCatalogue *
pk_api_parse_catalogue (JsonNode  *node,
                        GError   **error)
{
  Parse p = { NULL };
  g_autoptr(PkApiCatalogue) catalogue = pk_api_catalogue_new ();
  JsonObject *o = root (&p, node, "catalogue");

  catalogue->rulebook_version = str (&p, o, "catalogue", "rulebook_version", TRUE);
  each_object (&p, o, "catalogue", "items", TRUE, parse_service_object, catalogue->services);

  return finish (&p, error) ? g_steal_pointer (&catalogue) : NULL;
}

static gpointer
parse_owner (Parse      *p,
             JsonObject *o)
{
  g_autoptr(PkApiOwner) owner = pk_api_owner_new ();

  owner->name = str (p, o, "owner", "name", TRUE);
  owner->national_id_masked = str (p, o, "owner", "national_id_masked", FALSE);
  owner->share_percent = num (p, o, "owner", "share_percent", FALSE, NULL);
  return p->error ? NULL : g_steal_pointer (&owner);
}

static void
parse_polygon (Parse      *p,
               JsonObject *o,
               GArray     *out)
{
  JsonObject *geometry = obj (p, o, "parcel", "geometry", TRUE);
  const char *type = peek_str (p, geometry, "parcel.geometry", "type", TRUE);
  JsonArray *rings = arr (p, geometry, "parcel.geometry", "coordinates", TRUE);
  JsonNode *ring_node;
  JsonArray *ring;

  if (p->error != NULL)
    return;
  if (!g_str_equal (type, "Polygon"))
    {
      fail (p, "parcel.geometry", "type", "is not Polygon");
      return;
    }
  if (json_array_get_length (rings) == 0)
    {
      fail (p, "parcel.geometry", "coordinates", "has no ring");
      return;
    }
  ring_node = json_array_get_element (rings, 0);
  if (!JSON_NODE_HOLDS_ARRAY (ring_node))
    {
      fail (p, "parcel.geometry", "coordinates", "has a ring that is not an array");
      return;
    }
  ring = json_node_get_array (ring_node);
  for (guint i = 0; i < json_array_get_length (ring); i++)
    {
      JsonNode *vertex = json_array_get_element (ring, i);
      JsonArray *xy;
      PkApiPoint point;

      if (!JSON_NODE_HOLDS_ARRAY (vertex)
          || json_array_get_length (xy = json_node_get_array (vertex)) < 2
          || !node_to_double (json_array_get_element (xy, 0), &point.x)
          || !node_to_double (json_array_get_element (xy, 1), &point.y))
        {
          fail (p, "parcel.geometry", "coordinates", "has a vertex that is not [x, y]");
          return;
        }
      g_array_append_val (out, point);
    }
  if (out->len < 4)
    fail (p, "parcel.geometry", "coordinates", "has a ring of fewer than 4 vertices");
}

static gpointer
parse_parcel_object (Parse      *p,
                     JsonObject *o)
{
  g_autoptr(PkApiParcel) parcel = pk_api_parcel_new ();
  JsonObject *plate;

  parcel->renovation_code = str (p, o, "parcel", "renovation_code", TRUE);
  plate = obj (p, o, "parcel", "registration_plate", TRUE);
  parcel->plate.section = int64 (p, plate, "parcel.registration_plate", "section", TRUE);
  parcel->plate.main = int64 (p, plate, "parcel.registration_plate", "main", TRUE);
  parcel->plate.sub = int64 (p, plate, "parcel.registration_plate", "sub", TRUE);
  parcel->postal_code = str (p, o, "parcel", "postal_code", TRUE);
  parcel->address_fa = str (p, o, "parcel", "address_fa", TRUE);
  parcel->district = int64 (p, o, "parcel", "district", TRUE);
  parcel->block = int64 (p, o, "parcel", "block", TRUE);
  parcel->area_m2 = num (p, o, "parcel", "area_m2", TRUE, NULL);
  parcel->frontage_m = num (p, o, "parcel", "frontage_m", TRUE, NULL);
  parcel->passage_width_m = num (p, o, "parcel", "passage_width_m", TRUE, NULL);
  parcel->zone = str (p, o, "parcel", "zone", TRUE);
  parcel->land_use = str (p, o, "parcel", "land_use", TRUE);
  each_object (p, o, "parcel", "owners", TRUE, parse_owner, parcel->owners);
  parse_polygon (p, o, parcel->polygon);
  return p->error ? NULL : g_steal_pointer (&parcel);
}

/* GET /parcels/{renovation_code} */
PkApiParcel *
pk_api_parse_parcel (JsonNode  *node,
                     GError   **error)
{
  Parse p = { NULL };
  JsonObject *o = root (&p, node, "parcel");
  PkApiParcel *parcel = o ? parse_parcel_object (&p, o) : NULL;

  if (!finish (&p, error))
    {
      g_clear_pointer (&parcel, pk_api_parcel_unref);
      return NULL;
    }
  return parcel;
}

/* GET /parcels?postal_code= */
PkApiParcelPage *
pk_api_parse_parcel_page (JsonNode  *node,
                          GError   **error)
{
  Parse p = { NULL };
  g_autoptr(PkApiParcelPage) page = pk_api_parcel_page_new ();
  JsonObject *o = root (&p, node, "parcels");

  each_object (&p, o, "parcels", "items", TRUE, parse_parcel_object, page->items);
  page->next_cursor = str (&p, o, "parcels", "next_cursor", FALSE);
  if (page->next_cursor != NULL && *page->next_cursor == '\0')
    g_clear_pointer (&page->next_cursor, g_free);

  return finish (&p, error) ? g_steal_pointer (&page) : NULL;
}

static gpointer
parse_fee_item (Parse      *p,
                JsonObject *o)
{
  g_autoptr(PkApiFeeItem) item = pk_api_fee_item_new ();
  JsonObject *inputs;

  item->code = str (p, o, "fee", "code", TRUE);
  item->title_fa = str (p, o, "fee", "title_fa", TRUE);
  item->title_en = str (p, o, "fee", "title_en", FALSE);
  item->formula = str (p, o, "fee", "formula", FALSE);
  inputs = obj (p, o, "fee", "inputs", FALSE);
  if (inputs != NULL && p->error == NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, inputs);
      while (json_object_iter_next (&iter, &name, &value))
        {
          PkApiFeeInput input;

          /* Inputs are numbers; anything else is a newer server's extra and is skipped. */
          if (!node_to_double (value, &input.value) || !g_utf8_validate (name, -1, NULL))
            continue;
          input.name = g_strdup (name);
          g_array_append_val (item->inputs, input);
        }
    }
  item->amount_rial = int64 (p, o, "fee", "amount_rial", TRUE);
  return p->error ? NULL : g_steal_pointer (&item);
}

/* POST /inquiries */
PkApiInquiry *
pk_api_parse_inquiry (JsonNode  *node,
                      GError   **error)
{
  Parse p = { NULL };
  g_autoptr(PkApiInquiry) inquiry = pk_api_inquiry_new ();
  JsonObject *o = root (&p, node, "inquiry");
  JsonObject *rules, *fees;

  inquiry->inquiry_id = id (&p, o, "inquiry", "inquiry_id", TRUE);
  inquiry->tracking_code = str (&p, o, "inquiry", "tracking_code", TRUE);
  inquiry->renovation_code = str (&p, o, "inquiry", "renovation_code", TRUE);
  inquiry->service_code = str (&p, o, "inquiry", "service_code", TRUE);
  inquiry->rulebook_version = str (&p, o, "inquiry", "rulebook_version", TRUE);
  inquiry->issued_at = timestamp (&p, o, "inquiry", "issued_at", TRUE);
  inquiry->valid_until = timestamp (&p, o, "inquiry", "valid_until", TRUE);

  rules = obj (&p, o, "inquiry", "rules", TRUE);
  inquiry->rules.zone = str (&p, rules, "inquiry.rules", "zone", TRUE);
  inquiry->rules.land_use = str (&p, rules, "inquiry.rules", "land_use", TRUE);
  inquiry->rules.density_percent = num (&p, rules, "inquiry.rules", "density_percent", TRUE, NULL);
  inquiry->rules.occupancy_percent = num (&p, rules, "inquiry.rules", "occupancy_percent", TRUE,
                                          NULL);
  inquiry->rules.max_floors = int64 (&p, rules, "inquiry.rules", "max_floors", TRUE);
  inquiry->rules.max_height_m = num (&p, rules, "inquiry.rules", "max_height_m", TRUE, NULL);
  inquiry->rules.setback_front_m = num (&p, rules, "inquiry.rules", "setback_front_m", FALSE,
                                        NULL);
  inquiry->rules.setback_back_m = num (&p, rules, "inquiry.rules", "setback_back_m", FALSE, NULL);
  inquiry->rules.parking_per_unit = num (&p, rules, "inquiry.rules", "parking_per_unit", FALSE,
                                         NULL);
  inquiry->rules.min_plot_area_m2 = num (&p, rules, "inquiry.rules", "min_plot_area_m2", FALSE,
                                         NULL);
  inquiry->rules.max_built_area_m2 = num (&p, rules, "inquiry.rules", "max_built_area_m2", FALSE,
                                          NULL);
  inquiry->fees_are_estimate = boolean (&p, o, "inquiry", "fees_are_estimate", FALSE);

  fees = obj (&p, o, "inquiry", "fees", TRUE);
  each_object (&p, fees, "inquiry.fees", "items", TRUE, parse_fee_item, inquiry->fee_items);
  inquiry->total_rial = int64 (&p, fees, "inquiry.fees", "total_rial", TRUE);

  return finish (&p, error) ? g_steal_pointer (&inquiry) : NULL;
}

/* POST /documents */
PkApiDocument *
pk_api_parse_document (JsonNode  *node,
                       GError   **error)
{
  Parse p = { NULL };
  g_autoptr(PkApiDocument) document = pk_api_document_new ();
  JsonObject *o = root (&p, node, "document");

  document->document_id = id (&p, o, "document", "document_id", TRUE);
  document->sha256 = str (&p, o, "document", "sha256", TRUE);
  document->size = int64 (&p, o, "document", "size", TRUE);
  document->content_type = str (&p, o, "document", "content_type", TRUE);
  document->filename = str (&p, o, "document", "filename", FALSE);
  if (document->size < 0)
    fail (&p, "document", "size", "is negative");

  return finish (&p, error) ? g_steal_pointer (&document) : NULL;
}

/* POST /applications */
PkApiSubmission *
pk_api_parse_submission (JsonNode  *node,
                         GError   **error)
{
  Parse p = { NULL };
  g_autoptr(PkApiSubmission) submission = pk_api_submission_new ();
  JsonObject *o = root (&p, node, "application");
  JsonObject *fees;

  submission->application_id = id (&p, o, "application", "application_id", TRUE);
  submission->tracking_code = str (&p, o, "application", "tracking_code", TRUE);
  submission->status_name = str (&p, o, "application", "status", TRUE);
  submission->status = pk_api_application_status_from_string (submission->status_name);
  submission->submitted_at = timestamp (&p, o, "application", "submitted_at", TRUE);
  fees = obj (&p, o, "application", "fees", TRUE);
  submission->total_rial = int64 (&p, fees, "application.fees", "total_rial", TRUE);
  submission->paid_rial = int64 (&p, fees, "application.fees", "paid_rial", TRUE);
  each_object (&p, fees, "application.fees", "items", FALSE, parse_fee_item,
               submission->fee_items);

  return finish (&p, error) ? g_steal_pointer (&submission) : NULL;
}

static gpointer
parse_timeline_entry (Parse      *p,
                      JsonObject *o)
{
  g_autoptr(PkApiTimelineEntry) entry = pk_api_timeline_entry_new ();

  entry->status_name = str (p, o, "timeline", "status", TRUE);
  entry->status = pk_api_application_status_from_string (entry->status_name);
  entry->at = timestamp (p, o, "timeline", "at", TRUE);
  entry->note_fa = str (p, o, "timeline", "note_fa", FALSE);
  return p->error ? NULL : g_steal_pointer (&entry);
}

/* GET /applications/{tracking_code} */
PkApiApplication *
pk_api_parse_application (JsonNode  *node,
                          GError   **error)
{
  Parse p = { NULL };
  g_autoptr(PkApiApplication) application = pk_api_application_new ();
  JsonObject *o = root (&p, node, "application");
  JsonObject *fees;

  application->application_id = id (&p, o, "application", "application_id", TRUE);
  application->tracking_code = str (&p, o, "application", "tracking_code", TRUE);
  application->service_code = str (&p, o, "application", "service_code", TRUE);
  application->renovation_code = str (&p, o, "application", "renovation_code", TRUE);
  application->status_name = str (&p, o, "application", "status", TRUE);
  application->status = pk_api_application_status_from_string (application->status_name);
  each_object (&p, o, "application", "timeline", TRUE, parse_timeline_entry,
               application->timeline);
  fees = obj (&p, o, "application", "fees", TRUE);
  application->total_rial = int64 (&p, fees, "application.fees", "total_rial", TRUE);
  application->paid_rial = int64 (&p, fees, "application.fees", "paid_rial", TRUE);
  application->permit_no = str (&p, o, "application", "permit_no", FALSE);
  application->submitted_at = timestamp (&p, o, "application", "submitted_at", FALSE);

  return finish (&p, error) ? g_steal_pointer (&application) : NULL;
}

/* POST /applications/{id}/payments */
PkApiPayment *
pk_api_parse_payment (JsonNode  *node,
                      GError   **error)
{
  Parse p = { NULL };
  g_autoptr(PkApiPayment) payment = pk_api_payment_new ();
  JsonObject *o = root (&p, node, "payment");

  payment->payment_id = id (&p, o, "payment", "payment_id", TRUE);
  payment->paid_rial = int64 (&p, o, "payment", "paid_rial", TRUE);
  payment->status_name = str (&p, o, "payment", "status", TRUE);
  payment->status = pk_api_application_status_from_string (payment->status_name);

  return finish (&p, error) ? g_steal_pointer (&payment) : NULL;
}

static JsonNode *
object_copy (Parse      *p,
             JsonObject *o,
             const char *where,
             const char *name,
             gboolean    required)
{
  JsonNode *node = member (p, o, where, name, required);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (p, where, name, "is not an object");
      return NULL;
    }
  return json_node_copy (node);
}

/* GET /permits/{permit_no} */
PkApiPermit *
pk_api_parse_permit (JsonNode  *node,
                     GError   **error)
{
  Parse p = { NULL };
  g_autoptr(PkApiPermit) permit = pk_api_permit_new ();
  JsonObject *o = root (&p, node, "permit");

  permit->permit_no = str (&p, o, "permit", "permit_no", TRUE);
  permit->tracking_code = str (&p, o, "permit", "tracking_code", TRUE);
  permit->renovation_code = str (&p, o, "permit", "renovation_code", TRUE);
  permit->status_name = str (&p, o, "permit", "status", TRUE);
  permit->status = pk_api_permit_status_from_string (permit->status_name);
  permit->issued_at = timestamp (&p, o, "permit", "issued_at", TRUE);
  permit->expires_at = timestamp (&p, o, "permit", "expires_at", TRUE);
  permit->key_id = str (&p, o, "permit", "key_id", TRUE);
  each_object (&p, o, "permit", "owners", TRUE, parse_owner, permit->owners);
  permit->parcel = object_copy (&p, o, "permit", "parcel", TRUE);
  permit->building = object_copy (&p, o, "permit", "building", TRUE);
  permit->fees = object_copy (&p, o, "permit", "fees", TRUE);
  g_strfreev (permit->conditions_fa);
  permit->conditions_fa = strv (&p, o, "permit", "conditions_fa", FALSE);
  permit->rulebook_version = str (&p, o, "permit", "rulebook_version", TRUE);
  permit->qr_payload = str (&p, o, "permit", "qr_payload", TRUE);
  permit->signature = str (&p, o, "permit", "signature", TRUE);
  permit->service_code = str (&p, o, "permit", "service_code", FALSE);
  permit->title_fa = str (&p, o, "permit", "title_fa", FALSE);
  permit->qr_url = str (&p, o, "permit", "qr_url", FALSE);
  if (p.error == NULL)
    {
      JsonObject *building = json_node_get_object (permit->building);
      JsonObject *fees = json_node_get_object (permit->fees);

      permit->floors = int64 (&p, building, "permit.building", "floors", FALSE);
      permit->total_area_m2 = num (&p, building, "permit.building", "total_area_m2", FALSE, NULL);
      permit->units = int64 (&p, building, "permit.building", "units", FALSE);
      permit->total_rial = int64 (&p, fees, "permit.fees", "total_rial", FALSE);
      permit->paid_rial = int64 (&p, fees, "permit.fees", "paid_rial", FALSE);
      each_object (&p, fees, "permit.fees", "items", FALSE, parse_fee_item, permit->fee_items);
    }

  return finish (&p, error) ? g_steal_pointer (&permit) : NULL;
}

/* POST /verify */
PkApiVerification *
pk_api_parse_verification (JsonNode  *node,
                           GError   **error)
{
  Parse p = { NULL };
  g_autoptr(PkApiVerification) verification = pk_api_verification_new ();
  JsonObject *o = root (&p, node, "verification");

  verification->verdict_name = str (&p, o, "verification", "verdict", TRUE);
  verification->verdict = pk_api_verdict_from_string (verification->verdict_name);
  verification->permit = object_copy (&p, o, "verification", "permit", FALSE);
  if (verification->permit != NULL)
    {
      JsonObject *permit = json_node_get_object (verification->permit);

      verification->permit_no = str (&p, permit, "verification.permit", "permit_no", FALSE);
      verification->renovation_code = str (&p, permit, "verification.permit", "renovation_code",
                                           FALSE);
      verification->expires_on = str (&p, permit, "verification.permit", "expires_on", FALSE);
    }

  return finish (&p, error) ? g_steal_pointer (&verification) : NULL;
}

static gpointer
parse_key (Parse      *p,
           JsonObject *o)
{
  g_autoptr(PkApiKey) key = pk_api_key_new ();
  const char *b64;

  key->key_id = str (p, o, "key", "key_id", TRUE);
  key->algorithm = str (p, o, "key", "algorithm", TRUE);
  b64 = peek_str (p, o, "key", "public_key", TRUE);
  if (b64 != NULL)
    {
      gsize len = strlen (b64), out_len = 0;
      guchar *raw;

      /* g_base64_decode() skips what it does not understand; check the alphabet first. */
      if (len % 4 != 0 || strspn (b64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                        "0123456789+/=") != len)
        fail (p, "key", "public_key", "is not base64");
      else
        {
          raw = g_base64_decode (b64, &out_len);
          key->public_key = g_bytes_new_take (raw, out_len);
          if (g_strcmp0 (key->algorithm, "Ed25519") == 0 && out_len != 32)
            fail (p, "key", "public_key", "is not a 32-byte Ed25519 key");
        }
    }
  key->valid_from = timestamp (p, o, "key", "valid_from", TRUE);
  key->valid_until = timestamp (p, o, "key", "valid_until", FALSE);
  return p->error ? NULL : g_steal_pointer (&key);
}

/**
 * pk_api_parse_keys:
 *
 * Returns: (transfer full) (element-type PkApiKey): the trust list of GET /keys.
 */
GPtrArray *
pk_api_parse_keys (JsonNode  *node,
                   GError   **error)
{
  Parse p = { NULL };
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_key_unref);
  JsonObject *o = root (&p, node, "keys");

  each_object (&p, o, "keys", "keys", TRUE, parse_key, keys);

  return finish (&p, error) ? g_steal_pointer (&keys) : NULL;
}

static gpointer
parse_report_item (Parse      *p,
                   JsonObject *o)
{
  g_autoptr(PkApiReportItem) item = pk_api_report_item_new ();

  item->at = timestamp (p, o, "report.items", "at", TRUE);
  item->kind = str (p, o, "report.items", "kind", TRUE);
  item->tracking_code = str (p, o, "report.items", "tracking_code", FALSE);
  item->service_code = str (p, o, "report.items", "service_code", FALSE);
  item->amount_rial = int64 (p, o, "report.items", "amount_rial", FALSE);
  item->operator_name = str (p, o, "report.items", "operator", FALSE);
  return p->error ? NULL : g_steal_pointer (&item);
}

static void
parse_date (Parse      *p,
            JsonObject *o,
            const char *where,
            const char *name,
            GDate      *out)
{
  const char *s = peek_str (p, o, where, name, TRUE);
  guint y, m, d;
  char tail;

  if (s == NULL)
    return;
  if (strlen (s) != 10 || sscanf (s, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3
      || d > 31 || m > 12 || !g_date_valid_dmy (d, m, y))
    {
      fail (p, where, name, "is not a YYYY-MM-DD date");
      return;
    }
  g_date_set_dmy (out, d, m, y);
}

/* GET /reports/daily */
PkApiDailyReport *
pk_api_parse_daily_report (JsonNode  *node,
                           GError   **error)
{
  Parse p = { NULL };
  g_autoptr(PkApiDailyReport) report = pk_api_daily_report_new ();
  JsonObject *o = root (&p, node, "report");

  parse_date (&p, o, "report", "date", &report->date);
  report->office = str (&p, o, "report", "office", TRUE);
  report->inquiries = int64 (&p, o, "report", "inquiries", TRUE);
  report->submissions = int64 (&p, o, "report", "submissions", TRUE);
  report->fees_total_rial = int64 (&p, o, "report", "fees_total_rial", TRUE);
  each_object (&p, o, "report", "items", TRUE, parse_report_item, report->items);

  return finish (&p, error) ? g_steal_pointer (&report) : NULL;
}

/**
 * pk_api_parse_error_reply:
 * @http_status: the reply's status, ≥ 400
 * @body: (nullable): the reply's body
 * @retry_after: the reply's Retry-After in seconds, or 0
 *
 * Reads `{"error": {"code", "message", "fields"}}` as far as it goes: an error reply that
 * does not follow the format (a proxy's HTML page) still maps by its status.
 *
 * Returns: (transfer full): a %PK_API_ERROR, never %NULL
 */
GError *
pk_api_parse_error_reply (guint   http_status,
                          GBytes *body,
                          guint   retry_after)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GHashTable) fields = NULL;
  const char *code = NULL, *message = NULL;

  if (body != NULL && g_bytes_get_size (body) > 0)
    node = pk_api_parse_json (body, NULL);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      Parse p = { NULL };
      JsonObject *error = obj (&p, json_node_get_object (node), "", "error", TRUE);
      JsonObject *field_codes;

      code = peek_str (&p, error, "error", "code", TRUE);
      message = peek_str (&p, error, "error", "message", FALSE);
      field_codes = obj (&p, error, "error", "fields", FALSE);
      if (field_codes != NULL)
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;

          fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          json_object_iter_init (&iter, field_codes);
          while (json_object_iter_next (&iter, &name, &value))
            if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING
                && g_utf8_validate (name, -1, NULL)
                && g_utf8_validate (json_node_get_string (value), -1, NULL))
              g_hash_table_insert (fields, g_strdup (name),
                                   g_strdup (json_node_get_string (value)));
        }
      /* Whatever was read before a problem is used; the problem itself is not an error. */
      g_clear_error (&p.error);
    }
  return pk_api_error_new_from_server (http_status, code, message, fields, retry_after);
}
