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
#include "pk-api-parse-private.h"
#include "pk-api-parse.h"
#include "pk-json-util.h"

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
  /* json-glib recurses once per nesting level: bounded before it sees the text. */
  if (!pk_json_structure_ok (data, len, PK_API_PARSE_MAX_DEPTH))
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
  PkApiReader p = { NULL };
  g_autoptr(PkApiSession) session = pk_api_session_new ();
  JsonObject *o = pk_api_read_root (&p, node, "session");
  JsonObject *user, *office;
  const char *role;

  session->token = pk_api_read_str (&p, o, "session", "token", TRUE);
  session->expires_at = pk_api_read_timestamp (&p, o, "session", "expires_at", TRUE);
  role = pk_api_read_peek_str (&p, o, "session", "role", TRUE);
  session->role = pk_api_role_from_string (role);
  /* A role this client does not know cannot be given any rights: refuse it. */
  if (role != NULL && session->role == PK_API_ROLE_UNKNOWN)
    pk_api_read_fail (&p, "session", "role", "is not a known role");
  user = pk_api_read_obj (&p, o, "session", "user", TRUE);
  session->username = pk_api_read_str (&p, user, "session.user", "username", TRUE);
  session->display_name = pk_api_read_str (&p, user, "session.user", "display_name", FALSE);
  office = pk_api_read_obj (&p, o, "session", "office", TRUE);
  session->office_code = pk_api_read_str (&p, office, "session.office", "code", TRUE);
  session->office_name = pk_api_read_str (&p, office, "session.office", "name", FALSE);
  session->office_city = pk_api_read_str (&p, office, "session.office", "city", FALSE);
  session->server_time = pk_api_read_timestamp (&p, o, "session", "server_time", FALSE);

  return pk_api_read_finish (&p, error) ? g_steal_pointer (&session) : NULL;
}

static gpointer
parse_choice (PkApiReader *p,
              JsonObject  *o)
{
  g_autoptr(PkApiChoice) choice = pk_api_choice_new ();

  choice->value = pk_api_read_id (p, o, "choice", "value", TRUE);
  choice->label_fa = pk_api_read_str (p, o, "choice", "label_fa", TRUE);
  choice->label_en = pk_api_read_str (p, o, "choice", "label_en", FALSE);
  return p->error ? NULL : g_steal_pointer (&choice);
}

static gpointer
parse_field (PkApiReader *p,
             JsonObject  *o)
{
  g_autoptr(PkApiFormField) field = pk_api_form_field_new ();

  field->name = pk_api_read_str (p, o, "field", "name", TRUE);
  field->type_name = pk_api_read_str (p, o, "field", "type", TRUE);
  field->type = pk_api_field_type_from_string (field->type_name);
  field->label_fa = pk_api_read_str (p, o, "field", "label_fa", TRUE);
  field->label_en = pk_api_read_str (p, o, "field", "label_en", FALSE);
  field->required = pk_api_read_boolean (p, o, "field", "required", FALSE);
  field->unit = pk_api_read_str (p, o, "field", "unit", FALSE);
  field->min = pk_api_read_num (p, o, "field", "min", FALSE, &field->has_min);
  field->max = pk_api_read_num (p, o, "field", "max", FALSE, &field->has_max);
  field->max_length = pk_api_read_uint (p, o, "field", "max_length", FALSE);
  field->pattern = pk_api_read_str (p, o, "field", "pattern", FALSE);
  pk_api_read_each_object (p, o, "field", "choices", FALSE, parse_choice, field->choices);
  /* Recursion is bounded by PK_API_PARSE_MAX_DEPTH. */
  pk_api_read_each_object (p, o, "field", "fields", FALSE, parse_field, field->fields);
  field->min_items = pk_api_read_uint (p, o, "field", "min_items", FALSE);
  field->max_items = pk_api_read_uint (p, o, "field", "max_items", FALSE);
  if (field->type == PK_API_FIELD_TYPE_GROUP && p->error == NULL && field->fields->len == 0)
    pk_api_read_fail (p, "field", "fields", "is missing for a group");
  return p->error ? NULL : g_steal_pointer (&field);
}

