/* pk-sandbox-city.c — the generated sample city and the sandbox's SQLite schema
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A seed gives one city, byte for byte: the generator uses its own splitmix64 stream (not
 * GRand, whose sequence is not a promise) and inserts everything in one transaction.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <sodium.h>
#include <string.h>

#include "pk-sandbox-city.h"
#include "pk-sandbox-json.h"
#include "pk-text.h"
#include "pk-validate.h"

#define N_DISTRICTS        5
#define BLOCKS_PER_DISTRICT 12
#define ALLEYS_PER_BLOCK   4

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS districts (id INTEGER PRIMARY KEY, name_fa TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS parcels (renovation_code TEXT PRIMARY KEY, district INTEGER,"
  "  block INTEGER, postal_code TEXT NOT NULL, zone TEXT NOT NULL, land_use TEXT NOT NULL,"
  "  area_m2 REAL, frontage_m REAL, passage_width_m REAL, address_fa TEXT, json TEXT NOT NULL)"
  "  WITHOUT ROWID;"
  "CREATE INDEX IF NOT EXISTS parcels_postal ON parcels (postal_code, renovation_code);"
  "CREATE TABLE IF NOT EXISTS owners (renovation_code TEXT, ord INTEGER, national_id TEXT,"
  "  first_name TEXT, last_name TEXT, share_percent REAL, PRIMARY KEY (renovation_code, ord))"
  "  WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS zones (code TEXT PRIMARY KEY, kind TEXT, title_fa TEXT,"
  "  land_use TEXT, min_plot_area_m2 REAL);"
  "CREATE TABLE IF NOT EXISTS zone_rules (zone TEXT, min_area_m2 REAL, max_area_m2 REAL,"
  "  density_percent REAL, occupancy_percent REAL, max_floors INTEGER, max_height_m REAL,"
  "  setback_front_m REAL, setback_back_m REAL, parking_per_unit REAL,"
  "  PRIMARY KEY (zone, min_area_m2));"
  "CREATE TABLE IF NOT EXISTS zone_prices (district INTEGER, block INTEGER, year INTEGER,"
  "  price_p_rial INTEGER, PRIMARY KEY (district, block, year));"
  "CREATE TABLE IF NOT EXISTS services (code TEXT PRIMARY KEY, ord INTEGER, kind TEXT,"
  "  fee_formula TEXT, json TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS fee_items (formula TEXT, ord INTEGER, code TEXT, title_fa TEXT,"
  "  title_en TEXT, expression TEXT, display TEXT, coefficient REAL,"
  "  PRIMARY KEY (formula, ord));"
  "CREATE TABLE IF NOT EXISTS fee_samples (formula TEXT, item_code TEXT, area REAL,"
  "  land_area REAL, frontage REAL, P REAL, floors REAL, units REAL, length REAL, days REAL,"
  " expected_rial INTEGER);"
  "CREATE TABLE IF NOT EXISTS offices (code TEXT PRIMARY KEY, name_fa TEXT, city_fa TEXT);"
  "CREATE TABLE IF NOT EXISTS accounts (office_code TEXT, username TEXT, display_name TEXT,"
  "  role TEXT, password_hash TEXT, PRIMARY KEY (office_code, username));"
  "CREATE TABLE IF NOT EXISTS inquiries (id TEXT PRIMARY KEY, tracking_code TEXT UNIQUE,"
  "  office_code TEXT, username TEXT, renovation_code TEXT, service_code TEXT,"
  "  created_at INTEGER, total_rial INTEGER, json TEXT);"
  "CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, office_code TEXT, username TEXT,"
  "  sha256 TEXT, size INTEGER, content_type TEXT, filename TEXT, created_at INTEGER);"
  "CREATE TABLE IF NOT EXISTS applications (id TEXT PRIMARY KEY, tracking_code TEXT UNIQUE,"
  "  office_code TEXT, username TEXT, service_code TEXT, renovation_code TEXT, status TEXT,"
  "  submitted_at INTEGER, review_delay INTEGER, total_rial INTEGER, paid_rial INTEGER,"
  "  floors INTEGER, built_area REAL, units INTEGER, permit_no TEXT, decision_note TEXT,"
  "  fees_json TEXT, request_json TEXT);"
  "CREATE TABLE IF NOT EXISTS applicants (application_id TEXT, ord INTEGER, national_id TEXT,"
  "  first_name TEXT, last_name TEXT, PRIMARY KEY (application_id, ord));"
  "CREATE TABLE IF NOT EXISTS timeline (application_id TEXT, seq INTEGER, status TEXT,"
  "  at INTEGER, note_fa TEXT, PRIMARY KEY (application_id, seq));"
  "CREATE TABLE IF NOT EXISTS payments (id TEXT PRIMARY KEY, application_id TEXT,"
  "  office_code TEXT, username TEXT, reference TEXT, amount_rial INTEGER, at INTEGER);"
  "CREATE TABLE IF NOT EXISTS idempotency (office_code TEXT, key TEXT, body_sha256 TEXT,"
  "  status INTEGER, response TEXT, created_at INTEGER, PRIMARY KEY (office_code, key));"
  "CREATE TABLE IF NOT EXISTS permits (permit_no TEXT PRIMARY KEY, application_id TEXT,"
  "  tracking_code TEXT, renovation_code TEXT, status TEXT, issued_at INTEGER,"
  "  expires_on TEXT, key_id TEXT, qr_payload TEXT, json TEXT);"
  "CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER);";

/* The training accounts: documented in pk-sandbox-server.h, keep both in step. */
static const PkSandboxAccount accounts[] = {
  { "12034", "op1", "op1-1405", "operator", "مریم رضایی" },
  { "12034", "op2", "op2-1405", "operator", "علی محمدی" },
  { "12034", "sup1", "sup1-1405", "supervisor", "حسین قاسمی" },
  { "12034", "kiosk1", "kiosk1-1405", "kiosk", "کیوسک تالار شهرداری" },
  { "12035", "op1", "op1-1405", "operator", "زهرا حسینی" },
  { "12035", "sup1", "sup1-1405", "supervisor", "رضا اکبری" },
  { "12035", "kiosk1", "kiosk1-1405", "kiosk", "کیوسک منطقه دو" },
  { "12051", "op1", "op1-1405", "operator", "فاطمه نوری" },
  { "12051", "sup1", "sup1-1405", "supervisor", "مهدی صادقی" },
  { "12051", "kiosk1", "kiosk1-1405", "kiosk", "کیوسک منطقه پنج" },
};

