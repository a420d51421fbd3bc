/* permit-test-util.c — sample and worst-case permits, signed with a test key
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "pk-api-parse.h"
#include "permit-test-util.h"

void
pt_permit_key_init (PtPermitKey *key)
{
  g_autofree char *kid = NULL;

  g_assert_cmpint (sodium_init (), >=, 0);
  crypto_sign_keypair (key->public_key, key->secret_key);
  kid = pk_permit_code_key_id_for_public_key (key->public_key);
  g_strlcpy (key->key_id, kid, sizeof key->key_id);
}

/* The payload the central API would sign for this permit (docs/api-v1.md). */
char *
pt_permit_sign (const PtPermitKey *key,
                const char        *permit_no,
                guint              floors,
                double             total_area_m2)
{
  g_autoptr(PkPermitCode) code = pk_permit_code_new ();
  g_autoptr(GError) error = NULL;
  char *text;

  g_strlcpy (code->key_id, key->key_id, sizeof code->key_id);
  code->permit_no = g_strdup (permit_no);
  code->renovation_code = g_strdup ("03-012-456-000-000-000");
  code->issued_on = g_strdup ("2026-11-21");
  code->expires_on = g_strdup ("2028-11-20");
  code->floors = floors;
  code->total_area_m2 = total_area_m2;
  pk_permit_code_set_owner (code, PT_OWNER_ID);
  text = pk_permit_code_sign (code, key->secret_key, &error);
  g_assert_no_error (error);
  return text;
}