static gpointer
parse_document_spec (PkApiReader *p,
                     JsonObject  *o)
{
  g_autoptr(PkApiDocumentSpec) spec = pk_api_document_spec_new ();

  spec->code = pk_api_read_str (p, o, "document", "code", TRUE);
  spec->title_fa = pk_api_read_str (p, o, "document", "title_fa", TRUE);
  spec->title_en = pk_api_read_str (p, o, "document", "title_en", FALSE);
  spec->required = pk_api_read_boolean (p, o, "document", "required", FALSE);
  g_strfreev (spec->types);
  spec->types = pk_api_read_strv (p, o, "document", "types", TRUE);
  spec->max_bytes = pk_api_read_int64 (p, o, "document", "max_bytes", FALSE);
  return p->error ? NULL : g_steal_pointer (&spec);
}

static gpointer
parse_service_object (PkApiReader *p,
                      JsonObject  *o)
{
  g_autoptr(PkApiService) service = pk_api_service_new ();
  JsonObject *form;

  service->code = pk_api_read_str (p, o, "service", "code", TRUE);
  service->kind_name = pk_api_read_str (p, o, "service", "kind", TRUE);
  service->kind = pk_api_service_kind_from_string (service->kind_name);
  service->title_fa = pk_api_read_str (p, o, "service", "title_fa", TRUE);
  service->title_en = pk_api_read_str (p, o, "service", "title_en", FALSE);
  service->description_fa = pk_api_read_str (p, o, "service", "description_fa", FALSE);
  service->fee_formula = pk_api_read_str (p, o, "service", "fee_formula", FALSE);
  form = pk_api_read_obj (p, o, "service", "form", TRUE);
  pk_api_read_each_object (p, form, "service.form", "fields", TRUE, parse_field, service->fields);
  pk_api_read_each_object (p, o, "service", "documents", FALSE, parse_document_spec,
                           service->documents);
  return p->error ? NULL : g_steal_pointer (&service);
}

PkApiService *
pk_api_parse_service (JsonNode  *node,
                      GError   **error)
{
  return pk_api_read_reply (node, "service", parse_service_object,
                            (GDestroyNotify) pk_api_service_unref, error);
}

/* GET /services */
PkApiCatalogue *
pk_api_parse_catalogue (JsonNode  *node,
                        GError   **error)
{
  PkApiReader p = { NULL };
  g_autoptr(PkApiCatalogue) catalogue = pk_api_catalogue_new ();
  JsonObject *o = pk_api_read_root (&p, node, "catalogue");

  catalogue->rulebook_version = pk_api_read_str (&p, o, "catalogue", "rulebook_version", TRUE);
  pk_api_read_each_object (&p, o, "catalogue", "items", TRUE, parse_service_object,
                           catalogue->services);

  return pk_api_read_finish (&p, error) ? g_steal_pointer (&catalogue) : NULL;
}

static gpointer
parse_owner (PkApiReader *p,
             JsonObject  *o)
{
  g_autoptr(PkApiOwner) owner = pk_api_owner_new ();

  owner->name = pk_api_read_str (p, o, "owner", "name", TRUE);
  owner->national_id_masked = pk_api_read_str (p, o, "owner", "national_id_masked", FALSE);
  owner->share_percent = pk_api_read_num (p, o, "owner", "share_percent", FALSE, NULL);
  return p->error ? NULL : g_steal_pointer (&owner);
}