static const struct { const char *code, *name, *city; } offices[] = {
  { "12034", "دفتر پیشخوان دولت ۱۲۰۳۴ — خیابان امام", "ارومیه" },
  { "12035", "دفتر پیشخوان دولت ۱۲۰۳۵ — بلوار عصر", "ارومیه" },
  { "12051", "دفتر پیشخوان دولت ۱۲۰۵۱ — خیابان کاشانی", "ارومیه" },
};

static const char *district_names[N_DISTRICTS] = {
  "منطقه یک (مرکزی)", "منطقه دو", "منطقه سه", "منطقه چهار", "منطقه پنج",
};

static const char *streets[] = {
  "خیابان امام", "خیابان کاشانی", "خیابان عطایی", "خیابان خیام", "خیابان مدرس",
  "خیابان طالقانی", "خیابان دانشکده", "خیابان شهید بهشتی", "خیابان سرداران", "خیابان مدنی",
  "خیابان شهید باکری", "خیابان والفجر", "بلوار ارشاد", "بلوار عصر", "خیابان ورزش",
  "خیابان فرهنگ", "خیابان حسنی", "خیابان مطهری", "بلوار شهید قربانی", "خیابان شیخ‌تپه",
  "خیابان کشاورز", "بلوار جمهوری", "خیابان سعدی", "خیابان فردوسی", "خیابان هفت تیر",
  "بلوار آزادی", "خیابان پاسداران", "خیابان ابوذر", "خیابان منتظری", "بلوار والفجر دو",
  "خیابان نیایش", "خیابان بهار", "خیابان اندیشه", "خیابان امامت", "خیابان شهرک غرب",
};

static const char *alley_names[] = {
  "نسترن", "یاس", "لاله", "شقایق", "نرگس", "بنفشه", "اقاقیا", "صنوبر", "چنار", "سرو",
  "ارغوان", "مریم", "سوسن", "گلستان", "بهارستان", "شهید رجایی", "شهید چمران", "فجر",
  "مهر", "آزادگان", "ایثار", "سعادت", "امید", "فرشته", "کوثر", "زیتون", "پونه", "نیلوفر",
};

static const char *first_names[] = {
  "محمد", "علی", "حسین", "رضا", "مهدی", "حسن", "امیر", "جواد", "سعید", "مصطفی", "حمید",
  "یوسف", "بهروز", "کریم", "ناصر", "آرش", "فرهاد", "بابک", "یونس", "صمد",
  "فاطمه", "زهرا", "مریم", "معصومه", "سکینه", "لیلا", "نرگس", "سمیرا", "پروین", "شهلا",
  "الهام", "سارا", "مینا", "رقیه", "طاهره", "نسرین", "آیدا", "پریسا", "ژیلا", "سیما",
};