static void
add_str (JsonBuilder *b,
         const char  *name,
         const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static void
add_num (JsonBuilder *b,
         const char  *name,
         double       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, value);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

typedef struct
{
  const char *name;
  const char *masked_id;
  double      share;
} Owner;

typedef struct
{
  int         level;
  const char *use;
  double      area;
  int         units;
} FloorSpec;

typedef struct
{
  const Owner     *owners;
  guint            n_owners;
  const FloorSpec *floors;
  guint            n_floors;
  guint            n_fees;
  guint            n_payments;
  const char      *address;
  const char      *land_use;
  const char      *conditions[8];
  const char      *engineer_names[3];
} Spec;

static PkApiPermit *
build (const PtPermitKey *key,
       const Spec        *spec)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *url = NULL;
  double total_area = 0;
  gint64 units = 0, total_fees = 0;
  PkApiPermit *permit;

  for (guint i = 0; i < spec->n_floors; i++)
    {
      total_area += spec->floors[i].area;
      units += spec->floors[i].units;
    }
  payload = pt_permit_sign (key, PT_PERMIT_NO, spec->n_floors, total_area);
  url = pk_permit_code_to_url (payload, PT_VERIFY_HOST);

  json_builder_begin_object (b);
  add_str (b, "permit_no", PT_PERMIT_NO);
  add_str (b, "tracking_code", "1405083012345");
  add_str (b, "renovation_code", "03-012-456-000-000-000");
  add_str (b, "service_code", "PERMIT_NEW");
  add_str (b, "title_fa", "پروانه ساختمان");
  add_str (b, "status", "valid");
  add_str (b, "issued_at", "2026-11-21T06:30:00Z");
  add_str (b, "issued_on", "2026-11-21");
  add_str (b, "expires_on", "2028-11-20");
  add_str (b, "expires_at", "2028-11-20T20:29:59Z");
  add_str (b, "key_id", key->key_id);

  json_builder_set_member_name (b, "owners");
  json_builder_begin_array (b);
  for (guint i = 0; i < spec->n_owners; i++)
    {
      json_builder_begin_object (b);
      add_str (b, "name", spec->owners[i].name);
      add_str (b, "national_id_masked", spec->owners[i].masked_id);
      add_num (b, "share_percent", spec->owners[i].share);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "parcel");
  json_builder_begin_object (b);
  add_str (b, "renovation_code", "03-012-456-000-000-000");
  json_builder_set_member_name (b, "registration_plate");
  json_builder_begin_object (b);
  add_int (b, "section", 3);
  add_int (b, "main", 4512);
  add_int (b, "sub", 37);
  json_builder_end_object (b);
  add_str (b, "postal_code", "5713473155");
  add_str (b, "address_fa", spec->address);
  add_num (b, "area_m2", 312.5);
  add_num (b, "area_after_widening_m2", 298.25);
  add_str (b, "zone", "R122");
  /* The API's code; the sheet words it in Persian. */
  add_str (b, "land_use", spec->land_use);
  json_builder_set_member_name (b, "geometry");
  json_builder_begin_object (b);
  add_str (b, "type", "Polygon");
  json_builder_set_member_name (b, "coordinates");
  json_builder_begin_array (b);
  json_builder_begin_array (b);
  {
    static const double ring[][2] = { { 0, 0 }, { 12.5, 0 }, { 13.2, 24.1 }, { -0.6, 25.0 },
                                      { 0, 0 } };

    for (guint i = 0; i < G_N_ELEMENTS (ring); i++)
      {
        json_builder_begin_array (b);
        json_builder_add_double_value (b, ring[i][0]);
        json_builder_add_double_value (b, ring[i][1]);
        json_builder_end_array (b);
      }
  }
  json_builder_end_array (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "building");
  json_builder_begin_object (b);
  add_int (b, "floors", spec->n_floors);
  add_num (b, "total_area_m2", total_area);
  add_int (b, "units", units);
  add_str (b, "structure", "concrete");
  add_num (b, "density_percent", 180);
  add_num (b, "occupancy_percent", 60);
  add_int (b, "parking_spaces", units);
  add_num (b, "setback_front_m", 2.5);
  add_num (b, "setback_back_m", 0);
  json_builder_set_member_name (b, "floor_rows");
  json_builder_begin_array (b);
  for (guint i = 0; i < spec->n_floors; i++)
    {
      json_builder_begin_object (b);
      add_int (b, "level", spec->floors[i].level);
      add_str (b, "use", spec->floors[i].use);
      add_num (b, "area_m2", spec->floors[i].area);
      add_int (b, "units", spec->floors[i].units);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "engineers");
  json_builder_begin_array (b);
  {
    static const char * const roles[] = { "designer", "supervisor", "builder" };
    static const char * const licences[] = { "1-23-4567", "1-23-45678", "2-11-123456" };

    for (guint i = 0; i < 3; i++)
      {
        json_builder_begin_object (b);
        add_str (b, "role", roles[i]);
        add_str (b, "name", spec->engineer_names[i]);
        add_str (b, "licence_no", licences[i]);
        json_builder_end_object (b);
      }
  }
  json_builder_end_array (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "fees");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < spec->n_fees; i++)
    {
      static const char * const titles[] = {
        "عوارض صدور پروانه ساختمانی", "عوارض زیربنا", "عوارض پذیره", "بهای خدمات آتش‌نشانی",
        "عوارض حذف پارکینگ", "عوارض ارزش افزوده", "عوارض کسری فضای سبز", "نوسازی",
      };
      g_autofree char *code = g_strdup_printf ("FEE_%u", i);
      gint64 amount = 12500000 + 1000000 * (gint64) i;

      json_builder_begin_object (b);
      add_str (b, "code", code);
      add_str (b, "title_fa", titles[i % G_N_ELEMENTS (titles)]);
      add_int (b, "amount_rial", amount);
      json_builder_end_object (b);
      total_fees += amount;
    }
  json_builder_end_array (b);
  add_int (b, "total_rial", total_fees);
  add_int (b, "paid_rial", total_fees);
  json_builder_set_member_name (b, "payments");
  json_builder_begin_array (b);
  for (guint i = 0; i < spec->n_payments; i++)
    {
      g_autofree char *reference = g_strdup_printf ("RCP-14050830-%04u", 17 + i);

      json_builder_begin_object (b);
      add_str (b, "reference", reference);
      add_int (b, "amount_rial", total_fees / spec->n_payments);
      add_str (b, "paid_at", "2026-11-20T08:15:00Z");
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "conditions_fa");
  json_builder_begin_array (b);
  for (guint i = 0; spec->conditions[i] != NULL; i++)
    json_builder_add_string_value (b, spec->conditions[i]);
  json_builder_end_array (b);
  add_str (b, "rulebook_version", "1405.2");
  add_str (b, "qr_payload", payload);
  add_str (b, "qr_url", url);
  add_str (b, "signature", "AAAA");
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  permit = pk_api_parse_permit (root, &error);
  g_assert_no_error (error);
  return permit;
}

static const Owner sample_owners[] = {
  { "مریم رضایی", "049****899", 50 },
  { "حسین کریمی", "273****114", 50 },
};

static const FloorSpec sample_floors[] = {
  { -1, "parking", 180, 0 },
  { 0, "parking", 180, 0 },
  { 1, "residential", 180.5, 2 },
  { 2, "residential", 180.5, 2 },
  { 3, "residential", 180.5, 2 },
  { 4, "residential", 150, 1 },
};

