/* print-test-util.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "print-test-util.h"

static GDateTime *
tehran (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Tehran");

  return g_date_time_new (tz, year, month, day, hour, minute, 0);
}

/* An ordinary inquiry: what a counter prints dozens of times a day. */
PkInquirySlip *
pt_sample_slip (void)
{
  static const PkPagePoint outline[] = {
    { 0, 0 }, { 12.4, 0.6 }, { 13.1, 24.8 }, { 5.2, 26.0 }, { -0.4, 19.5 },
  };
  static const struct { const char *title; double area; gint64 p; double k; } fees[] = {
    { "عوارض صدور پروانه ساختمانی (زیربنای مسکونی)", 540.0, 1850000, 0.12 },
    { "عوارض تراکم مازاد بر پایه", 120.5, 1850000, 0.45 },
    { "عوارض پذیره تجاری", 48.0, 1850000, 1.2 },
    { "بهای خدمات آتش‌نشانی", 540.0, 1850000, 0.01 },
    { "عوارض کسری پارکینگ", 25.0, 1850000, 0.8 },
  };
  PkInquirySlip *slip = g_new0 (PkInquirySlip, 1);

  slip->municipality = g_strdup ("شهرداری اصفهان — منطقه ۶");
  slip->service = g_strdup ("پاسخ استعلام ضوابط شهرسازی و عوارض پروانه");
  slip->tracking_code = g_strdup ("1405083012345");
  slip->office = g_strdup ("دفتر پیشخوان ۱۲۳۴ اصفهان");
  slip->operator_name = g_strdup ("مریم احمدی");
  slip->issued_at = tehran (2026, 11, 21, 10, 42);
  slip->valid_until = tehran (2027, 2, 19, 0, 0);
  slip->rulebook_version = g_strdup ("1405.2");
  slip->renovation_code = g_strdup ("06-012-0345-0007");
  slip->registration_plate = g_strdup ("۱۲۵/۴۳۲ بخش ۵");
  slip->postal_code = g_strdup ("8174673111");
  slip->address = g_strdup ("اصفهان، خیابان چهارباغ بالا، کوچه لاله (۱۴)، پلاک ۲۷");
  slip->parcel_area = 318.75;
  slip->zone = g_strdup ("R122 — مسکونی با تراکم متوسط");
  slip->land_use = g_strdup ("مسکونی");
  slip->outline = g_memdup2 (outline, sizeof outline);
  slip->n_outline = G_N_ELEMENTS (outline);
  slip->max_density = 180;
  slip->max_occupancy = 60;
  slip->max_floors = 4;
  slip->max_height = 14.5;
  slip->setbacks = g_strdup ("۲ متر از بر شمالی؛ رعایت ۴۰٪ حیاط جنوبی");
  slip->parking = g_strdup ("یک واحد به ازای هر واحد مسکونی");
  slip->n_fees = G_N_ELEMENTS (fees);
  slip->fees = g_new0 (PkInquirySlipFee, slip->n_fees);
  for (gsize i = 0; i < slip->n_fees; i++)
    {
      slip->fees[i].title = g_strdup (fees[i].title);
      slip->fees[i].area = fees[i].area;
      slip->fees[i].price = fees[i].p;
      slip->fees[i].coefficient = fees[i].k;
      slip->fees[i].amount = (gint64) (fees[i].area * fees[i].p * fees[i].k);
      slip->total += slip->fees[i].amount;
    }
  slip->notes = g_strdup ("رعایت ضوابط طرح تفصیلی مصوب ۱۴۰۲ الزامی است. این پاسخ جایگزین پروانه "
                          "ساختمانی نیست.");
  return slip;
}