static void
parse_polygon (PkApiReader *p,
               JsonObject  *o,
               GArray      *out)
{
  JsonObject *geometry = pk_api_read_obj (p, o, "parcel", "geometry", TRUE);
  const char *type = pk_api_read_peek_str (p, geometry, "parcel.geometry", "type", TRUE);
  JsonArray *rings = pk_api_read_arr (p, geometry, "parcel.geometry", "coordinates", TRUE);
  JsonNode *ring_node;
  JsonArray *ring;

  if (p->error != NULL)
    return;
  if (!g_str_equal (type, "Polygon"))
    {
      pk_api_read_fail (p, "parcel.geometry", "type", "is not Polygon");
      return;
    }
  if (json_array_get_length (rings) == 0)
    {
      pk_api_read_fail (p, "parcel.geometry", "coordinates", "has no ring");
      return;
    }
  ring_node = json_array_get_element (rings, 0);
  if (!JSON_NODE_HOLDS_ARRAY (ring_node))
    {
      pk_api_read_fail (p, "parcel.geometry", "coordinates", "has a ring that is not an array");
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
          || !pk_api_node_to_double (json_array_get_element (xy, 0), &point.x)
          || !pk_api_node_to_double (json_array_get_element (xy, 1), &point.y))
        {
          pk_api_read_fail (p, "parcel.geometry", "coordinates", "has a vertex that is not [x, y]");
          return;
        }
      g_array_append_val (out, point);
    }
  if (out->len < 4)
    pk_api_read_fail (p, "parcel.geometry", "coordinates", "has a ring of fewer than 4 vertices");
}

static gpointer
parse_parcel_object (PkApiReader *p,
                     JsonObject  *o)
{
  g_autoptr(PkApiParcel) parcel = pk_api_parcel_new ();
  JsonObject *plate;

  parcel->renovation_code = pk_api_read_str (p, o, "parcel", "renovation_code", TRUE);
  plate = pk_api_read_obj (p, o, "parcel", "registration_plate", TRUE);
  parcel->plate.section = pk_api_read_int64 (p, plate, "parcel.registration_plate", "section",
                                             TRUE);
  parcel->plate.main = pk_api_read_int64 (p, plate, "parcel.registration_plate", "main", TRUE);
  parcel->plate.sub = pk_api_read_int64 (p, plate, "parcel.registration_plate", "sub", TRUE);
  parcel->postal_code = pk_api_read_str (p, o, "parcel", "postal_code", TRUE);
  parcel->address_fa = pk_api_read_str (p, o, "parcel", "address_fa", TRUE);
  parcel->district = pk_api_read_int64 (p, o, "parcel", "district", TRUE);
  parcel->block = pk_api_read_int64 (p, o, "parcel", "block", TRUE);
  parcel->area_m2 = pk_api_read_num (p, o, "parcel", "area_m2", TRUE, NULL);
  parcel->frontage_m = pk_api_read_num (p, o, "parcel", "frontage_m", TRUE, NULL);
  parcel->passage_width_m = pk_api_read_num (p, o, "parcel", "passage_width_m", TRUE, NULL);
  parcel->zone = pk_api_read_str (p, o, "parcel", "zone", TRUE);
  parcel->land_use = pk_api_read_str (p, o, "parcel", "land_use", TRUE);
  pk_api_read_each_object (p, o, "parcel", "owners", TRUE, parse_owner, parcel->owners);
  parse_polygon (p, o, parcel->polygon);
  return p->error ? NULL : g_steal_pointer (&parcel);
}

/* GET /parcels/{renovation_code} */
PkApiParcel *
pk_api_parse_parcel (JsonNode  *node,
                     GError   **error)
{
  return pk_api_read_reply (node, "parcel", parse_parcel_object,
                            (GDestroyNotify) pk_api_parcel_unref, error);
}

