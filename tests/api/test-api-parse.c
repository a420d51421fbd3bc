/* test-api-parse.c — the reply parsers, without a server
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pk-api-client.h"

/* Each fixture is a reply as docs/api-v1.md describes it. The generic tests below take every
 * listed member path and check that removing it (if required) or giving it a wrong type fails
 * with MALFORMED_REPLY, that removing an optional one does not, and that unknown members are
 * ignored. */

static const char session_json[] =
  "{\"token\": \"tok-123\", \"expires_at\": \"2026-11-21T16:30:00Z\", \"role\": \"operator\","
  " \"user\": {\"username\": \"op1\", \"display_name\": \"زهرا احمدی\"},"
  " \"office\": {\"code\": \"12034\", \"name\": \"دفتر ۱۲\", \"city\": \"قزوین\"},"
  " \"server_time\": \"2026-11-21T08:30:00Z\"}";

static const char catalogue_json[] =
  "{\"rulebook_version\": \"1405.1\", \"items\": [{\"code\": \"NEW_BUILD\", \"kind\": \"permit\","
  " \"title_fa\": \"پروانه احداث\", \"title_en\": \"New building permit\","
  " \"description_fa\": \"…\", \"fee_formula\": \"NEW_BUILD_2026\","
  " \"form\": {\"fields\": ["
  "  {\"name\": \"floors\", \"type\": \"integer\", \"label_fa\": \"تعداد طبقات\","
  "   \"label_en\": \"Floors\", \"required\": true, \"unit\": \"count\", \"min\": 1, \"max\": 12},"
  "  {\"name\": \"use\", \"type\": \"choice\", \"label_fa\": \"کاربری\", \"label_en\": \"Use\","
  "   \"required\": true, \"choices\": [{\"value\": \"residential\", \"label_fa\": \"مسکونی\","
  "   \"label_en\": \"Residential\"}]},"
  "  {\"name\": \"floor_rows\", \"type\": \"group\", \"label_fa\": \"طبقات\", \"label_en\": \"Floors\","
  "   \"required\": false, \"min_items\": 1, \"max_items\": 12, \"fields\": ["
  "    {\"name\": \"area_m2\", \"type\": \"decimal\", \"label_fa\": \"مساحت\", \"label_en\": \"Area\","
  "     \"required\": true, \"unit\": \"m2\", \"min\": 0.5, \"max\": 10000.25}]},"
  "  {\"name\": \"note\", \"type\": \"text\", \"label_fa\": \"توضیح\", \"label_en\": \"Note\","
  "   \"required\": false, \"max_length\": 200, \"pattern\": \"^.*$\"}]},"
  " \"documents\": [{\"code\": \"DEED\", \"title_fa\": \"سند\", \"title_en\": \"Deed\","
  "  \"required\": true, \"types\": [\"application/pdf\", \"image/jpeg\"], \"max_bytes\": 10485760}]}]}";

static const char parcel_json[] =
  "{\"renovation_code\": \"03-012-456-000-000-000\","
  " \"registration_plate\": {\"section\": 4, \"main\": 1234, \"sub\": 56},"
  " \"postal_code\": \"3413756789\", \"address_fa\": \"قزوین، خیابان فردوسی\", \"district\": 3,"
  " \"block\": 12, \"area_m2\": 250.5, \"frontage_m\": 12, \"passage_width_m\": 10.25,"
  " \"zone\": \"R2\", \"land_use\": \"residential\","
  " \"owners\": [{\"name\": \"علی رضایی\", \"national_id_masked\": \"049****899\", \"share_percent\": 100}],"
  " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [12, 0], [12, 20.875],"
  " [0, 20.875], [0, 0]]]}}";

static const char inquiry_json[] =
  "{\"inquiry_id\": \"inq-1\", \"tracking_code\": \"PK0000000001\","
  " \"renovation_code\": \"03-012-456-000-000-000\", \"service_code\": \"NEW_BUILD\","
  " \"rulebook_version\": \"1405.1\", \"issued_at\": \"2026-11-21T08:30:00Z\","
  " \"valid_until\": \"2027-02-19T08:30:00Z\","
  " \"rules\": {\"zone\": \"R2\", \"land_use\": \"residential\", \"density_percent\": 180,"
  "  \"occupancy_percent\": 60, \"max_floors\": 3, \"max_height_m\": 12.5, \"setback_front_m\": 2,"
  "  \"setback_back_m\": 3.5, \"parking_per_unit\": 1, \"min_plot_area_m2\": 120,"
  "  \"max_built_area_m2\": 450.9}, \"fees_are_estimate\": true,"
  " \"fees\": {\"items\": [{\"code\": \"DENSITY\", \"title_fa\": \"عوارض تراکم\","
  "  \"title_en\": \"Density levy\", \"formula\": \"area × P × k\","
  "  \"inputs\": {\"area_m2\": 450.9, \"price_p_rial\": 2500000, \"coefficient\": 1.5},"
  "  \"amount_rial\": 1690875000}], \"total_rial\": 1690875000}}";

static const char document_json[] =
  "{\"document_id\": \"doc-7\", \"sha256\": \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\","
  " \"size\": 1024, \"content_type\": \"application/pdf\", \"filename\": \"سند.pdf\"}";

static const char submission_json[] =
  "{\"application_id\": \"app-1\", \"tracking_code\": \"PK0000000002\", \"status\": \"submitted\","
  " \"submitted_at\": \"2026-11-21T08:31:00Z\", \"fees\": {\"total_rial\": 1000, \"paid_rial\": 0,"
  " \"items\": [{\"code\": \"F\", \"title_fa\": \"ع\", \"amount_rial\": 1000}]}}";

static const char application_json[] =
  "{\"application_id\": \"app-1\", \"tracking_code\": \"PK0000000002\", \"service_code\": \"NEW_BUILD\","
  " \"renovation_code\": \"03-012-456-000-000-000\", \"status\": \"under_review\","
  " \"timeline\": [{\"status\": \"submitted\", \"at\": \"2026-11-21T08:31:00Z\", \"note_fa\": \"ثبت شد\"},"
  "  {\"status\": \"under_review\", \"at\": \"2026-11-21T09:00:00+03:30\"}],"
  " \"fees\": {\"total_rial\": 1000, \"paid_rial\": 500}, \"permit_no\": null,"
  " \"submitted_at\": \"2026-11-21T08:31:00Z\"}";

static const char payment_json[] =
  "{\"payment_id\": \"pay-1\", \"paid_rial\": 1000, \"status\": \"approved\"}";