static const char *last_names[] = {
  "محمدی", "حسینی", "رضایی", "احمدی", "کریمی", "قاسمی", "اکبری", "جعفری", "صادقی",
  "نوری", "رحیمی", "موسوی", "ابراهیمی", "حیدری", "عباسی", "پورمحمد", "آذری", "ارومیه‌ای",
  "تبریزی", "قره‌داغی", "باقرزاده", "علیزاده", "حسن‌زاده", "نژادی", "ولی‌پور", "اصغرزاده",
  "فتحی", "خلیلی", "رستمی", "سلطانی", "یزدانی", "شیرزاد", "بهرامی", "زارعی", "نجفی",
};

typedef struct
{
  const char *code;
  char kind;
  const char *title_fa;
  const char *land_use;
  gdouble min_plot;
  gdouble density;     /* of the smallest band */
  gdouble occupancy;
  guint floors;
  gdouble parking;
} ZoneDef;

static const ZoneDef zones[] = {
  { "R1", 'R', "پهنه سکونت کم‌تراکم", "residential", 200, 100, 60, 2, 1.0 },
  { "R2", 'R', "پهنه سکونت میان‌تراکم", "residential", 150, 150, 60, 3, 1.0 },
  { "R3", 'R', "پهنه سکونت پرتراکم", "residential", 120, 180, 60, 4, 1.0 },
  { "S1", 'S', "پهنه فعالیت (تجاری و اداری)", "commercial", 250, 160, 70, 3, 1.5 },
  { "S2", 'S', "پهنه فعالیت (خدمات شهری)", "services", 500, 120, 50, 3, 1.5 },
  { "M1", 'M', "پهنه مختلط (مسکونی و تجاری)", "mixed", 200, 200, 65, 4, 1.2 },
  { "G1", 'G', "پهنه حفاظت و فضای سبز", "green", 1000, 10, 5, 1, 0.0 },
};

/* Bands of plot area: larger plots get more density and floors, less occupancy. */
static const struct
{
  gdouble min, max, density_mul;
  guint   extra_floors;
  gdouble occ_less;
} bands[] = {
  { 0, 200, 1.0, 0, 0 },
  { 200, 300, 1.2, 0, 0 },
  { 300, 500, 1.4, 1, 5 },
  { 500, 1000, 1.6, 1, 5 },
  { 1000, 1000000, 1.8, 2, 10 },
};

const PkSandboxAccount *
pk_sandbox_city_accounts (guint *n_accounts)
{
  if (n_accounts)
    *n_accounts = G_N_ELEMENTS (accounts);
  return accounts;
}

void
pk_sandbox_db_set_error (GError     **error,
                         sqlite3     *db,
                         const char  *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, sqlite3_errmsg (db));
}

gboolean
pk_sandbox_db_exec (sqlite3     *db,
                    const char  *sql,
                    GError     **error)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "SQLite: %s", msg ? msg : "?");
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

gboolean
pk_sandbox_city_create_schema (sqlite3  *db,
                               GError  **error)
{
  return pk_sandbox_db_exec (db, schema_sql, error);
}

/* splitmix64: tiny, fast and the same everywhere. */
typedef struct { guint64 state; } Rng;