/* GET /parcels?postal_code= */
PkApiParcelPage *
pk_api_parse_parcel_page (JsonNode  *node,
                          GError   **error)
{
  PkApiReader p = { NULL };
  g_autoptr(PkApiParcelPage) page = pk_api_parcel_page_new ();
  JsonObject *o = pk_api_read_root (&p, node, "parcels");

  pk_api_read_each_object (&p, o, "parcels", "items", TRUE, parse_parcel_object, page->items);
  page->next_cursor = pk_api_read_str (&p, o, "parcels", "next_cursor", FALSE);
  if (page->next_cursor != NULL && *page->next_cursor == '\0')
    g_clear_pointer (&page->next_cursor, g_free);

  return pk_api_read_finish (&p, error) ? g_steal_pointer (&page) : NULL;
}

static gpointer
parse_fee_item (PkApiReader *p,
                JsonObject  *o)
{
  g_autoptr(PkApiFeeItem) item = pk_api_fee_item_new ();
  JsonObject *inputs;

  item->code = pk_api_read_str (p, o, "fee", "code", TRUE);
  item->title_fa = pk_api_read_str (p, o, "fee", "title_fa", TRUE);
  item->title_en = pk_api_read_str (p, o, "fee", "title_en", FALSE);
  item->formula = pk_api_read_str (p, o, "fee", "formula", FALSE);
  inputs = pk_api_read_obj (p, o, "fee", "inputs", FALSE);
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
          if (!pk_api_node_to_double (value, &input.value) || !g_utf8_validate (name, -1, NULL))
            continue;
          input.name = g_strdup (name);
          g_array_append_val (item->inputs, input);
        }
    }
  item->amount_rial = pk_api_read_int64 (p, o, "fee", "amount_rial", TRUE);
  return p->error ? NULL : g_steal_pointer (&item);
}

/* POST /inquiries */
PkApiInquiry *
pk_api_parse_inquiry (JsonNode  *node,
                      GError   **error)
{
  PkApiReader p = { NULL };
  g_autoptr(PkApiInquiry) inquiry = pk_api_inquiry_new ();
  JsonObject *o = pk_api_read_root (&p, node, "inquiry");
  JsonObject *rules, *fees;

  inquiry->inquiry_id = pk_api_read_id (&p, o, "inquiry", "inquiry_id", TRUE);
  inquiry->tracking_code = pk_api_read_str (&p, o, "inquiry", "tracking_code", TRUE);
  inquiry->renovation_code = pk_api_read_str (&p, o, "inquiry", "renovation_code", TRUE);
  inquiry->service_code = pk_api_read_str (&p, o, "inquiry", "service_code", TRUE);
  inquiry->rulebook_version = pk_api_read_str (&p, o, "inquiry", "rulebook_version", TRUE);
  inquiry->issued_at = pk_api_read_timestamp (&p, o, "inquiry", "issued_at", TRUE);
  inquiry->valid_until = pk_api_read_timestamp (&p, o, "inquiry", "valid_until", TRUE);

  rules = pk_api_read_obj (&p, o, "inquiry", "rules", TRUE);
  inquiry->rules.zone = pk_api_read_str (&p, rules, "inquiry.rules", "zone", TRUE);
  inquiry->rules.land_use = pk_api_read_str (&p, rules, "inquiry.rules", "land_use", TRUE);
  inquiry->rules.density_percent = pk_api_read_num (&p, rules, "inquiry.rules", "density_percent",
                                                    TRUE, NULL);
  inquiry->rules.occupancy_percent = pk_api_read_num (&p, rules, "inquiry.rules",
                                                      "occupancy_percent", TRUE, NULL);
  inquiry->rules.max_floors = pk_api_read_int64 (&p, rules, "inquiry.rules", "max_floors", TRUE);
  inquiry->rules.max_height_m = pk_api_read_num (&p, rules, "inquiry.rules", "max_height_m", TRUE,
                                                 NULL);
  inquiry->rules.setback_front_m = pk_api_read_num (&p, rules, "inquiry.rules", "setback_front_m",
                                                    FALSE, NULL);
  inquiry->rules.setback_back_m = pk_api_read_num (&p, rules, "inquiry.rules", "setback_back_m",
                                                   FALSE, NULL);
  inquiry->rules.parking_per_unit = pk_api_read_num (&p, rules, "inquiry.rules",
                                                     "parking_per_unit", FALSE, NULL);
  inquiry->rules.min_plot_area_m2 = pk_api_read_num (&p, rules, "inquiry.rules",
                                                     "min_plot_area_m2", FALSE, NULL);
  inquiry->rules.max_built_area_m2 = pk_api_read_num (&p, rules, "inquiry.rules",
                                                      "max_built_area_m2", FALSE, NULL);
  inquiry->fees_are_estimate = pk_api_read_boolean (&p, o, "inquiry", "fees_are_estimate", FALSE);

  fees = pk_api_read_obj (&p, o, "inquiry", "fees", TRUE);
  pk_api_read_each_object (&p, fees, "inquiry.fees", "items", TRUE, parse_fee_item,
                           inquiry->fee_items);
  inquiry->total_rial = pk_api_read_int64 (&p, fees, "inquiry.fees", "total_rial", TRUE);

  return pk_api_read_finish (&p, error) ? g_steal_pointer (&inquiry) : NULL;
}