static const char permit_json[] =
  "{\"permit_no\": \"1405-000123\", \"tracking_code\": \"PK0000000002\","
  " \"renovation_code\": \"03-012-456-000-000-000\", \"status\": \"valid\","
  " \"issued_at\": \"2026-11-21T10:00:00Z\", \"expires_at\": \"2028-11-21T10:00:00Z\","
  " \"key_id\": \"3FA01C9B\", \"owners\": [{\"name\": \"علی رضایی\","
  " \"national_id_masked\": \"049****899\", \"share_percent\": 100}],"
  " \"parcel\": {\"area_m2\": 250.5}, \"building\": {\"floors\": 3, \"total_area_m2\": 410.5, \"units\": 4},"
  " \"fees\": {\"total_rial\": 1000, \"paid_rial\": 1000, \"items\": [{\"code\": \"F\","
  " \"title_fa\": \"ع\", \"amount_rial\": 1000}]}, \"service_code\": \"NEW_BUILD\","
  " \"title_fa\": \"پروانه\", \"qr_url\": \"HTTPS://VERIFY.PISHKHAN.IR/V/PK1ABCDEF\","
  " \"conditions_fa\": [\"رعایت عقب‌نشینی\"], \"rulebook_version\": \"1405.1\","
  " \"qr_payload\": \"PK1ABCDEF\", \"signature\": \"c2lnbmF0dXJl\"}";

static const char verification_json[] =
  "{\"verdict\": \"valid\", \"permit\": {\"permit_no\": \"1405-000123\", \"renovation_code\": \"03\","
  " \"expires_on\": \"2028-11-20\"}}";

static const char keys_json[] =
  "{\"keys\": [{\"key_id\": \"3FA01C9B\", \"algorithm\": \"Ed25519\","
  " \"public_key\": \"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\","
  " \"valid_from\": \"2026-01-01T00:00:00Z\", \"valid_until\": null}]}";

static const char report_json[] =
  "{\"date\": \"2026-11-21\", \"office\": \"12034\", \"inquiries\": 3, \"submissions\": 1,"
  " \"fees_total_rial\": 1000, \"items\": [{\"at\": \"2026-11-21T08:31:00Z\", \"kind\": \"submission\","
  " \"tracking_code\": \"PK0000000002\", \"service_code\": \"NEW_BUILD\", \"amount_rial\": 1000,"
  " \"operator\": \"op1\"}, {\"at\": \"2026-11-21T08:30:00Z\", \"kind\": \"inquiry\"}]}";

typedef gpointer (*ParseFunc) (JsonNode *node, GError **error);

typedef struct
{
  const char     *name;
  const char     *json;
  ParseFunc       parse;
  GDestroyNotify  free_func;
  const char     *required[40];
  const char     *optional[24];
} Fixture;

static const Fixture fixtures[] = {
  { "session", session_json, (ParseFunc) pk_api_parse_session,
    (GDestroyNotify) pk_api_session_unref,
    { "token", "expires_at", "role", "user", "user.username", "office", "office.code" },
    { "user.display_name", "office.name", "office.city", "server_time" } },
  { "catalogue", catalogue_json, (ParseFunc) pk_api_parse_catalogue,
    (GDestroyNotify) pk_api_catalogue_unref,
    { "rulebook_version", "items", "items[0].code", "items[0].kind", "items[0].title_fa",
      "items[0].form", "items[0].form.fields", "items[0].form.fields[0].name",
      "items[0].form.fields[0].type", "items[0].form.fields[0].label_fa",
      "items[0].form.fields[1].choices[0].value", "items[0].form.fields[1].choices[0].label_fa",
      "items[0].form.fields[2].fields", "items[0].form.fields[2].fields[0].name",
      "items[0].documents[0].code", "items[0].documents[0].title_fa",
      "items[0].documents[0].types" },
    { "items[0].title_en", "items[0].description_fa", "items[0].fee_formula",
      "items[0].documents", "items[0].form.fields[0].unit", "items[0].form.fields[0].min",
      "items[0].form.fields[0].max", "items[0].form.fields[0].required",
      "items[0].form.fields[3].max_length", "items[0].form.fields[3].pattern",
      "items[0].form.fields[2].min_items", "items[0].form.fields[2].max_items",
      "items[0].documents[0].max_bytes", "items[0].documents[0].required" } },
  { "parcel", parcel_json, (ParseFunc) pk_api_parse_parcel, (GDestroyNotify) pk_api_parcel_unref,
    { "renovation_code", "registration_plate", "registration_plate.section",
      "registration_plate.main", "registration_plate.sub", "postal_code", "address_fa",
      "district", "block", "area_m2", "frontage_m", "passage_width_m", "zone", "land_use",
      "owners", "owners[0].name", "geometry", "geometry.type", "geometry.coordinates" },
    { "owners[0].national_id_masked", "owners[0].share_percent" } },
  { "inquiry", inquiry_json, (ParseFunc) pk_api_parse_inquiry,
    (GDestroyNotify) pk_api_inquiry_unref,
    { "inquiry_id", "tracking_code", "renovation_code", "service_code", "rulebook_version",
      "issued_at", "valid_until", "rules", "rules.zone", "rules.land_use",
      "rules.density_percent", "rules.occupancy_percent", "rules.max_floors",
      "rules.max_height_m", "fees", "fees.items", "fees.items[0].code",
      "fees.items[0].title_fa", "fees.items[0].amount_rial", "fees.total_rial" },
    { "rules.setback_front_m", "rules.setback_back_m", "rules.parking_per_unit",
      "rules.min_plot_area_m2", "rules.max_built_area_m2", "fees_are_estimate",
      "fees.items[0].title_en", "fees.items[0].formula",
      "fees.items[0].inputs" } },
  { "document", document_json, (ParseFunc) pk_api_parse_document,
    (GDestroyNotify) pk_api_document_unref,
    { "document_id", "sha256", "size", "content_type" }, { "filename" } },
  { "submission", submission_json, (ParseFunc) pk_api_parse_submission,
    (GDestroyNotify) pk_api_submission_unref,
    { "application_id", "tracking_code", "status", "submitted_at", "fees", "fees.total_rial",
      "fees.paid_rial", "fees.items[0].code", "fees.items[0].amount_rial" },
    { "fees.items" } },
  { "application", application_json, (ParseFunc) pk_api_parse_application,
    (GDestroyNotify) pk_api_application_unref,
    { "application_id", "tracking_code", "service_code", "renovation_code", "status",
      "timeline", "timeline[0].status", "timeline[0].at", "fees", "fees.total_rial",
      "fees.paid_rial" },
    { "timeline[0].note_fa", "permit_no", "submitted_at" } },
  { "payment", payment_json, (ParseFunc) pk_api_parse_payment,
    (GDestroyNotify) pk_api_payment_unref,
    { "payment_id", "paid_rial", "status" }, { NULL } },
  { "permit", permit_json, (ParseFunc) pk_api_parse_permit, (GDestroyNotify) pk_api_permit_unref,
    { "permit_no", "tracking_code", "renovation_code", "status", "issued_at", "expires_at",
      "key_id", "owners", "owners[0].name", "parcel", "building", "fees", "rulebook_version",
      "qr_payload", "signature" },
    { "conditions_fa", "owners[0].share_percent", "service_code", "title_fa", "qr_url",
      "building.floors", "building.total_area_m2", "building.units", "fees.total_rial",
      "fees.paid_rial", "fees.items" } },
  { "verification", verification_json, (ParseFunc) pk_api_parse_verification,
    (GDestroyNotify) pk_api_verification_unref,
    { "verdict" }, { "permit", "permit.permit_no", "permit.renovation_code", "permit.expires_on" } },
  { "keys", keys_json, (ParseFunc) pk_api_parse_keys, (GDestroyNotify) g_ptr_array_unref,
    { "keys", "keys[0].key_id", "keys[0].algorithm", "keys[0].public_key",
      "keys[0].valid_from" },
    { "keys[0].valid_until" } },
  { "daily-report", report_json, (ParseFunc) pk_api_parse_daily_report,
    (GDestroyNotify) pk_api_daily_report_unref,
    { "date", "office", "inquiries", "submissions", "fees_total_rial", "items", "items[0].at",
      "items[0].kind" },
    { "items[0].tracking_code", "items[0].service_code", "items[0].amount_rial",
      "items[0].operator" } },
};