/* Everything at its worst at once: 30 fee items, 2,000 characters of notes, the longest names. */
PkInquirySlip *
pt_worst_slip (void)
{
  PkInquirySlip *slip = pt_sample_slip ();
  GString *notes = g_string_new (NULL);
  GString *address = g_string_new (NULL);

  g_free (slip->municipality);
  slip->municipality = g_strdup ("سازمان شهرداری‌ها و دهیاری‌های کشور — شهرداری کلان‌شهر اصفهان "
                                 "— معاونت شهرسازی و معماری — مدیریت شهرسازی منطقه چهاردهم");
  g_free (slip->operator_name);
  slip->operator_name = g_strdup ("سیده فاطمه‌زهرا میرمحمدصادقی طباطبایی‌نژاد اصفهانی‌زاده");
  g_free (slip->office);
  slip->office = g_strdup ("دفتر خدمات الکترونیک شهر و پیشخوان دولت شماره ۱۲۳۴۵۶ شعبه مرکزی "
                           "خیابان شیخ بهایی");
  while (address->len < 600)
    g_string_append (address, "خیابان آیت‌الله طالقانی، کوچه شهید مصطفی خمینی فرعی سوم، ");
  g_free (slip->address);
  slip->address = g_string_free (address, FALSE);

  for (gsize i = 0; i < slip->n_fees; i++)
    g_free (slip->fees[i].title);
  slip->fees = g_renew (PkInquirySlipFee, slip->fees, 30);
  slip->total = 0;
  for (gsize i = 0; i < 30; i++)
    {
      slip->fees[i].title = g_strdup_printf ("عوارض ردیف %zu: بهای خدمات نوسازی، بازسازی و "
                                             "بهسازی معابر و فضای سبز و آتش‌نشانی مرتبط با "
                                             "زیربنای مازاد مصوب کمیسیون ماده پنج", i + 1);
      slip->fees[i].area = 12345.67;
      slip->fees[i].price = 987654321;
      slip->fees[i].coefficient = 1.125;
      slip->fees[i].amount = 13716049347 + (gint64) i;
      slip->total += slip->fees[i].amount;
    }
  slip->n_fees = 30;

  while (g_utf8_strlen (notes->str, -1) < 2000)
    g_string_append (notes, "رعایت کلیه ضوابط و مقررات طرح تفصیلی و مصوبات کمیسیون ماده پنج "
                            "الزامی است و هرگونه تخلف پیگرد قانونی دارد. ");
  g_free (slip->notes);
  slip->notes = g_string_free (notes, FALSE);
  g_free (slip->setbacks);
  slip->setbacks = g_strdup ("عقب‌نشینی از بر شمالی به میزان مندرج در طرح تفصیلی و رعایت "
                             "پخ تقاطع و حریم خطوط انتقال نیرو و حریم قنات‌های ثبت‌شده");
  return slip;
}

gboolean
pt_have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

char *
pt_run (const char * const *argv,
        GError            **error)
{
  g_autoptr(GSubprocess) proc = NULL;
  char *out = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                            error);
  if (proc == NULL)
    return NULL;
  if (!g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, error))
    return NULL;
  if (!g_subprocess_get_successful (proc))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed", argv[0]);
      g_free (out);
      return NULL;
    }
  return out;
}

char *
pt_pdf_info (const char *pdf_path)
{
  g_autoptr(GError) error = NULL;
  char *out = pt_run ((const char * const[]) { "pdfinfo", pdf_path, NULL }, &error);

  g_assert_no_error (error);
  return out;
}

int
pt_pdf_pages (const char *pdf_path)
{
  g_autofree char *info = pt_pdf_info (pdf_path);
  const char *line = strstr (info, "Pages:");

  g_assert_nonnull (line);
  return atoi (line + strlen ("Pages:"));
}

char *
pt_pdf_text (const char *pdf_path)
{
  g_autoptr(GError) error = NULL;
  char *out = pt_run ((const char * const[]) { "pdftotext", "-enc", "UTF-8", pdf_path, "-", NULL },
                      &error);

  g_assert_no_error (error);
  return out;
}

/* The way a phone or a counter scanner would see the page: rasterised at 300 dpi, then zbar. */
char *
pt_decode_qr (const char *pdf_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pk-qr-XXXXXX", &error);
  g_autofree char *prefix = NULL;
  g_autofree char *png = NULL;
  g_autofree char *ppm_out = NULL;
  char *out;

  g_assert_no_error (error);
  prefix = g_build_filename (dir, "page", NULL);
  png = g_strconcat (prefix, ".png", NULL);
  ppm_out = pt_run ((const char * const[]) { "pdftoppm", "-r", "300", "-png", "-singlefile",
                                             pdf_path, prefix, NULL }, &error);
  g_assert_no_error (error);
  out = pt_run ((const char * const[]) { "zbarimg", "--nodbus", "--quiet", "--raw", png, NULL },
                &error);
  g_unlink (png);
  g_rmdir (dir);
  if (out == NULL)
    return NULL;
  g_strchomp (out);
  return out;
}