/* POST /documents */
PkApiDocument *
pk_api_parse_document (JsonNode  *node,
                       GError   **error)
{
  PkApiReader p = { NULL };
  g_autoptr(PkApiDocument) document = pk_api_document_new ();
  JsonObject *o = pk_api_read_root (&p, node, "document");

  document->document_id = pk_api_read_id (&p, o, "document", "document_id", TRUE);
  document->sha256 = pk_api_read_str (&p, o, "document", "sha256", TRUE);
  document->size = pk_api_read_int64 (&p, o, "document", "size", TRUE);
  document->content_type = pk_api_read_str (&p, o, "document", "content_type", TRUE);
  document->filename = pk_api_read_str (&p, o, "document", "filename", FALSE);
  if (document->size < 0)
    pk_api_read_fail (&p, "document", "size", "is negative");

  return pk_api_read_finish (&p, error) ? g_steal_pointer (&document) : NULL;
}

/* POST /applications */
PkApiSubmission *
pk_api_parse_submission (JsonNode  *node,
                         GError   **error)
{
  PkApiReader p = { NULL };
  g_autoptr(PkApiSubmission) submission = pk_api_submission_new ();
  JsonObject *o = pk_api_read_root (&p, node, "application");
  JsonObject *fees;

  submission->application_id = pk_api_read_id (&p, o, "application", "application_id", TRUE);
  submission->tracking_code = pk_api_read_str (&p, o, "application", "tracking_code", TRUE);
  submission->status_name = pk_api_read_str (&p, o, "application", "status", TRUE);
  submission->status = pk_api_application_status_from_string (submission->status_name);
  submission->submitted_at = pk_api_read_timestamp (&p, o, "application", "submitted_at", TRUE);
  fees = pk_api_read_obj (&p, o, "application", "fees", TRUE);
  submission->total_rial = pk_api_read_int64 (&p, fees, "application.fees", "total_rial", TRUE);
  submission->paid_rial = pk_api_read_int64 (&p, fees, "application.fees", "paid_rial", TRUE);
  pk_api_read_each_object (&p, fees, "application.fees", "items", FALSE, parse_fee_item,
                           submission->fee_items);

  return pk_api_read_finish (&p, error) ? g_steal_pointer (&submission) : NULL;
}

static gpointer
parse_timeline_entry (PkApiReader *p,
                      JsonObject  *o)
{
  g_autoptr(PkApiTimelineEntry) entry = pk_api_timeline_entry_new ();

  entry->status_name = pk_api_read_str (p, o, "timeline", "status", TRUE);
  entry->status = pk_api_application_status_from_string (entry->status_name);
  entry->at = pk_api_read_timestamp (p, o, "timeline", "at", TRUE);
  entry->note_fa = pk_api_read_str (p, o, "timeline", "note_fa", FALSE);
  return p->error ? NULL : g_steal_pointer (&entry);
}