PkApiPermit *
pt_sample_permit (const PtPermitKey *key)
{
  const Spec spec = {
    .owners = sample_owners,
    .n_owners = G_N_ELEMENTS (sample_owners),
    .floors = sample_floors,
    .n_floors = G_N_ELEMENTS (sample_floors),
    .n_fees = 4,
    .n_payments = 1,
    .address = "ارومیه، منطقه ۱، خیابان شهید بهشتی، کوچه ۱۲ (یاس)، پلاک ۳۴",
    .land_use = "mixed",
    .conditions = {
      "رعایت کامل نقشه‌های مصوب و ضوابط طرح تفصیلی الزامی است.",
      "شروع عملیات ساختمانی منوط به معرفی مهندس ناظر است.",
      "نصب تابلوی مشخصات پروانه در محل کارگاه الزامی است.",
      "اعتبار این پروانه دو سال از تاریخ صدور است.",
      NULL,
    },
    .engineer_names = { "سعید مرادی", "نرگس احمدی", "شرکت ساختمانی آرمان‌سازان" },
  };

  return build (key, &spec);
}

PkApiPermit *
pt_worst_permit (const PtPermitKey *key)
{
  static const Owner owners[] = {
    { "عبدالرحمن غلامحسین‌زاده قره‌باغی اصفهانی‌نژاد میرمحمدصادقی تبریزی", "049****899", 25 },
    { "فاطمه‌السادات حسینی‌طباطبائی شیخ‌الاسلامی موسوی‌خوئینی‌ها", "273****114", 25 },
    { "سیدمحمدحسین میرعمادی خسروشاهی‌نژاد قزوینی", "152****773", 25 },
    { "زهرا سادات امیرابراهیمی آذربایجانی‌پور", "421****056", 25 },
  };
  g_autofree FloorSpec *floors = g_new0 (FloorSpec, 30);
  g_autoptr(GString) conditions = g_string_new (NULL);
  g_autofree char *long_condition = NULL;
  Spec spec = {
    .owners = owners,
    .n_owners = G_N_ELEMENTS (owners),
    .floors = floors,
    .n_floors = 30,
    .n_fees = 12,
    .n_payments = 6,
    .address = "ارومیه، منطقه ۵، بلوار شهید دکتر مصطفی چمران، خیابان استاد شهریار، "
               "کوچه شهید حسین‌زاده (گلستان ششم)، بن‌بست اقاقیا، ساختمان مهرگان، پلاک ۱۲۳۴، "
               "طبقه همکف، کد پستی ۵۷۱۳۴۷۳۱۵۵",
    /* The longest Persian name of a land use. */
    .land_use = "mixed",
    .engineer_names = {
      "مهندس سیدعبدالحمید میرغفاری خسروشاهی‌زاده",
      "مهندس فاطمه‌السادات حسینی‌طباطبائی",
      "شرکت مهندسی و ساختمانی آرمان‌سازان پایدار شمال‌غرب (سهامی خاص)",
    },
  };

  /* Three basements, the ground floor, then 26 like floors: the run folds. */
  for (int i = 0; i < 30; i++)
    {
      floors[i].level = i - 3;
      floors[i].use = i < 4 ? "parking" : (i < 6 ? "commercial" : "residential");
      floors[i].area = i < 4 ? 420 : (i < 6 ? 380.25 + i : 395.75);
      floors[i].units = i < 4 ? 0 : (i < 6 ? 3 : 4);
    }
  /* Two odd floors in the run, so the fold meets more than one run. */
  floors[17].area = 320;
  floors[29].area = 210.5;
  floors[29].units = 1;

  while (g_utf8_strlen (conditions->str, -1) < 2000)
    g_string_append (conditions, "رعایت کامل ضوابط ایمنی، آتش‌نشانی، مبحث نوزدهم مقررات ملی "
                                 "ساختمان و حفاظت کارگاه در تمام مراحل اجرای عملیات ساختمانی "
                                 "الزامی است و مسئولیت آن با مالک و مجری است. ");
  long_condition = g_utf8_substring (conditions->str, 0, 2000);
  spec.conditions[0] = long_condition;
  spec.conditions[1] = "شروع عملیات ساختمانی منوط به معرفی مهندس ناظر است.";
  spec.conditions[2] = NULL;
  return build (key, &spec);
}
