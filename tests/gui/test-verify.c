/* test-verify.c — the verify page in the real window: a permit issued by the training sandbox
 * is typed in as a keyboard-wedge scanner would, then forged, garbled and revoked.
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "gui-test-util.h"
#include "pk-permit-page.h"
#include "pk-status-page.h"
#include "pk-verify-page.h"
#include "print-test-util.h"

static PkVerifyPage *
verify_page (PkWindow *window)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  pk_test_collect_type (GTK_WIDGET (window), PK_TYPE_VERIFY_PAGE, pages);
  g_assert_cmpuint (pages->len, ==, 1);
  return pages->pdata[0];
}

static gboolean
keys_on_file (PkWindow *window,
              gpointer  data)
{
  return pk_trust_list_get_n_keys (data) > 0;
}

static gboolean
checked_online_or_done (PkWindow *window,
                        gpointer  data)
{
  return !pk_verify_page_get_busy (verify_page (window));
}

/* Types like a keyboard-wedge scanner: the whole code into the focused field, then Enter. */
static void
scan (PkWindow   *window,
      const char *code)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  pk_test_collect_type (GTK_WIDGET (verify_page (window)), GTK_TYPE_ENTRY, entries);
  g_assert_cmpuint (entries->len, ==, 1);
  gtk_editable_set_text (entries->pdata[0], code);
  g_signal_emit_by_name (entries->pdata[0], "activate");
}

static void
expect (PkWindow     *window,
        const char   *code,
        PkApiVerdict  offline,
        PkApiVerdict  online)
{
  scan (window, code);
  /* The offline verdict is there at once, before any answer from the network. */
  g_assert_cmpint (pk_verify_page_get_verdict (verify_page (window)), ==, offline);
  g_assert_false (pk_verify_page_get_online (verify_page (window)));
  pk_test_wait_until (window, checked_online_or_done, NULL, "the online check");
  g_assert_cmpint (pk_verify_page_get_verdict (verify_page (window)), ==, online);
  pk_test_settle ();
}

typedef struct
{
  gboolean  done;
  GBytes   *reply;
  GError   *error;
} Revoke;

static void
revoked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Revoke *r = data;

  r->reply = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &r->error);
  r->done = TRUE;
}

static gboolean
revoke_done (PkWindow *window,
             gpointer  data)
{
  return ((Revoke *) data)->done;
}

/* The sandbox's trainer hook, outside /api/v1; asynchronous, since the sandbox answers from
 * this very main loop. */
static void
revoke_permit (PkWindow    *window,
               PkApiClient *client,
               const char  *permit_no)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *base = g_strdup (pk_api_client_get_base_url (client));
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"status\":\"revoked\"}", 20);
  Revoke r = { 0 };

  *strstr (base, "/api/v1") = '\0';
  url = g_strdup_printf ("%s/_sandbox/permits/%s", base, permit_no);
  msg = soup_message_new ("POST", url);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, revoked_cb, &r);
  pk_test_wait_until (window, revoke_done, &r, "the revocation");
  g_assert_no_error (r.error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 204);
  g_bytes_unref (r.reply);
}

/* From the application's status to its permit, printed silently by the kiosk on a real IPP
 * printer: the first copy is the original, the second is marked as a duplicate; both journaled
 * only after the printer completed them. */
/* The QR as a scanner would read it off the printed page: the first PDF the printer kept,
 * rasterised at 300 dpi and decoded with zbarimg. */
static char *
scan_printed_qr (const char *spool_dir)
{
  g_autoptr(GDir) d = g_dir_open (spool_dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".pdf"))
      {
        g_autofree char *path = g_build_filename (spool_dir, name, NULL);

        return pt_decode_qr (path);
      }
  return NULL;
}