/* GET /applications/{tracking_code} */
PkApiApplication *
pk_api_parse_application (JsonNode  *node,
                          GError   **error)
{
  PkApiReader p = { NULL };
  g_autoptr(PkApiApplication) application = pk_api_application_new ();
  JsonObject *o = pk_api_read_root (&p, node, "application");
  JsonObject *fees;

  application->application_id = pk_api_read_id (&p, o, "application", "application_id", TRUE);
  application->tracking_code = pk_api_read_str (&p, o, "application", "tracking_code", TRUE);
  application->service_code = pk_api_read_str (&p, o, "application", "service_code", TRUE);
  application->renovation_code = pk_api_read_str (&p, o, "application", "renovation_code", TRUE);
  application->status_name = pk_api_read_str (&p, o, "application", "status", TRUE);
  application->status = pk_api_application_status_from_string (application->status_name);
  pk_api_read_each_object (&p, o, "application", "timeline", TRUE, parse_timeline_entry,
                           application->timeline);
  fees = pk_api_read_obj (&p, o, "application", "fees", TRUE);
  application->total_rial = pk_api_read_int64 (&p, fees, "application.fees", "total_rial", TRUE);
  application->paid_rial = pk_api_read_int64 (&p, fees, "application.fees", "paid_rial", TRUE);
  application->permit_no = pk_api_read_str (&p, o, "application", "permit_no", FALSE);
  application->submitted_at = pk_api_read_timestamp (&p, o, "application", "submitted_at", FALSE);

  return pk_api_read_finish (&p, error) ? g_steal_pointer (&application) : NULL;
}

/* POST /applications/{id}/payments */
PkApiPayment *
pk_api_parse_payment (JsonNode  *node,
                      GError   **error)
{
  PkApiReader p = { NULL };
  g_autoptr(PkApiPayment) payment = pk_api_payment_new ();
  JsonObject *o = pk_api_read_root (&p, node, "payment");

  payment->payment_id = pk_api_read_id (&p, o, "payment", "payment_id", TRUE);
  payment->paid_rial = pk_api_read_int64 (&p, o, "payment", "paid_rial", TRUE);
  payment->status_name = pk_api_read_str (&p, o, "payment", "status", TRUE);
  payment->status = pk_api_application_status_from_string (payment->status_name);

  return pk_api_read_finish (&p, error) ? g_steal_pointer (&payment) : NULL;
}

static JsonNode *
object_copy (PkApiReader *p,
             JsonObject  *o,
             const char  *where,
             const char  *name,
             gboolean     required)
{
  JsonNode *node = pk_api_read_member (p, o, where, name, required);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      pk_api_read_fail (p, where, name, "is not an object");
      return NULL;
    }
  return json_node_copy (node);
}