static JsonNode *
parse_text (const char *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  JsonNode *node = pk_api_parse_json (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Finds the container holding the last step of @path ("a.b[0].c") and that step. */
static JsonNode *
walk (JsonNode    *root,
      const char  *path,
      JsonObject **parent_object,
      JsonArray  **parent_array,
      char       **last_name,
      guint       *last_index)
{
  g_auto(GStrv) steps = g_strsplit (path, ".", -1);
  JsonNode *node = root;

  *parent_object = NULL;
  *parent_array = NULL;
  for (guint i = 0; steps[i] != NULL; i++)
    {
      char *bracket = strchr (steps[i], '[');
      guint index = 0;

      if (bracket)
        {
          index = (guint) g_ascii_strtoull (bracket + 1, NULL, 10);
          *bracket = '\0';
        }
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      *parent_object = json_node_get_object (node);
      *parent_array = NULL;
      g_free (*last_name);
      *last_name = g_strdup (steps[i]);
      node = json_object_get_member (*parent_object, steps[i]);
      g_assert_nonnull (node);
      if (bracket)
        {
          g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
          *parent_array = json_node_get_array (node);
          *last_index = index;
          node = json_array_get_element (*parent_array, index);
          g_assert_nonnull (node);
        }
    }
  return node;
}

typedef enum { REMOVE, WRONG_TYPE } Mutation;

static JsonNode *
mutate (const char *json,
        const char *path,
        Mutation    mutation)
{
  JsonNode *root = parse_text (json);
  JsonObject *parent_object;
  JsonArray *parent_array;
  g_autofree char *last_name = NULL;
  guint last_index = 0;
  JsonNode *target = walk (root, path, &parent_object, &parent_array, &last_name, &last_index);
  JsonNode *wrong;

  g_assert_null (parent_array);  /* paths name members, not array elements */
  if (mutation == REMOVE)
    {
      json_object_remove_member (parent_object, last_name);
      return root;
    }
  /* A scalar becomes an array, a container a string: wrong for every member. */
  if (JSON_NODE_HOLDS_VALUE (target) || JSON_NODE_HOLDS_NULL (target))
    {
      wrong = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (wrong, json_array_new ());
    }
  else
    {
      wrong = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (wrong, "x");
    }
  json_object_set_member (parent_object, last_name, wrong);
  return root;
}

static void
add_unknown_members (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l; l = l->next)
        add_unknown_members (json_object_get_member (object, l->data));
      json_object_set_string_member (object, "zz_unknown", "ignored");
      json_object_set_array_member (object, "zz_unknown_list", json_array_new ());
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        add_unknown_members (json_array_get_element (array, i));
    }
}