static char *
print_permit (PkApplication    *app,
              PkWindow         *window,
              PkApiApplication *application)
{
  char *printed_qr;
  PtPrinter *printer = pt_printer_start (NULL);
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  g_autofree char *persian_id = NULL;

  pk_settings_set_printer_name (pk_application_get_settings (app), printer->uri);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-home", NULL);
  pk_test_click (GTK_WIDGET (window), "home.status");
  pk_test_collect_type (GTK_WIDGET (window), PK_TYPE_STATUS_PAGE, pages);
  pk_test_collect_type (pages->pdata[0], GTK_TYPE_ENTRY, entries);
  gtk_editable_set_text (entries->pdata[0], application->tracking_code);
  gtk_editable_set_text (entries->pdata[1], "0499370899");
  pk_test_click (GTK_WIDGET (window), "status.look-up");
  pk_test_wait_until (window, pk_test_status_idle, NULL, "the status");
  pk_test_settle ();

  pk_test_click (GTK_WIDGET (window), "status.permit");
  g_assert_cmpstr (pk_window_get_visible_page (window), ==, "permit-print");
  pk_test_wait_until (window, pk_test_permit_idle, NULL, "the permit and its preview");
  g_assert_nonnull (pk_permit_page_get_permit (pk_test_permit_page (window)));
  g_assert_cmpuint (pk_permit_page_get_copies (pk_test_permit_page (window)), ==, 0);
  pk_test_save_screenshot (GTK_WIDGET (window), "permit-print-fa.png");

  pk_test_click (GTK_WIDGET (window), "permit-print.print");
  pk_test_wait_until (window, pk_test_permit_idle, NULL, "the first print");
  g_assert_null (pk_test_find_label_with_class (GTK_WIDGET (pk_test_permit_page (window)), "field-error"));
  g_assert_false (pk_permit_page_get_last_sheet (pk_test_permit_page (window))->duplicate);
  g_assert_cmpuint (pk_permit_page_get_copies (pk_test_permit_page (window)), ==, 1);
  g_assert_cmpuint (pk_test_count_pdfs (printer->spool_dir), ==, 1);
  g_assert_cmpuint (pk_test_count_journal (app, PK_JOURNAL_KIND_PRINT, application->tracking_code), ==, 1);
  printed_qr = scan_printed_qr (printer->spool_dir);
  g_assert_nonnull (printed_qr);

  pk_test_click (GTK_WIDGET (window), "permit-print.print");
  pk_test_wait_until (window, pk_test_permit_idle, NULL, "the reprint");
  g_assert_true (pk_permit_page_get_last_sheet (pk_test_permit_page (window))->duplicate);
  g_assert_cmpuint (pk_permit_page_get_last_sheet (pk_test_permit_page (window))->reprint_count, ==, 1);
  g_assert_cmpuint (pk_permit_page_get_copies (pk_test_permit_page (window)), ==, 2);
  g_assert_cmpuint (pk_test_count_pdfs (printer->spool_dir), ==, 2);
  g_assert_cmpuint (pk_test_count_journal (app, PK_JOURNAL_KIND_REPRINT, application->tracking_code), ==, 1);

  /* The printer is gone: reported, and no copy is counted or journaled. */
  pt_printer_stop (printer);
  pk_test_click (GTK_WIDGET (window), "permit-print.print");
  pk_test_wait_until (window, pk_test_permit_idle, NULL, "the failed reprint");
  g_assert_nonnull (pk_test_find_label_with_class (GTK_WIDGET (pk_test_permit_page (window)), "field-error"));
  g_assert_cmpuint (pk_permit_page_get_copies (pk_test_permit_page (window)), ==, 2);
  g_assert_cmpuint (pk_test_count_journal (app, PK_JOURNAL_KIND_REPRINT, application->tracking_code), ==, 1);
  pk_settings_set_printer_name (pk_application_get_settings (app), "");
  return printed_qr;
}