char *
pt_write_temp (GBytes     *bytes,
               const char *name)
{
  g_autoptr(GError) error = NULL;
  /* The pid keeps parallel runs (plain and sanitizer builds, two checkouts) apart. */
  g_autofree char *unique = g_strdup_printf ("%d-%s", (int) getpid (), name);
  char *path = g_build_filename (g_get_tmp_dir (), unique, NULL);

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  g_test_message ("wrote %s", path);
  return path;
}

PtPrinter *
pt_printer_start (const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  PtPrinter *printer = g_new0 (PtPrinter, 1);
  const char *script = g_getenv ("PK_IPPEVEPRINTER_SH");

  g_assert_nonnull (script);
  printer->spool_dir = g_dir_make_tmp ("pk-spool-XXXXXX", &error);
  g_assert_no_error (error);

  printer->harness = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                       &error, "bash", script, printer->spool_dir,
                                       command != NULL ? command : "/bin/true", NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (printer->harness));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      if (line == NULL)
        break;
      if (g_str_has_prefix (line, "URI="))
        printer->uri = g_strdup (line + 4);
      else if (g_str_has_prefix (line, "PID="))
        {
          printer->printer_pid = atoi (line + 4);
          break;
        }
    }
  if (printer->uri == NULL || printer->printer_pid <= 0)
    {
      pt_printer_stop (printer);
      return NULL;
    }
  return printer;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

void
pt_printer_stop (PtPrinter *printer)
{
  if (printer == NULL)
    return;
  if (printer->harness != NULL)
    {
      /* EOF on its stdin tells the harness to stop the printer and the bus. */
      g_output_stream_close (g_subprocess_get_stdin_pipe (printer->harness), NULL, NULL);
      g_subprocess_wait (printer->harness, NULL, NULL);
      g_clear_object (&printer->harness);
    }
  remove_dir (printer->spool_dir);
  g_free (printer->spool_dir);
  g_free (printer->uri);
  g_free (printer);
}

/* Whether a connection to the printer's port is refused: nobody listens there any more. */
static gboolean
port_refuses (const char *uri)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  address = g_network_address_parse_uri (uri, 631, &error);
  g_assert_no_error (error);
  connection = g_socket_client_connect (client, address, NULL, &error);
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

/**
 * pt_printer_wait_gone:
 * @timeout_ms: how long the printer may take to go; the test fails after that
 *
 * Waits until the printer's process has exited after a kill, with its listening socket (the
 * kernel closes a process's files before it reports the exit), without waiting for the
 * harness to reap it: on a pidfd, the kernel's own event for that exit.
 */
void
pt_printer_wait_gone (PtPrinter *printer,
                      guint      timeout_ms)
{
  struct pollfd exited = { -1, POLLIN, 0 };
  gint64 deadline = g_get_monotonic_time () + timeout_ms * (gint64) 1000;
  int n;

  exited.fd = (int) syscall (SYS_pidfd_open, printer->printer_pid, 0);
  if (exited.fd < 0 && errno == ESRCH)
    return;   /* exited and reaped already */
  if (exited.fd >= 0)
    {
      do
        n = poll (&exited, 1, MAX (0, (deadline - g_get_monotonic_time ()) / 1000));
      while (n < 0 && errno == EINTR);
      close (exited.fd);
      if (n <= 0)
        g_error ("printer %d still running %u ms after it was killed", (int) printer->printer_pid,
                 timeout_ms);
      return;
    }
  /* No pidfd (a kernel before 5.3, or a seccomp filter): ask the port itself. */
  g_test_message ("pidfd_open: %s; waiting for the port to refuse", g_strerror (errno));
  while (!port_refuses (printer->uri))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("printer %s still listening %u ms after it was killed", printer->uri, timeout_ms);
      g_usleep (10 * 1000);
    }
}