static void
assert_parses (const Fixture *f,
               JsonNode      *node)
{
  g_autoptr(GError) error = NULL;
  gpointer result = f->parse (node, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  f->free_func (result);
}

static void
assert_malformed (const Fixture *f,
                  JsonNode      *node,
                  const char    *path)
{
  g_autoptr(GError) error = NULL;
  gpointer result = f->parse (node, &error);

  if (result != NULL)
    g_error ("%s: %s mutated, yet parsed", f->name, path);
  g_assert_error (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY);
}

static void
test_fixture (gconstpointer data)
{
  const Fixture *f = data;
  g_autoptr(JsonNode) good = parse_text (f->json);
  g_autoptr(JsonNode) with_unknown = parse_text (f->json);
  g_autoptr(JsonNode) not_object = parse_text ("[1, 2]");

  assert_parses (f, good);
  add_unknown_members (with_unknown);
  assert_parses (f, with_unknown);
  assert_malformed (f, not_object, "root");

  for (guint i = 0; f->required[i] != NULL; i++)
    {
      g_autoptr(JsonNode) removed = mutate (f->json, f->required[i], REMOVE);
      g_autoptr(JsonNode) wrong = mutate (f->json, f->required[i], WRONG_TYPE);

      assert_malformed (f, removed, f->required[i]);
      assert_malformed (f, wrong, f->required[i]);
    }
  for (guint i = 0; f->optional[i] != NULL; i++)
    {
      g_autoptr(JsonNode) removed = mutate (f->json, f->optional[i], REMOVE);
      g_autoptr(JsonNode) wrong = mutate (f->json, f->optional[i], WRONG_TYPE);

      assert_parses (f, removed);
      assert_malformed (f, wrong, f->optional[i]);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Values of the good fixtures */

static void
test_session_values (void)
{
  g_autoptr(JsonNode) node = parse_text (session_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiSession) session = pk_api_parse_session (node, &error);
  g_autofree char *expires = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (session->token, ==, "tok-123");
  g_assert_cmpint (session->role, ==, PK_API_ROLE_OPERATOR);
  g_assert_cmpstr (session->username, ==, "op1");
  g_assert_cmpstr (session->display_name, ==, "زهرا احمدی");
  g_assert_cmpstr (session->office_code, ==, "12034");
  g_assert_cmpstr (session->office_city, ==, "قزوین");
  expires = g_date_time_format_iso8601 (session->expires_at);
  g_assert_cmpstr (expires, ==, "2026-11-21T16:30:00Z");
}

static void
test_session_unknown_role (void)
{
  g_autoptr(JsonNode) node = parse_text ("{\"token\": \"t\", \"expires_at\": \"2026-11-21T16:30:00Z\","
                                         " \"role\": \"root\", \"user\": {\"username\": \"u\"},"
                                         " \"office\": {\"code\": \"1\"}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiSession) session = pk_api_parse_session (node, &error);

  g_assert_null (session);
  g_assert_error (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY);
  g_assert_nonnull (strstr (error->message, "role"));
}

static void
test_catalogue_values (void)
{
  g_autoptr(JsonNode) node = parse_text (catalogue_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiCatalogue) catalogue = pk_api_parse_catalogue (node, &error);
  PkApiService *service;
  PkApiFormField *field, *group;
  PkApiDocumentSpec *spec;

  g_assert_no_error (error);
  g_assert_cmpstr (catalogue->rulebook_version, ==, "1405.1");
  g_assert_cmpuint (catalogue->services->len, ==, 1);
  service = pk_api_catalogue_lookup (catalogue, "NEW_BUILD");
  g_assert_nonnull (service);
  g_assert_null (pk_api_catalogue_lookup (catalogue, "NOPE"));
  g_assert_cmpint (service->kind, ==, PK_API_SERVICE_KIND_PERMIT);
  g_assert_cmpuint (service->fields->len, ==, 4);

  field = pk_api_service_find_field (service, "floors");
  g_assert_nonnull (field);
  g_assert_cmpint (field->type, ==, PK_API_FIELD_TYPE_INTEGER);
  g_assert_true (field->required);
  g_assert_true (field->has_min);
  g_assert_cmpfloat (field->min, ==, 1);
  g_assert_true (field->has_max);
  g_assert_cmpfloat (field->max, ==, 12);
  g_assert_cmpstr (field->unit, ==, "count");

  field = pk_api_service_find_field (service, "use");
  g_assert_cmpint (field->type, ==, PK_API_FIELD_TYPE_CHOICE);
  g_assert_cmpuint (field->choices->len, ==, 1);
  g_assert_cmpstr (((PkApiChoice *) field->choices->pdata[0])->value, ==, "residential");
  g_assert_false (field->has_min);

  group = pk_api_service_find_field (service, "floor_rows");
  g_assert_cmpint (group->type, ==, PK_API_FIELD_TYPE_GROUP);
  g_assert_cmpuint (group->min_items, ==, 1);
  g_assert_cmpuint (group->max_items, ==, 12);
  g_assert_cmpuint (group->fields->len, ==, 1);
  field = group->fields->pdata[0];
  g_assert_cmpint (field->type, ==, PK_API_FIELD_TYPE_DECIMAL);
  g_assert_cmpfloat (field->max, ==, 10000.25);

  field = pk_api_service_find_field (service, "note");
  g_assert_cmpuint (field->max_length, ==, 200);
  g_assert_cmpstr (field->pattern, ==, "^.*$");

  g_assert_cmpuint (service->documents->len, ==, 1);
  spec = service->documents->pdata[0];
  g_assert_cmpstr (spec->code, ==, "DEED");
  g_assert_true (spec->required);
  g_assert_cmpint (spec->max_bytes, ==, 10485760);
  g_assert_true (pk_api_document_spec_accepts (spec, "application/pdf", 1000));
  g_assert_false (pk_api_document_spec_accepts (spec, "image/png", 1000));
  g_assert_false (pk_api_document_spec_accepts (spec, "application/pdf", 10485761));
}

static void
test_catalogue_unknown_field_type (void)
{
  g_autoptr(JsonNode) node = parse_text (
    "{\"rulebook_version\": \"1\", \"items\": [{\"code\": \"X\", \"kind\": \"survey\","
    " \"title_fa\": \"ا\", \"form\": {\"fields\": [{\"name\": \"n\", \"type\": \"hologram\","
    " \"label_fa\": \"ن\"}]}}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiCatalogue) catalogue = pk_api_parse_catalogue (node, &error);
  PkApiService *service;
  PkApiFormField *field;

  /* A newer server's kinds and types come through as UNKNOWN, with their names. */
  g_assert_no_error (error);
  service = catalogue->services->pdata[0];
  g_assert_cmpint (service->kind, ==, PK_API_SERVICE_KIND_UNKNOWN);
  g_assert_cmpstr (service->kind_name, ==, "survey");
  field = service->fields->pdata[0];
  g_assert_cmpint (field->type, ==, PK_API_FIELD_TYPE_UNKNOWN);
  g_assert_cmpstr (field->type_name, ==, "hologram");
  g_assert_cmpuint (service->documents->len, ==, 0);
}

static void
test_group_without_fields (void)
{
  g_autoptr(JsonNode) node = parse_text (
    "{\"rulebook_version\": \"1\", \"items\": [{\"code\": \"X\", \"kind\": \"permit\","
    " \"title_fa\": \"ا\", \"form\": {\"fields\": [{\"name\": \"g\", \"type\": \"group\","
    " \"label_fa\": \"ن\"}]}}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiCatalogue) catalogue = pk_api_parse_catalogue (node, &error);

  g_assert_null (catalogue);
  g_assert_error (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY);
}

static void
test_parcel_values (void)
{
  g_autoptr(JsonNode) node = parse_text (parcel_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiParcel) parcel = pk_api_parse_parcel (node, &error);
  PkApiOwner *owner;
  PkApiPoint *p;

  g_assert_no_error (error);
  g_assert_cmpstr (parcel->renovation_code, ==, "03-012-456-000-000-000");
  g_assert_cmpint (parcel->plate.section, ==, 4);
  g_assert_cmpint (parcel->plate.main, ==, 1234);
  g_assert_cmpint (parcel->plate.sub, ==, 56);
  g_assert_cmpint (parcel->district, ==, 3);
  g_assert_cmpfloat (parcel->area_m2, ==, 250.5);
  g_assert_cmpfloat (parcel->frontage_m, ==, 12);
  g_assert_cmpuint (parcel->owners->len, ==, 1);
  owner = parcel->owners->pdata[0];
  g_assert_cmpstr (owner->national_id_masked, ==, "049****899");
  g_assert_cmpfloat (owner->share_percent, ==, 100);
  g_assert_cmpuint (parcel->polygon->len, ==, 5);
  p = &g_array_index (parcel->polygon, PkApiPoint, 2);
  g_assert_cmpfloat (p->x, ==, 12);
  g_assert_cmpfloat (p->y, ==, 20.875);
}

static void
test_parcel_bad_geometry (void)
{
  const char *bad[] = {
    "{\"type\": \"Point\", \"coordinates\": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}",
    "{\"type\": \"Polygon\", \"coordinates\": []}",
    "{\"type\": \"Polygon\", \"coordinates\": [5]}",
    "{\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [1, 0], [0, 0]]]}",
    "{\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [1], [1, 1], [0, 0]]]}",
    "{\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [1, \"a\"], [1, 1], [0, 0]]]}",
    "{\"type\": \"Polygon\", \"coordinates\": [[[0, 0], null, [1, 1], [0, 0]]]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = parse_text (parcel_json);
      g_autoptr(JsonNode) geometry = parse_text (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(PkApiParcel) parcel = NULL;

      json_object_set_member (json_node_get_object (node), "geometry",
                              g_steal_pointer (&geometry));
      parcel = pk_api_parse_parcel (node, &error);
      g_assert_null (parcel);
      g_assert_error (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY);
    }
}

static void
test_parcel_page (void)
{
  g_autofree char *json = g_strdup_printf ("{\"items\": [%s, %s], \"next_cursor\": \"abc\"}",
                                           parcel_json, parcel_json);
  g_autofree char *last = g_strdup_printf ("{\"items\": [%s], \"next_cursor\": null}",
                                           parcel_json);
  g_autoptr(JsonNode) node = parse_text (json);
  g_autoptr(JsonNode) last_node = parse_text (last);
  g_autoptr(JsonNode) bad = parse_text ("{\"items\": [1], \"next_cursor\": null}");
  g_autoptr(JsonNode) missing = parse_text ("{\"next_cursor\": null}");
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiParcelPage) page = pk_api_parse_parcel_page (node, &error);
  g_autoptr(PkApiParcelPage) last_page = NULL;
  PkApiParcelPage *none;

  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 2);
  g_assert_cmpstr (page->next_cursor, ==, "abc");
  last_page = pk_api_parse_parcel_page (last_node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (last_page->items->len, ==, 1);
  g_assert_null (last_page->next_cursor);

  none = pk_api_parse_parcel_page (bad, &error);
  g_assert_null (none);
  g_assert_error (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY);
  g_clear_error (&error);
  none = pk_api_parse_parcel_page (missing, &error);
  g_assert_null (none);
  g_assert_error (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY);
}

static void
test_inquiry_values (void)
{
  g_autoptr(JsonNode) node = parse_text (inquiry_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiInquiry) inquiry = pk_api_parse_inquiry (node, &error);
  PkApiFeeItem *item;
  double value;

  g_assert_no_error (error);
  g_assert_cmpstr (inquiry->tracking_code, ==, "PK0000000001");
  g_assert_cmpfloat (inquiry->rules.density_percent, ==, 180);
  g_assert_cmpint (inquiry->rules.max_floors, ==, 3);
  g_assert_cmpfloat (inquiry->rules.max_height_m, ==, 12.5);
  g_assert_cmpfloat (inquiry->rules.max_built_area_m2, ==, 450.9);
  g_assert_true (inquiry->fees_are_estimate);
  g_assert_cmpuint (inquiry->fee_items->len, ==, 1);
  item = inquiry->fee_items->pdata[0];
  g_assert_cmpstr (item->formula, ==, "area × P × k");
  g_assert_cmpint (item->amount_rial, ==, G_GINT64_CONSTANT (1690875000));
  g_assert_cmpuint (item->inputs->len, ==, 3);
  g_assert_true (pk_api_fee_item_get_input (item, "price_p_rial", &value));
  g_assert_cmpfloat (value, ==, 2500000);
  g_assert_true (pk_api_fee_item_get_input (item, "coefficient", &value));
  g_assert_cmpfloat (value, ==, 1.5);
  g_assert_false (pk_api_fee_item_get_input (item, "nope", NULL));
  g_assert_cmpint (inquiry->total_rial, ==, G_GINT64_CONSTANT (1690875000));
}

static void
test_money_must_be_integer (void)
{
  g_autoptr(JsonNode) fractional = parse_text (
    "{\"payment_id\": \"p\", \"paid_rial\": 10.5, \"status\": \"approved\"}");
  g_autoptr(JsonNode) integral = parse_text (
    "{\"payment_id\": 17, \"paid_rial\": 10.0, \"status\": \"approved\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiPayment) payment = NULL;

  payment = pk_api_parse_payment (fractional, &error);
  g_assert_null (payment);
  g_assert_error (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY);
  g_clear_error (&error);

  /* 10.0 is an integer, and numeric ids are read as their decimal string. */
  payment = pk_api_parse_payment (integral, &error);
  g_assert_no_error (error);
  g_assert_cmpint (payment->paid_rial, ==, 10);
  g_assert_cmpstr (payment->payment_id, ==, "17");
  g_assert_cmpint (payment->status, ==, PK_API_APPLICATION_STATUS_APPROVED);
}

static void
test_application_values (void)
{
  g_autoptr(JsonNode) node = parse_text (application_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiApplication) application = pk_api_parse_application (node, &error);
  PkApiTimelineEntry *entry;

  g_assert_no_error (error);
  g_assert_cmpint (application->status, ==, PK_API_APPLICATION_STATUS_UNDER_REVIEW);
  g_assert_cmpuint (application->timeline->len, ==, 2);
  entry = application->timeline->pdata[0];
  g_assert_cmpint (entry->status, ==, PK_API_APPLICATION_STATUS_SUBMITTED);
  g_assert_cmpstr (entry->note_fa, ==, "ثبت شد");
  entry = application->timeline->pdata[1];
  g_assert_null (entry->note_fa);
  g_assert_cmpint (g_date_time_to_unix (entry->at), ==, 1795239000); /* 05:30Z */
  g_assert_cmpint (application->paid_rial, ==, 500);
  g_assert_null (application->permit_no);
}

static void
test_times_need_an_offset (void)
{
  g_autoptr(JsonNode) node = parse_text (
    "{\"application_id\": \"a\", \"tracking_code\": \"PK1\", \"status\": \"submitted\","
    " \"submitted_at\": \"2026-11-21T08:31:00\", \"fees\": {\"total_rial\": 1, \"paid_rial\": 0}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiSubmission) submission = pk_api_parse_submission (node, &error);

  g_assert_null (submission);
  g_assert_error (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY);
  g_assert_nonnull (strstr (error->message, "submitted_at"));
}

static void
test_permit_values (void)
{
  g_autoptr(JsonNode) node = parse_text (permit_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiPermit) permit = pk_api_parse_permit (node, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (permit->permit_no, ==, "1405-000123");
  g_assert_cmpint (permit->status, ==, PK_API_PERMIT_STATUS_VALID);
  g_assert_cmpuint (permit->owners->len, ==, 1);
  g_assert_cmpuint (g_strv_length (permit->conditions_fa), ==, 1);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (permit->building));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (permit->building), "floors"),
                   ==, 3);
  g_assert_cmpint (permit->floors, ==, 3);
  g_assert_cmpfloat (permit->total_area_m2, ==, 410.5);
  g_assert_cmpint (permit->units, ==, 4);
  g_assert_cmpint (permit->paid_rial, ==, 1000);
  g_assert_cmpuint (permit->fee_items->len, ==, 1);
  g_assert_cmpstr (permit->qr_url, ==, "HTTPS://VERIFY.PISHKHAN.IR/V/PK1ABCDEF");
}

static void
test_verification_values (void)
{
  g_autoptr(JsonNode) node = parse_text (verification_json);
  g_autoptr(JsonNode) bare = parse_text ("{\"verdict\": \"forged\"}");
  g_autoptr(JsonNode) odd = parse_text ("{\"verdict\": \"maybe\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiVerification) v = pk_api_parse_verification (node, &error);
  g_autoptr(PkApiVerification) v2 = NULL;
  g_autoptr(PkApiVerification) v3 = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (v->verdict, ==, PK_API_VERDICT_VALID);
  g_assert_cmpstr (v->permit_no, ==, "1405-000123");
  g_assert_cmpstr (v->expires_on, ==, "2028-11-20");
  g_assert_cmpint (pk_api_verdict_from_string ("unknown_permit"), ==,
                   PK_API_VERDICT_UNKNOWN_PERMIT);
  v2 = pk_api_parse_verification (bare, &error);
  g_assert_no_error (error);
  g_assert_cmpint (v2->verdict, ==, PK_API_VERDICT_FORGED);
  g_assert_null (v2->permit);
  /* An unknown verdict is never taken for "valid". */
  v3 = pk_api_parse_verification (odd, &error);
  g_assert_no_error (error);
  g_assert_cmpint (v3->verdict, ==, PK_API_VERDICT_UNRECOGNIZED);
}

static void
test_keys_values (void)
{
  g_autoptr(JsonNode) node = parse_text (keys_json);
  g_autoptr(JsonNode) short_key = parse_text (
    "{\"keys\": [{\"key_id\": \"K\", \"algorithm\": \"Ed25519\", \"public_key\": \"AAAA\","
    " \"valid_from\": \"2026-01-01T00:00:00Z\"}]}");
  g_autoptr(JsonNode) not_b64 = parse_text (
    "{\"keys\": [{\"key_id\": \"K\", \"algorithm\": \"Ed25519\", \"public_key\": \"!!!!\","
    " \"valid_from\": \"2026-01-01T00:00:00Z\"}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = pk_api_parse_keys (node, &error);
  GPtrArray *none;
  PkApiKey *key;

  g_assert_no_error (error);
  g_assert_cmpuint (keys->len, ==, 1);
  key = keys->pdata[0];
  g_assert_cmpstr (key->key_id, ==, "3FA01C9B");
  g_assert_cmpuint (g_bytes_get_size (key->public_key), ==, 32);
  g_assert_null (key->valid_until);

  none = pk_api_parse_keys (short_key, &error);
  g_assert_null (none);
  g_assert_error (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY);
  g_clear_error (&error);
  none = pk_api_parse_keys (not_b64, &error);
  g_assert_null (none);
  g_assert_error (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY);
}

static void
test_report_values (void)
{
  g_autoptr(JsonNode) node = parse_text (report_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiDailyReport) report = pk_api_parse_daily_report (node, &error);
  PkApiReportItem *item;
  const char *bad_dates[] = { "2026-02-30", "2026-11-2", "21-11-2026", "2026-11-21x",
                              "2026-13-01", "0000-01-01" };

  g_assert_no_error (error);
  g_assert_cmpuint (g_date_get_year (&report->date), ==, 2026);
  g_assert_cmpuint (g_date_get_month (&report->date), ==, 11);
  g_assert_cmpuint (g_date_get_day (&report->date), ==, 21);
  g_assert_cmpint (report->fees_total_rial, ==, 1000);
  g_assert_cmpuint (report->items->len, ==, 2);
  item = report->items->pdata[0];
  g_assert_cmpstr (item->operator_name, ==, "op1");
  item = report->items->pdata[1];
  g_assert_null (item->tracking_code);
  g_assert_cmpint (item->amount_rial, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    {
      g_autoptr(JsonNode) bad = parse_text (report_json);
      g_autoptr(PkApiDailyReport) none = NULL;

      json_object_set_string_member (json_node_get_object (bad), "date", bad_dates[i]);
      none = pk_api_parse_daily_report (bad, &error);
      g_assert_null (none);
      g_assert_error (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY);
      g_clear_error (&error);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* JSON level */

static void
assert_bad_json (const char *data,
                 gsize       len)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pk_api_parse_json (bytes, &error);

  g_assert_null (node);
  g_assert_error (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY);
}

static void
test_json_level (void)
{
  GString *deep = g_string_new (NULL);
  GString *ok_depth = g_string_new (NULL);
  g_autoptr(GBytes) ok_bytes = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  assert_bad_json ("", 0);
  assert_bad_json ("{\"a\": ", 6);
  assert_bad_json ("<html>502 Bad Gateway</html>", 28);
  assert_bad_json ("{\"a\": \"\xff\xfe\"}", 12);
  assert_bad_json ("{\"a\": 1}\0garbage", 16);
  assert_bad_json ("{\"a\": 1} {\"b\": 2}", 17);

  /* Nesting deeper than the limit is refused before json-glib recurses into it… */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  assert_bad_json (deep->str, deep->len);
  g_string_free (deep, TRUE);

  /* …but brackets inside strings do not count, and the limit itself is fine. */
  g_string_append (ok_depth, "{\"s\": \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"\", \"a\": ");
  for (guint i = 1; i < PK_API_PARSE_MAX_DEPTH; i++)
    g_string_append_c (ok_depth, '[');
  for (guint i = 1; i < PK_API_PARSE_MAX_DEPTH; i++)
    g_string_append_c (ok_depth, ']');
  g_string_append_c (ok_depth, '}');
  ok_bytes = g_bytes_new_take (ok_depth->str, ok_depth->len);
  g_string_free (ok_depth, FALSE);
  node = pk_api_parse_json (ok_bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
}

/* ------------------------------------------------------------------------------------------ */
/* Error replies */

static GError *
error_reply (guint       status,
             const char *body)
{
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;

  return pk_api_parse_error_reply (status, bytes, 0);
}

static void
test_error_mapping (void)
{
  static const struct
  {
    guint       status;
    const char *code;
    PkApiError  error;
  } table[] = {
    { 400, "bad_request", PK_API_ERROR_MALFORMED_REQUEST },
    { 401, "unauthorized", PK_API_ERROR_UNAUTHORIZED },
    { 401, "invalid_credentials", PK_API_ERROR_INVALID_CREDENTIALS },
    { 401, "token_expired", PK_API_ERROR_TOKEN_EXPIRED },
    { 403, "forbidden", PK_API_ERROR_FORBIDDEN },
    { 404, "not_found", PK_API_ERROR_NOT_FOUND },
    { 409, "conflict", PK_API_ERROR_CONFLICT },
    { 409, "invalid_state", PK_API_ERROR_CONFLICT },
    { 413, "too_large", PK_API_ERROR_TOO_LARGE },
    { 415, "unsupported_type", PK_API_ERROR_UNSUPPORTED_TYPE },
    { 422, "validation", PK_API_ERROR_VALIDATION },
    { 428, "idempotency_key_required", PK_API_ERROR_MALFORMED_REQUEST },
    { 429, "rate_limited", PK_API_ERROR_SERVER },
    { 500, "internal", PK_API_ERROR_SERVER },
    { 503, "unavailable", PK_API_ERROR_SERVER },
    /* unknown or missing codes fall back on the status */
    { 401, "brand_new", PK_API_ERROR_UNAUTHORIZED },
    { 404, NULL, PK_API_ERROR_NOT_FOUND },
    { 405, NULL, PK_API_ERROR_MALFORMED_REQUEST },
    { 502, NULL, PK_API_ERROR_SERVER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *body = table[i].code
        ? g_strdup_printf ("{\"error\": {\"code\": \"%s\", \"message\": \"پیام\"}}", table[i].code)
        : g_strdup ("<html>oops</html>");
      g_autoptr(GError) error = error_reply (table[i].status, body);

      g_assert_error (error, PK_API_ERROR, (int) table[i].error);
      g_assert_cmpuint (pk_api_error_get_http_status (error), ==, table[i].status);
      g_assert_cmpstr (pk_api_error_get_server_code (error), ==, table[i].code);
      g_assert_null (pk_api_error_get_fields (error));
    }
}

static void
test_error_fields (void)
{
  g_autoptr(GError) error = error_reply (422,
    "{\"error\": {\"code\": \"validation\", \"message\": \"…\", \"fields\":"
    " {\"applicants[0].national_id\": \"checksum\", \"fields.floors\": \"out_of_range\","
    " \"weird\": 5}}}");
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) conflict = error_reply (409,
    "{\"error\": {\"code\": \"conflict\", \"fields\": {\"a\": \"invalid\"}}}");
  GHashTable *fields;

  g_assert_error (error, PK_API_ERROR, PK_API_ERROR_VALIDATION);
  fields = pk_api_error_get_fields (error);
  g_assert_nonnull (fields);
  g_assert_cmpuint (g_hash_table_size (fields), ==, 2);
  g_assert_cmpstr (pk_api_error_get_field (error, "applicants[0].national_id"), ==, "checksum");
  g_assert_cmpstr (pk_api_error_get_field (error, "fields.floors"), ==, "out_of_range");
  g_assert_null (pk_api_error_get_field (error, "weird"));

  /* The fields travel with the error through g_error_copy() (and so through GTask). */
  copy = g_error_copy (error);
  g_assert_cmpstr (pk_api_error_get_field (copy, "fields.floors"), ==, "out_of_range");
  g_clear_error (&error);
  g_assert_cmpstr (pk_api_error_get_field (copy, "applicants[0].national_id"), ==, "checksum");

  /* Fields belong to VALIDATION only. */
  g_assert_error (conflict, PK_API_ERROR, PK_API_ERROR_CONFLICT);
  g_assert_null (pk_api_error_get_fields (conflict));
}

static void
test_error_odd_bodies (void)
{
  const char *bodies[] = {
    NULL, "", "null", "[]", "{}", "{\"error\": 5}", "{\"error\": {\"code\": 5}}",
    "{\"error\": {\"code\": \"validation\", \"fields\": []}}", "\xff\xff",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = error_reply (422, bodies[i]);

      g_assert_error (error, PK_API_ERROR, PK_API_ERROR_VALIDATION);
    }
}

static void
test_error_user_messages (void)
{
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");
  const char *codes[] = { "required", "invalid", "checksum", "too_long", "out_of_range",
                          "not_allowed", "unknown", "new_code" };

  for (int code = PK_API_ERROR_NETWORK; code <= PK_API_ERROR_MALFORMED_REPLY; code++)
    {
      g_autoptr(GError) error = g_error_new_literal (PK_API_ERROR, code, "log message");
      const char *message = pk_api_error_to_user_message (error);

      g_assert_nonnull (message);
      g_assert_cmpstr (message, !=, "");
      g_assert_cmpstr (message, !=, "log message");
    }
  g_assert_nonnull (pk_api_error_to_user_message (other));
  g_assert_nonnull (pk_api_error_to_user_message (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    g_assert_cmpstr (pk_api_field_code_to_user_message (codes[i]), !=, "");
  g_assert_cmpstr (pk_api_field_code_to_user_message ("required"), !=,
                   pk_api_field_code_to_user_message ("checksum"));
}

static void
test_error_retryable (void)
{
  g_autoptr(GError) server = error_reply (503, NULL);
  g_autoptr(GError) conflict = error_reply (409, NULL);
  g_autoptr(GError) network = g_error_new_literal (PK_API_ERROR, PK_API_ERROR_NETWORK, "x");
  g_autoptr(GError) cancelled = g_error_new_literal (PK_API_ERROR, PK_API_ERROR_CANCELLED, "x");

  g_assert_true (pk_api_error_is_retryable (server));
  g_assert_true (pk_api_error_is_retryable (network));
  g_assert_false (pk_api_error_is_retryable (conflict));
  g_assert_false (pk_api_error_is_retryable (cancelled));
  g_assert_false (pk_api_error_is_retryable (NULL));
}

static void
test_retry_after (void)
{
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"error\": {\"code\": \"rate_limited\"}}", 35);
  g_autoptr(GError) error = pk_api_parse_error_reply (429, body, 30);

  g_assert_error (error, PK_API_ERROR, PK_API_ERROR_SERVER);
  g_assert_cmpuint (pk_api_error_get_retry_after (error), ==, 30);
}

/* ------------------------------------------------------------------------------------------ */

static void
test_idempotency_keys (void)
{
  g_autofree char *a = pk_api_generate_idempotency_key ();
  g_autofree char *b = pk_api_generate_idempotency_key ();

  g_assert_true (pk_api_idempotency_key_is_valid (a));
  g_assert_true (pk_api_idempotency_key_is_valid (b));
  g_assert_cmpstr (a, !=, b);
  g_assert_false (pk_api_idempotency_key_is_valid (NULL));
  g_assert_false (pk_api_idempotency_key_is_valid ("short"));
  g_assert_false (pk_api_idempotency_key_is_valid ("has space in it 0123456789"));
  g_assert_false (pk_api_idempotency_key_is_valid ("underscore_is_not_allowed_0123"));
  g_assert_true (pk_api_idempotency_key_is_valid ("ABCDEFGHIJ-0123456789"));
}

static void
test_enums (void)
{
  GEnumClass *klass = g_type_class_ref (PK_TYPE_API_ROLE);

  g_assert_cmpint (pk_api_role_from_string ("kiosk"), ==, PK_API_ROLE_KIOSK);
  g_assert_cmpint (pk_api_role_from_string ("unknown"), ==, PK_API_ROLE_UNKNOWN);
  g_assert_cmpint (pk_api_role_from_string (NULL), ==, PK_API_ROLE_UNKNOWN);
  g_assert_cmpstr (pk_api_role_to_string (PK_API_ROLE_SUPERVISOR), ==, "supervisor");
  g_assert_cmpint (pk_api_application_status_from_string ("permit_issued"), ==,
                   PK_API_APPLICATION_STATUS_PERMIT_ISSUED);
  g_assert_cmpint (pk_api_verdict_from_string ("unknown_key"), ==, PK_API_VERDICT_UNKNOWN_KEY);
  g_assert_cmpint (pk_api_field_type_from_string ("postal_code"), ==,
                   PK_API_FIELD_TYPE_POSTAL_CODE);
  g_assert_cmpint (pk_api_permit_status_from_string ("superseded"), ==,
                   PK_API_PERMIT_STATUS_SUPERSEDED);
  g_assert_cmpint (pk_api_service_kind_from_string ("certificate"), ==,
                   PK_API_SERVICE_KIND_CERTIFICATE);
  g_assert_nonnull (g_enum_get_value_by_nick (klass, "operator"));
  g_type_class_unref (klass);
}

static void
test_boxed_types (void)
{
  g_autoptr(PkApiParcel) parcel = pk_api_parcel_new ();
  PkApiParcel *copy = g_boxed_copy (PK_TYPE_API_PARCEL, parcel);

  g_assert_true (copy == parcel);
  g_boxed_free (PK_TYPE_API_PARCEL, copy);
  g_assert_true (G_TYPE_IS_BOXED (PK_TYPE_API_CATALOGUE));
  g_assert_true (G_TYPE_IS_BOXED (PK_TYPE_API_DAILY_REPORT));
  g_assert_true (G_TYPE_IS_BOXED (PK_TYPE_API_VERIFICATION));
}

/* ------------------------------------------------------------------------------------------ */
/* Replies captured from pishkhan-sandbox (the fuzzer's seed corpus) parse with their parser. */

static const struct
{
  const char     *file;
  ParseFunc       parse;
  GDestroyNotify  free_func;
} captured[] = {
  { "session.json", (ParseFunc) pk_api_parse_session, (GDestroyNotify) pk_api_session_unref },
  { "catalogue-new-build.json", (ParseFunc) pk_api_parse_catalogue,
    (GDestroyNotify) pk_api_catalogue_unref },
  { "parcel.json", (ParseFunc) pk_api_parse_parcel, (GDestroyNotify) pk_api_parcel_unref },
  { "parcel-page.json", (ParseFunc) pk_api_parse_parcel_page,
    (GDestroyNotify) pk_api_parcel_page_unref },
  { "inquiry.json", (ParseFunc) pk_api_parse_inquiry, (GDestroyNotify) pk_api_inquiry_unref },
  { "document.json", (ParseFunc) pk_api_parse_document, (GDestroyNotify) pk_api_document_unref },
  { "submission.json", (ParseFunc) pk_api_parse_submission,
    (GDestroyNotify) pk_api_submission_unref },
  { "application.json", (ParseFunc) pk_api_parse_application,
    (GDestroyNotify) pk_api_application_unref },
  { "application-issued.json", (ParseFunc) pk_api_parse_application,
    (GDestroyNotify) pk_api_application_unref },
  { "payment.json", (ParseFunc) pk_api_parse_payment, (GDestroyNotify) pk_api_payment_unref },
  { "permit.json", (ParseFunc) pk_api_parse_permit, (GDestroyNotify) pk_api_permit_unref },
  { "verification.json", (ParseFunc) pk_api_parse_verification,
    (GDestroyNotify) pk_api_verification_unref },
  { "verification-malformed.json", (ParseFunc) pk_api_parse_verification,
    (GDestroyNotify) pk_api_verification_unref },
  { "keys.json", (ParseFunc) pk_api_parse_keys, (GDestroyNotify) g_ptr_array_unref },
  { "daily-report.json", (ParseFunc) pk_api_parse_daily_report,
    (GDestroyNotify) pk_api_daily_report_unref },
};

static void
test_captured_replies (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (captured); i++)
    {
      g_autofree char *path = g_build_filename (PK_API_CORPUS_DIR, captured[i].file, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(JsonNode) node = NULL;
      char *contents;
      gsize len;
      gpointer result;

      g_assert_true (g_file_get_contents (path, &contents, &len, &error));
      bytes = g_bytes_new_take (contents, len);
      node = pk_api_parse_json (bytes, &error);
      g_assert_no_error (error);
      result = captured[i].parse (node, &error);
      if (error != NULL)
        g_error ("%s: %s", captured[i].file, error->message);
      g_assert_nonnull (result);
      captured[i].free_func (result);
    }
}

static void
test_captured_errors (void)
{
  static const struct
  {
    const char *file;
    guint       status;
    PkApiError  code;
  } errors[] = {
    { "error-invalid-credentials.json", 401, PK_API_ERROR_INVALID_CREDENTIALS },
    { "error-validation.json", 422, PK_API_ERROR_VALIDATION },
  };

  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      g_autofree char *path = g_build_filename (PK_API_CORPUS_DIR, errors[i].file, NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      char *contents;
      gsize len;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      bytes = g_bytes_new_take (contents, len);
      error = pk_api_parse_error_reply (errors[i].status, bytes, 0);
      g_assert_error (error, PK_API_ERROR, (int) errors[i].code);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api-parse/members/%s", fixtures[i].name);

      g_test_add_data_func (path, &fixtures[i], test_fixture);
    }
  g_test_add_func ("/api-parse/session", test_session_values);
  g_test_add_func ("/api-parse/session/unknown-role", test_session_unknown_role);
  g_test_add_func ("/api-parse/catalogue", test_catalogue_values);
  g_test_add_func ("/api-parse/catalogue/unknown-type", test_catalogue_unknown_field_type);
  g_test_add_func ("/api-parse/catalogue/group-without-fields", test_group_without_fields);
  g_test_add_func ("/api-parse/parcel", test_parcel_values);
  g_test_add_func ("/api-parse/parcel/bad-geometry", test_parcel_bad_geometry);
  g_test_add_func ("/api-parse/parcel-page", test_parcel_page);
  g_test_add_func ("/api-parse/inquiry", test_inquiry_values);
  g_test_add_func ("/api-parse/money-must-be-integer", test_money_must_be_integer);
  g_test_add_func ("/api-parse/application", test_application_values);
  g_test_add_func ("/api-parse/times-need-an-offset", test_times_need_an_offset);
  g_test_add_func ("/api-parse/permit", test_permit_values);
  g_test_add_func ("/api-parse/verification", test_verification_values);
  g_test_add_func ("/api-parse/keys", test_keys_values);
  g_test_add_func ("/api-parse/daily-report", test_report_values);
  g_test_add_func ("/api-parse/json", test_json_level);
  g_test_add_func ("/api-parse/captured-replies", test_captured_replies);
  g_test_add_func ("/api-parse/captured-errors", test_captured_errors);
  g_test_add_func ("/api-error/mapping", test_error_mapping);
  g_test_add_func ("/api-error/fields", test_error_fields);
  g_test_add_func ("/api-error/odd-bodies", test_error_odd_bodies);
  g_test_add_func ("/api-error/user-messages", test_error_user_messages);
  g_test_add_func ("/api-error/retryable", test_error_retryable);
  g_test_add_func ("/api-error/retry-after", test_retry_after);
  g_test_add_func ("/api/idempotency-keys", test_idempotency_keys);
  g_test_add_func ("/api/enums", test_enums);
  g_test_add_func ("/api/boxed-types", test_boxed_types);

  return g_test_run ();
}