static guint64
rng_next (Rng *r)
{
  guint64 z = (r->state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* A number from @lo to @hi, both included. */
static guint
rng_range (Rng   *r,
           guint  lo,
           guint  hi)
{
  return lo + (guint) (rng_next (r) % (guint64) (hi - lo + 1));
}

static const char *
rng_pick (Rng         *r,
          const char **list,
          guint        n)
{
  return list[rng_next (r) % n];
}

static void
make_national_id (Rng  *r,
                  char  out[11])
{
  static const char *prefixes[] = { "275", "276", "277", "278", "279", "280", "001", "004" };
  const char *pre;
  guint sum = 0, rem;

  do
    {
      pre = rng_pick (r, prefixes, G_N_ELEMENTS (prefixes));
      memcpy (out, pre, 3);
      for (guint i = 3; i < 9; i++)
        out[i] = (char) ('0' + rng_range (r, 0, 9));
      sum = 0;
      for (guint i = 0; i < 9; i++)
        sum += (guint) (out[i] - '0') * (10 - i);
      rem = sum % 11;
      out[9] = (char) ('0' + (rem < 2 ? rem : 11 - rem));
      out[10] = '\0';
    }
  while (!pk_validate_national_id (out, NULL, NULL));
}

static char *
mask_national_id (const char *id)
{
  return g_strdup_printf ("%.3s****%.3s", id, id + 7);
}

static gdouble
round2 (gdouble v)
{
  return round (v * 100.0) / 100.0;
}

/* Returns: (transfer full) (nullable): @sql prepared on @db, or %NULL with @error set */
sqlite3_stmt *
pk_sandbox_db_prepare (sqlite3     *db,
                       const char  *sql,
                       GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    pk_sandbox_db_set_error (error, db, "prepare");
  return stmt;
}

/* Runs an insert, then readies @stmt for the next row (bindings cleared: each row binds its
 * own). */
gboolean
pk_sandbox_db_step_reset (sqlite3       *db,
                          sqlite3_stmt  *stmt,
                          GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      pk_sandbox_db_set_error (error, db, "insert");
      return FALSE;
    }
  return TRUE;
}

static void
finalize_stmt (sqlite3_stmt *stmt)
{
  sqlite3_finalize (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, finalize_stmt)

static gboolean
insert_zones (sqlite3  *db,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) z =
    pk_sandbox_db_prepare (db, "INSERT INTO zones VALUES (?,?,?,?,?)", error);
  g_autoptr(sqlite3_stmt) b = NULL;

  if (z == NULL)
    return FALSE;
  b = pk_sandbox_db_prepare (db, "INSERT INTO zone_rules VALUES (?,?,?,?,?,?,?,?,?,?)", error);
  if (b == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      const ZoneDef *zd = &zones[i];
      char kind[2] = { zd->kind, 0 };

      sqlite3_bind_text (z, 1, zd->code, -1, SQLITE_STATIC);
      sqlite3_bind_text (z, 2, kind, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (z, 3, zd->title_fa, -1, SQLITE_STATIC);
      sqlite3_bind_text (z, 4, zd->land_use, -1, SQLITE_STATIC);
      sqlite3_bind_double (z, 5, zd->min_plot);
      if (!pk_sandbox_db_step_reset (db, z, error))
        return FALSE;
      for (guint j = 0; j < G_N_ELEMENTS (bands); j++)
        {
          guint floors = zd->kind == 'G' ? 1 : zd->floors + bands[j].extra_floors;
          gdouble occ = zd->kind == 'G' ? zd->occupancy : zd->occupancy - bands[j].occ_less;
          gdouble dens = zd->kind == 'G' ? zd->density : round (zd->density * bands[j].density_mul);

          sqlite3_bind_text (b, 1, zd->code, -1, SQLITE_STATIC);
          sqlite3_bind_double (b, 2, bands[j].min);
          sqlite3_bind_double (b, 3, bands[j].max);
          sqlite3_bind_double (b, 4, dens);
          sqlite3_bind_double (b, 5, occ);
          sqlite3_bind_int (b, 6, (int) floors);
          sqlite3_bind_double (b, 7, round2 (floors * 3.3 + 1.2));
          sqlite3_bind_double (b, 8, zd->kind == 'S' ? 3.0 : 0.0);
          sqlite3_bind_double (b, 9, zd->kind == 'G' ? 0.0 : 3.0 + 0.5 * j);
          sqlite3_bind_double (b, 10, zd->parking);
          if (!pk_sandbox_db_step_reset (db, b, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
insert_offices (sqlite3  *db,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) o =
    pk_sandbox_db_prepare (db, "INSERT INTO offices VALUES (?,?,?)", error);
  g_autoptr(sqlite3_stmt) a = NULL;

  if (o == NULL)
    return FALSE;
  a = pk_sandbox_db_prepare (db, "INSERT INTO accounts VALUES (?,?,?,?,?)", error);
  if (a == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (offices); i++)
    {
      sqlite3_bind_text (o, 1, offices[i].code, -1, SQLITE_STATIC);
      sqlite3_bind_text (o, 2, offices[i].name, -1, SQLITE_STATIC);
      sqlite3_bind_text (o, 3, offices[i].city, -1, SQLITE_STATIC);
      if (!pk_sandbox_db_step_reset (db, o, error))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      char hash[crypto_pwhash_STRBYTES];

      /* Minimum Argon2id limits: training passwords are public, and login must stay instant. */
      if (crypto_pwhash_str (hash, accounts[i].password, strlen (accounts[i].password),
                             crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN) != 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "crypto_pwhash_str failed");
          return FALSE;
        }
      sqlite3_bind_text (a, 1, accounts[i].office_code, -1, SQLITE_STATIC);
      sqlite3_bind_text (a, 2, accounts[i].username, -1, SQLITE_STATIC);
      sqlite3_bind_text (a, 3, accounts[i].display_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (a, 4, accounts[i].role, -1, SQLITE_STATIC);
      sqlite3_bind_text (a, 5, hash, -1, SQLITE_TRANSIENT);
      if (!pk_sandbox_db_step_reset (db, a, error))
        return FALSE;
    }
  return TRUE;
}

static char *
persian_int (guint v)
{
  char buf[16];

  g_snprintf (buf, sizeof buf, "%u", v);
  return pk_text_digits_to_persian (buf);
}

static const char *
block_zone (Rng   *r,
            guint  district)
{
  guint roll = rng_range (r, 0, 99);

  if (district == 1)
    return roll < 35 ? "M1" : roll < 60 ? "S1" : roll < 90 ? "R3" : roll < 95 ? "S2" : "G1";
  return roll < 30 ? "R2" : roll < 55 ? "R3" : roll < 70 ? "R1" : roll < 82 ? "M1" :
         roll < 90 ? "S1" : roll < 96 ? "S2" : "G1";
}

static const char *
zone_land_use (const char *zone,
               Rng        *r)
{
  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    if (strcmp (zones[i].code, zone) == 0)
      {
        if (zones[i].kind == 'S' && zones[i].land_use[0] == 's')
          {
            static const char *uses[] = { "educational", "health", "administrative", "services" };
            return rng_pick (r, uses, G_N_ELEMENTS (uses));
          }
        return zones[i].land_use;
      }
  g_assert_not_reached ();
}

/**
 * pk_sandbox_city_generate:
 *
 * Fills an empty database (schema already created) with the city of @seed, in one transaction.
 */
gboolean
pk_sandbox_city_generate (sqlite3  *db,
                          guint64   seed,
                          GError  **error)
{
  static const char postal_digits[] = "1346789";
  static const guint district_price[N_DISTRICTS] = { 42000000, 36000000, 30000000, 24000000,
                                                     18000000 };
  Rng rng = { seed ^ G_GUINT64_CONSTANT (0x5049534B48414E31) };  /* "PISKHAN1" */
  g_autoptr(sqlite3_stmt) ins_parcel = NULL;
  g_autoptr(sqlite3_stmt) ins_owner = NULL;
  g_autoptr(sqlite3_stmt) ins_price = NULL;
  g_autoptr(sqlite3_stmt) ins_district = NULL;
  g_autofree char *seed_str = NULL;
  g_autofree char *hash = NULL;
  guint n_parcels = 0;

  if (sodium_init () < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "libsodium init failed");
      return FALSE;
    }
  if (!pk_sandbox_db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  ins_parcel = pk_sandbox_db_prepare (db, "INSERT INTO parcels VALUES (?,?,?,?,?,?,?,?,?,?,?)", error);
  ins_owner = ins_parcel ? pk_sandbox_db_prepare (db, "INSERT INTO owners VALUES (?,?,?,?,?,?)", error) : NULL;
  ins_price = ins_owner ? pk_sandbox_db_prepare (db, "INSERT INTO zone_prices VALUES (?,?,?,?)", error) : NULL;
  ins_district = ins_price ? pk_sandbox_db_prepare (db, "INSERT INTO districts VALUES (?,?)", error) : NULL;
  if (ins_district == NULL || !insert_zones (db, error) || !insert_offices (db, error))
    goto fail;

  for (guint d = 1; d <= N_DISTRICTS; d++)
    {
      sqlite3_bind_int (ins_district, 1, (int) d);
      sqlite3_bind_text (ins_district, 2, district_names[d - 1], -1, SQLITE_STATIC);
      if (!pk_sandbox_db_step_reset (db, ins_district, error))
        goto fail;

      for (guint b = 1; b <= BLOCKS_PER_DISTRICT; b++)
        {
          guint block_no = b * 7 + rng_range (&rng, 0, 5);   /* blocks are not numbered 1..n */
          const char *zone = block_zone (&rng, d);
          const char *street = rng_pick (&rng, streets, G_N_ELEMENTS (streets));
          guint n_here = 44 + rng_range (&rng, 0, 8);
          gdouble block_x = (d - 1) * 2400.0 + ((b - 1) % 4) * 520.0;
          gdouble block_y = ((b - 1) / 4) * 420.0;
          guint price = district_price[d - 1] / 100000 * rng_range (&rng, 80, 130) * 1000;
          char postal_area[6];
          guint reg_main = 1000 + d * 700 + block_no * 13;
          guint next_sub = rng_range (&rng, 1, 40);
          const char *alleys[ALLEYS_PER_BLOCK];
          gdouble alley_x[ALLEYS_PER_BLOCK] = { 0 };
          guint alley_plate[ALLEYS_PER_BLOCK];
          gdouble alley_width[ALLEYS_PER_BLOCK];

          postal_area[0] = '5';
          postal_area[1] = '7';
          postal_area[2] = postal_digits[d - 1];
          postal_area[3] = postal_digits[(b - 1) / 7];
          postal_area[4] = postal_digits[(b - 1) % 7];
          postal_area[5] = '\0';

          for (guint y = 1403; y <= 1405; y++)
            {
              /* P rose about 20 % a year. */
              guint p = y == 1405 ? price : y == 1404 ? price / 1200 * 1000 :
                        price / 1440 * 1000;

              sqlite3_bind_int (ins_price, 1, (int) d);
              sqlite3_bind_int (ins_price, 2, (int) block_no);
              sqlite3_bind_int (ins_price, 3, (int) y);
              sqlite3_bind_int64 (ins_price, 4, p);
              if (!pk_sandbox_db_step_reset (db, ins_price, error))
                goto fail;
            }
          for (guint a = 0; a < ALLEYS_PER_BLOCK; a++)
            {
              alleys[a] = rng_pick (&rng, alley_names, G_N_ELEMENTS (alley_names));
              alley_plate[a] = rng_range (&rng, 1, 6) * 2;
              alley_width[a] = a == 0 ? 20.0 + rng_range (&rng, 0, 2) * 4.0 :
                               6.0 + rng_range (&rng, 0, 4) * 2.0;
            }

          for (guint i = 0; i < n_here; i++)
            {
              guint alley = i % ALLEYS_PER_BLOCK;
              guint parcel_no = i + 1 + (i / 10) * 2;
              gdouble frontage = rng_range (&rng, 80, 220) / 10.0;
              gdouble depth = rng_range (&rng, 120, 300) / 10.0;
              gdouble area, x0, y0, passage;
              const char *pzone = zone;
              char reno[32], postal[16], nid[11];
              g_autofree char *plate_fa = NULL;
              g_autofree char *alley_fa = NULL;
              g_autofree char *address = NULL;
              g_autofree char *json = NULL;
              g_autoptr(JsonBuilder) jb = json_builder_new ();
              g_autoptr(JsonNode) root = NULL;
              guint n_owners, plate, roll;
              static const double shares[4][3] = {
                { 100, 0, 0 }, { 50, 50, 0 }, { 60, 40, 0 }, { 40, 30, 30 } };
              guint share_set;

              if (zone[0] == 'G' && i % 5 != 0)
                depth *= 2;   /* parks and gardens are large */
              if (alley == 0 && zone[0] == 'R' && rng_range (&rng, 0, 3) == 0)
                pzone = "M1"; /* the main street's frontage is often mixed-use */
              area = round2 (frontage * depth);
              passage = alley_width[alley];
              x0 = block_x + alley_x[alley];
              y0 = block_y + alley * 95.0;
              alley_x[alley] += frontage;
              plate = alley_plate[alley];
              alley_plate[alley] += rng_range (&rng, 1, 2) * 2;

              g_snprintf (reno, sizeof reno, "%02u-%03u-%03u-000-000-000", d, block_no, parcel_no);
              g_snprintf (postal, sizeof postal, "%s%u%u%03u", postal_area, alley + 1,
                          (plate / 1000) % 10, plate % 1000);
              if (!pk_validate_postal_code (postal, NULL, NULL) ||
                  !pk_validate_renovation_code (reno, PK_SANDBOX_CITY_PATTERN, NULL, NULL))
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "generator produced an invalid identifier %s / %s", reno, postal);
                  goto fail;
                }

              plate_fa = persian_int (plate);
              if (alley == 0)
                address = g_strdup_printf ("ارومیه، %s، %s، پلاک %s", district_names[d - 1],
                                           street, plate_fa);
              else
                {
                  roll = rng_range (&rng, 0, 1);
                  alley_fa = persian_int (alley * 2 + (block_no % 9));
                  if (roll == 0)
                    address = g_strdup_printf ("ارومیه، %s، %s، کوچه %s، پلاک %s",
                                               district_names[d - 1], street, alleys[alley],
                                               plate_fa);
                  else
                    address = g_strdup_printf ("ارومیه، %s، %s، کوچه %s (%s)، پلاک %s",
                                               district_names[d - 1], street, alley_fa,
                                               alleys[alley], plate_fa);
                }

              json_builder_begin_object (jb);
              json_builder_set_member_name (jb, "renovation_code");
              json_builder_add_string_value (jb, reno);
              json_builder_set_member_name (jb, "registration_plate");
              json_builder_begin_object (jb);
              json_builder_set_member_name (jb, "section");
              json_builder_add_int_value (jb, d);
              json_builder_set_member_name (jb, "main");
              json_builder_add_int_value (jb, reg_main);
              json_builder_set_member_name (jb, "sub");
              json_builder_add_int_value (jb, next_sub);
              json_builder_end_object (jb);
              next_sub += rng_range (&rng, 1, 3);
              json_builder_set_member_name (jb, "postal_code");
              json_builder_add_string_value (jb, postal);
              json_builder_set_member_name (jb, "address_fa");
              json_builder_add_string_value (jb, address);
              json_builder_set_member_name (jb, "district");
              json_builder_add_int_value (jb, d);
              json_builder_set_member_name (jb, "block");
              json_builder_add_int_value (jb, block_no);
              json_builder_set_member_name (jb, "area_m2");
              json_builder_add_double_value (jb, area);
              json_builder_set_member_name (jb, "frontage_m");
              json_builder_add_double_value (jb, frontage);
              json_builder_set_member_name (jb, "passage_width_m");
              json_builder_add_double_value (jb, passage);
              /* The detailed plan widens some alleys by two metres: each side gives up a metre
               * along its frontage. Derived, not drawn from the generator, so that every other
               * parcel stays as it was seeded before. */
              {
                gdouble planned = passage + (alley != 0 && (block_no + alley) % 3 == 0 ? 2.0 : 0.0);

                json_builder_set_member_name (jb, "planned_passage_width_m");
                json_builder_add_double_value (jb, planned);
                json_builder_set_member_name (jb, "area_after_widening_m2");
                json_builder_add_double_value (jb,
                                               round2 (area - frontage * (planned - passage) / 2));
              }
              json_builder_set_member_name (jb, "zone");
              json_builder_add_string_value (jb, pzone);
              json_builder_set_member_name (jb, "land_use");
              json_builder_add_string_value (jb, zone_land_use (pzone, &rng));
              json_builder_set_member_name (jb, "owners");
              json_builder_begin_array (jb);
              roll = rng_range (&rng, 0, 9);
              share_set = roll < 6 ? 0 : roll < 8 ? 1 : roll < 9 ? 2 : 3;
              n_owners = share_set == 0 ? 1 : share_set == 3 ? 3 : 2;
              for (guint o = 0; o < n_owners; o++)
                {
                  const char *fn = rng_pick (&rng, first_names, G_N_ELEMENTS (first_names));
                  const char *ln = rng_pick (&rng, last_names, G_N_ELEMENTS (last_names));
                  g_autofree char *full = g_strdup_printf ("%s %s", fn, ln);
                  g_autofree char *masked = NULL;

                  make_national_id (&rng, nid);
                  masked = mask_national_id (nid);
                  json_builder_begin_object (jb);
                  json_builder_set_member_name (jb, "name");
                  json_builder_add_string_value (jb, full);
                  json_builder_set_member_name (jb, "national_id_masked");
                  json_builder_add_string_value (jb, masked);
                  json_builder_set_member_name (jb, "share_percent");
                  json_builder_add_double_value (jb, shares[share_set][o]);
                  json_builder_end_object (jb);

                  sqlite3_bind_text (ins_owner, 1, reno, -1, SQLITE_STATIC);
                  sqlite3_bind_int (ins_owner, 2, (int) o);
                  sqlite3_bind_text (ins_owner, 3, nid, -1, SQLITE_STATIC);
                  sqlite3_bind_text (ins_owner, 4, fn, -1, SQLITE_STATIC);
                  sqlite3_bind_text (ins_owner, 5, ln, -1, SQLITE_STATIC);
                  sqlite3_bind_double (ins_owner, 6, shares[share_set][o]);
                  if (!pk_sandbox_db_step_reset (db, ins_owner, error))
                    goto fail;
                }
              json_builder_end_array (jb);
              json_builder_set_member_name (jb, "geometry");
              json_builder_begin_object (jb);
              json_builder_set_member_name (jb, "type");
              json_builder_add_string_value (jb, "Polygon");
              json_builder_set_member_name (jb, "coordinates");
              json_builder_begin_array (jb);
              json_builder_begin_array (jb);
              {
                const gdouble xs[5] = { x0, x0 + frontage, x0 + frontage, x0, x0 };
                const gdouble ys[5] = { y0, y0, y0 + depth, y0 + depth, y0 };

                for (guint k = 0; k < 5; k++)
                  {
                    json_builder_begin_array (jb);
                    json_builder_add_double_value (jb, round2 (xs[k]));
                    json_builder_add_double_value (jb, round2 (ys[k]));
                    json_builder_end_array (jb);
                  }
              }
              json_builder_end_array (jb);
              json_builder_end_array (jb);
              json_builder_end_object (jb);
              json_builder_end_object (jb);

              root = json_builder_get_root (jb);
              json = pk_sandbox_json_to_string (root);

              sqlite3_bind_text (ins_parcel, 1, reno, -1, SQLITE_STATIC);
              sqlite3_bind_int (ins_parcel, 2, (int) d);
              sqlite3_bind_int (ins_parcel, 3, (int) block_no);
              sqlite3_bind_text (ins_parcel, 4, postal, -1, SQLITE_STATIC);
              sqlite3_bind_text (ins_parcel, 5, pzone, -1, SQLITE_STATIC);
              sqlite3_bind_text (ins_parcel, 6, json_object_get_string_member (
                                   json_node_get_object (root), "land_use"), -1, SQLITE_TRANSIENT);
              sqlite3_bind_double (ins_parcel, 7, area);
              sqlite3_bind_double (ins_parcel, 8, frontage);
              sqlite3_bind_double (ins_parcel, 9, passage);
              sqlite3_bind_text (ins_parcel, 10, address, -1, SQLITE_STATIC);
              sqlite3_bind_text (ins_parcel, 11, json, -1, SQLITE_STATIC);
              if (!pk_sandbox_db_step_reset (db, ins_parcel, error))
                goto fail;
              n_parcels++;
            }
        }
    }

  seed_str = g_strdup_printf ("%" G_GUINT64_FORMAT, seed);
  {
    g_autoptr(sqlite3_stmt) meta = pk_sandbox_db_prepare (db, "INSERT OR REPLACE INTO meta VALUES (?,?)", error);
    g_autofree char *count = g_strdup_printf ("%u", n_parcels);
    const char *kv[][2] = {
      { "seed", seed_str }, { "parcels", count },
      { "rulebook_version", PK_SANDBOX_RULEBOOK_VERSION },
      { "renovation_pattern", PK_SANDBOX_CITY_PATTERN }, { "schema", "1" },
    };

    if (meta == NULL)
      goto fail;
    for (guint i = 0; i < G_N_ELEMENTS (kv); i++)
      {
        sqlite3_bind_text (meta, 1, kv[i][0], -1, SQLITE_STATIC);
        sqlite3_bind_text (meta, 2, kv[i][1], -1, SQLITE_STATIC);
        if (!pk_sandbox_db_step_reset (db, meta, error))
          goto fail;
      }
  }
  if (!pk_sandbox_db_exec (db, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  pk_sandbox_db_exec (db, "ROLLBACK", NULL);
  return FALSE;
}

/**
 * pk_sandbox_city_hash:
 *
 * SHA-256 (hex) over everything the generator wrote, in a fixed order; equal seeds give equal
 * hashes.
 */
char *
pk_sandbox_city_hash (sqlite3  *db,
                      GError  **error)
{
  static const char *queries[] = {
    "SELECT renovation_code || '|' || json FROM parcels ORDER BY renovation_code",
    "SELECT renovation_code || '|' || ord || '|' || national_id || '|' || first_name || '|' ||"
    " last_name || '|' || share_percent FROM owners ORDER BY renovation_code, ord",
    "SELECT district || '|' || block || '|' || year || '|' || price_p_rial FROM zone_prices"
    " ORDER BY district, block, year",
    "SELECT zone || '|' || min_area_m2 || '|' || density_percent || '|' || occupancy_percent"
    " || '|' || max_floors FROM zone_rules ORDER BY zone, min_area_m2",
  };
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(sqlite3_stmt) stmt = pk_sandbox_db_prepare (db, queries[q], error);
      int rc;

      if (stmt == NULL)
        return NULL;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_checksum_update (sum, sqlite3_column_text (stmt, 0), sqlite3_column_bytes (stmt, 0));
          g_checksum_update (sum, (const guchar *) "\n", 1);
        }
      if (rc != SQLITE_DONE)
        {
          pk_sandbox_db_set_error (error, db, "hash");
          return NULL;
        }
    }
  return g_strdup (g_checksum_get_string (sum));
}