static void
scenario (PkApplication *app,
          PkWindow      *window,
          gpointer       data)
{
  PkApiClient *client = pk_application_get_client (app);
  PkTrustList *trust_list = pk_application_get_trust_list (app);
  const PkSandboxAccount *kiosk = pk_test_training_account ("kiosk");
  g_autoptr(PkApiApplication) application = pk_test_file_application (window, client,
                                                                       "0499370899", TRUE);
  g_autoptr(PkApiPermit) permit = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *url = NULL;
  g_autofree char *printed_qr = NULL;
  GtkLabel *verdict_label;
  gsize i;

  g_assert_nonnull (application->permit_no);

  pk_test_sign_in (window, kiosk->office_code, kiosk->username, kiosk->password);
  pk_test_wait_until (window, pk_test_page_is, (gpointer) "home", "the kiosk home");
  permit = pk_test_get_permit (window, client, application->permit_no);
  g_assert_nonnull (permit->qr_payload);

  /* Opening the page fetches the municipality's keys and keeps them on disk. */
  g_assert_cmpuint (pk_trust_list_get_n_keys (trust_list), ==, 0);
  pk_test_click (GTK_WIDGET (window), "home.verify");
  g_assert_cmpstr (pk_window_get_visible_page (window), ==, "verify");
  pk_test_wait_until (window, keys_on_file, trust_list, "the trust list");
  pk_test_settle ();
  g_assert_true (g_file_test (pk_trust_list_get_path (trust_list), G_FILE_TEST_EXISTS));

  /* The genuine permit: valid on this terminal and with the municipality, summary shown. */
  expect (window, permit->qr_payload, PK_API_VERDICT_VALID, PK_API_VERDICT_VALID);
  verdict_label = pk_test_find_label_with_class (GTK_WIDGET (verify_page (window)), "verdict");
  g_assert_nonnull (verdict_label);
  g_assert_true (pk_test_has_arabic_script (gtk_label_get_label (verdict_label)));
  pk_test_save_screenshot (GTK_WIDGET (window), "verify-valid-fa.png");

  /* The URL form a phone would open verifies too. */
  url = g_strdup_printf ("HTTPS://VERIFY.PISHKHAN.IR/V/%s", permit->qr_payload);
  expect (window, url, PK_API_VERDICT_VALID, PK_API_VERDICT_VALID);

  /* One character changed in the signed part: forged, here and there. */
  forged = g_strdup (permit->qr_payload);
  i = strlen (forged) - 20;
  forged[i] = forged[i] == 'A' ? 'B' : 'A';
  scan (window, forged);
  g_assert_cmpint (pk_verify_page_get_verdict (verify_page (window)), !=, PK_API_VERDICT_VALID);
  pk_test_wait_until (window, checked_online_or_done, NULL, "the online check");
  g_assert_cmpint (pk_verify_page_get_verdict (verify_page (window)), !=, PK_API_VERDICT_VALID);
  pk_test_save_screenshot (GTK_WIDGET (window), "verify-forged-fa.png");

  /* Not a permit code at all. */
  expect (window, "9786000000000", PK_API_VERDICT_MALFORMED, PK_API_VERDICT_MALFORMED);

  printed_qr = print_permit (app, window, application);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-home", NULL);
  pk_test_click (GTK_WIDGET (window), "home.verify");

  /* The QR read off the printed permit, scanned at the verify page: genuine. */
  g_test_message ("scanned from the printed permit: %s", printed_qr);
  expect (window, printed_qr, PK_API_VERDICT_VALID, PK_API_VERDICT_VALID);
  pk_test_save_screenshot (GTK_WIDGET (window), "verify-printed-fa.png");

  /* Revoked at the municipality: the key still says genuine, the central API says revoked. */
  revoke_permit (window, client, application->permit_no);
  expect (window, permit->qr_payload, PK_API_VERDICT_VALID, PK_API_VERDICT_REVOKED);
  pk_test_save_screenshot (GTK_WIDGET (window), "verify-revoked-fa.png");
}

static void
test_verify (void)
{
  pk_test_gui_run (TRUE, scenario, NULL);
}

int
main (int   argc,
      char *argv[])
{
  pk_test_gui_init (&argc, &argv);
  g_test_add_func ("/gui/verify", test_verify);
  return g_test_run ();
}