/* GET /permits/{permit_no} */
PkApiPermit *
pk_api_parse_permit (JsonNode  *node,
                     GError   **error)
{
  PkApiReader p = { NULL };
  g_autoptr(PkApiPermit) permit = pk_api_permit_new ();
  JsonObject *o = pk_api_read_root (&p, node, "permit");

  permit->permit_no = pk_api_read_str (&p, o, "permit", "permit_no", TRUE);
  permit->tracking_code = pk_api_read_str (&p, o, "permit", "tracking_code", TRUE);
  permit->renovation_code = pk_api_read_str (&p, o, "permit", "renovation_code", TRUE);
  permit->status_name = pk_api_read_str (&p, o, "permit", "status", TRUE);
  permit->status = pk_api_permit_status_from_string (permit->status_name);
  permit->issued_at = pk_api_read_timestamp (&p, o, "permit", "issued_at", TRUE);
  permit->expires_at = pk_api_read_timestamp (&p, o, "permit", "expires_at", TRUE);
  permit->key_id = pk_api_read_str (&p, o, "permit", "key_id", TRUE);
  pk_api_read_each_object (&p, o, "permit", "owners", TRUE, parse_owner, permit->owners);
  permit->parcel = object_copy (&p, o, "permit", "parcel", TRUE);
  permit->building = object_copy (&p, o, "permit", "building", TRUE);
  permit->fees = object_copy (&p, o, "permit", "fees", TRUE);
  g_strfreev (permit->conditions_fa);
  permit->conditions_fa = pk_api_read_strv (&p, o, "permit", "conditions_fa", FALSE);
  permit->rulebook_version = pk_api_read_str (&p, o, "permit", "rulebook_version", TRUE);
  permit->qr_payload = pk_api_read_str (&p, o, "permit", "qr_payload", TRUE);
  permit->signature = pk_api_read_str (&p, o, "permit", "signature", TRUE);
  permit->service_code = pk_api_read_str (&p, o, "permit", "service_code", FALSE);
  permit->title_fa = pk_api_read_str (&p, o, "permit", "title_fa", FALSE);
  permit->qr_url = pk_api_read_str (&p, o, "permit", "qr_url", FALSE);
  if (p.error == NULL)
    {
      JsonObject *building = json_node_get_object (permit->building);
      JsonObject *fees = json_node_get_object (permit->fees);

      permit->floors = pk_api_read_int64 (&p, building, "permit.building", "floors", FALSE);
      permit->total_area_m2 = pk_api_read_num (&p, building, "permit.building", "total_area_m2",
                                               FALSE, NULL);
      permit->units = pk_api_read_int64 (&p, building, "permit.building", "units", FALSE);
      permit->total_rial = pk_api_read_int64 (&p, fees, "permit.fees", "total_rial", FALSE);
      permit->paid_rial = pk_api_read_int64 (&p, fees, "permit.fees", "paid_rial", FALSE);
      pk_api_read_each_object (&p, fees, "permit.fees", "items", FALSE, parse_fee_item,
                               permit->fee_items);
    }

  return pk_api_read_finish (&p, error) ? g_steal_pointer (&permit) : NULL;
}

/* POST /verify */
PkApiVerification *
pk_api_parse_verification (JsonNode  *node,
                           GError   **error)
{
  PkApiReader p = { NULL };
  g_autoptr(PkApiVerification) verification = pk_api_verification_new ();
  JsonObject *o = pk_api_read_root (&p, node, "verification");

  verification->verdict_name = pk_api_read_str (&p, o, "verification", "verdict", TRUE);
  verification->verdict = pk_api_verdict_from_string (verification->verdict_name);
  verification->permit = object_copy (&p, o, "verification", "permit", FALSE);
  if (verification->permit != NULL)
    {
      JsonObject *permit = json_node_get_object (verification->permit);

      verification->permit_no = pk_api_read_str (&p, permit, "verification.permit", "permit_no",
                                                 FALSE);
      verification->renovation_code = pk_api_read_str (&p, permit, "verification.permit",
                                                       "renovation_code", FALSE);
      verification->expires_on = pk_api_read_str (&p, permit, "verification.permit", "expires_on",
                                                  FALSE);
    }

  return pk_api_read_finish (&p, error) ? g_steal_pointer (&verification) : NULL;
}

static gpointer
parse_key (PkApiReader *p,
           JsonObject  *o)
{
  g_autoptr(PkApiKey) key = pk_api_key_new ();
  const char *b64;

  key->key_id = pk_api_read_str (p, o, "key", "key_id", TRUE);
  key->algorithm = pk_api_read_str (p, o, "key", "algorithm", TRUE);
  b64 = pk_api_read_peek_str (p, o, "key", "public_key", TRUE);
  if (b64 != NULL)
    {
      gsize len = strlen (b64), out_len = 0;
      guchar *raw;

      /* g_base64_decode() skips what it does not understand; check the alphabet first. */
      if (len % 4 != 0 || strspn (b64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                        "0123456789+/=") != len)
        pk_api_read_fail (p, "key", "public_key", "is not base64");
      else
        {
          raw = g_base64_decode (b64, &out_len);
          key->public_key = g_bytes_new_take (raw, out_len);
          if (g_strcmp0 (key->algorithm, "Ed25519") == 0 && out_len != 32)
            pk_api_read_fail (p, "key", "public_key", "is not a 32-byte Ed25519 key");
        }
    }
  key->valid_from = pk_api_read_timestamp (p, o, "key", "valid_from", TRUE);
  key->valid_until = pk_api_read_timestamp (p, o, "key", "valid_until", FALSE);
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
  PkApiReader p = { NULL };
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_key_unref);
  JsonObject *o = pk_api_read_root (&p, node, "keys");

  pk_api_read_each_object (&p, o, "keys", "keys", TRUE, parse_key, keys);

  return pk_api_read_finish (&p, error) ? g_steal_pointer (&keys) : NULL;
}

static gpointer
parse_report_item (PkApiReader *p,
                   JsonObject  *o)
{
  g_autoptr(PkApiReportItem) item = pk_api_report_item_new ();

  item->at = pk_api_read_timestamp (p, o, "report.items", "at", TRUE);
  item->kind = pk_api_read_str (p, o, "report.items", "kind", TRUE);
  item->tracking_code = pk_api_read_str (p, o, "report.items", "tracking_code", FALSE);
  item->service_code = pk_api_read_str (p, o, "report.items", "service_code", FALSE);
  item->amount_rial = pk_api_read_int64 (p, o, "report.items", "amount_rial", FALSE);
  item->operator_name = pk_api_read_str (p, o, "report.items", "operator", FALSE);
  return p->error ? NULL : g_steal_pointer (&item);
}

static void
parse_date (PkApiReader *p,
            JsonObject  *o,
            const char  *where,
            const char  *name,
            GDate       *out)
{
  const char *s = pk_api_read_peek_str (p, o, where, name, TRUE);
  guint y, m, d;
  char tail;

  if (s == NULL)
    return;
  if (strlen (s) != 10 || sscanf (s, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3
      || d > 31 || m > 12 || !g_date_valid_dmy (d, m, y))
    {
      pk_api_read_fail (p, where, name, "is not a YYYY-MM-DD date");
      return;
    }
  g_date_set_dmy (out, d, m, y);
}

/* GET /reports/daily */
PkApiDailyReport *
pk_api_parse_daily_report (JsonNode  *node,
                           GError   **error)
{
  PkApiReader p = { NULL };
  g_autoptr(PkApiDailyReport) report = pk_api_daily_report_new ();
  JsonObject *o = pk_api_read_root (&p, node, "report");

  parse_date (&p, o, "report", "date", &report->date);
  report->office = pk_api_read_str (&p, o, "report", "office", TRUE);
  report->inquiries = pk_api_read_int64 (&p, o, "report", "inquiries", TRUE);
  report->submissions = pk_api_read_int64 (&p, o, "report", "submissions", TRUE);
  report->fees_total_rial = pk_api_read_int64 (&p, o, "report", "fees_total_rial", TRUE);
  pk_api_read_each_object (&p, o, "report", "items", TRUE, parse_report_item, report->items);

  return pk_api_read_finish (&p, error) ? g_steal_pointer (&report) : NULL;
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
      PkApiReader p = { NULL };
      JsonObject *error = pk_api_read_obj (&p, json_node_get_object (node), "", "error", TRUE);
      JsonObject *field_codes;

      code = pk_api_read_peek_str (&p, error, "error", "code", TRUE);
      message = pk_api_read_peek_str (&p, error, "error", "message", FALSE);
      field_codes = pk_api_read_obj (&p, error, "error", "fields", FALSE);
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
