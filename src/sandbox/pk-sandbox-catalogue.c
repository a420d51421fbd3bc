/* pk-sandbox-catalogue.c — the services catalogue, form schemas and fee formulas (as data)
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The 28 urban-planning services Urmia put online (inquiries, permits, certificates), plus the
 * floor-addition permit and violation inquiry announced as next. Formulas are stored in the
 * database as expressions, with sample cases the tests recompute.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "pk-sandbox-catalogue.h"
#include "pk-sandbox-city.h"
#include "pk-sandbox-json.h"

/* ---- form fields (JSON snippets) ---- */

#define F_PURPOSE \
  "{\"name\":\"purpose\",\"type\":\"choice\",\"label_fa\":\"منظور درخواست\"," \
  "\"label_en\":\"Purpose\",\"required\":true,\"choices\":[" \
  "{\"value\":\"sale\",\"label_fa\":\"نقل و انتقال\",\"label_en\":\"Sale or transfer\"}," \
  "{\"value\":\"mortgage\",\"label_fa\":\"رهن بانکی\",\"label_en\":\"Bank mortgage\"}," \
  "{\"value\":\"construction\",\"label_fa\":\"ساخت‌وساز\",\"label_en\":\"Construction\"}," \
  "{\"value\":\"other\",\"label_fa\":\"سایر\",\"label_en\":\"Other\"}]}"
#define F_MOBILE \
  "{\"name\":\"contact_mobile\",\"type\":\"mobile\",\"label_fa\":\"تلفن همراه برای پیامک\"," \
  "\"label_en\":\"Mobile for text messages\",\"required\":true}"
#define F_POSTAL \
  "{\"name\":\"correspondence_postal_code\",\"type\":\"postal_code\"," \
  "\"label_fa\":\"کد پستی نشانی مکاتبه\",\"label_en\":\"Postal code for mail\",\"required\":false}"
#define F_LETTER \
  "{\"name\":\"letter_no\",\"type\":\"text\",\"label_fa\":\"شماره نامه استعلام\"," \
  "\"label_en\":\"Inquiry letter number\",\"required\":true,\"max_length\":20," \
  "\"pattern\":\"^[0-9][0-9/-]{0,19}$\"}," \
  "{\"name\":\"letter_date\",\"type\":\"date\",\"label_fa\":\"تاریخ نامه\"," \
  "\"label_en\":\"Letter date\",\"required\":true}"
#define F_BANK \
  "{\"name\":\"institution\",\"type\":\"text\",\"label_fa\":\"نام بانک یا دفترخانه\"," \
  "\"label_en\":\"Bank or notary office\",\"required\":true,\"max_length\":80}"
#define F_FLOORS \
  "{\"name\":\"floors\",\"type\":\"group\",\"label_fa\":\"طبقات\",\"label_en\":\"Floors\"," \
  "\"required\":true,\"min_items\":1,\"max_items\":15,\"fields\":[" \
  "{\"name\":\"level\",\"type\":\"integer\",\"label_fa\":\"طبقه\",\"label_en\":\"Level\"," \
  "\"required\":true,\"unit\":\"count\",\"min\":-3,\"max\":15}," \
  "{\"name\":\"use\",\"type\":\"choice\",\"label_fa\":\"کاربری طبقه\",\"label_en\":\"Use\"," \
  "\"required\":true,\"choices\":[" \
  "{\"value\":\"residential\",\"label_fa\":\"مسکونی\",\"label_en\":\"Residential\"}," \
  "{\"value\":\"commercial\",\"label_fa\":\"تجاری\",\"label_en\":\"Commercial\"}," \
  "{\"value\":\"office\",\"label_fa\":\"اداری\",\"label_en\":\"Office\"}," \
  "{\"value\":\"parking\",\"label_fa\":\"پارکینگ\",\"label_en\":\"Parking\"}," \
  "{\"value\":\"storage\",\"label_fa\":\"انباری\",\"label_en\":\"Storage\"}]}," \
  "{\"name\":\"area_m2\",\"type\":\"decimal\",\"label_fa\":\"زیربنا\",\"label_en\":\"Floor area\"," \
  "\"required\":true,\"unit\":\"m2\",\"min\":1,\"max\":10000}," \
  "{\"name\":\"units\",\"type\":\"integer\",\"label_fa\":\"تعداد واحد\",\"label_en\":\"Units\"," \
  "\"required\":true,\"unit\":\"count\",\"min\":0,\"max\":40}]}"
#define F_STRUCTURE \
  "{\"name\":\"structure\",\"type\":\"choice\",\"label_fa\":\"نوع سازه\"," \
  "\"label_en\":\"Structure\",\"required\":true,\"choices\":[" \
  "{\"value\":\"concrete\",\"label_fa\":\"بتنی\",\"label_en\":\"Concrete\"}," \
  "{\"value\":\"steel\",\"label_fa\":\"فلزی\",\"label_en\":\"Steel\"}," \
  "{\"value\":\"masonry\",\"label_fa\":\"بنایی\",\"label_en\":\"Masonry\"}]}"
#define F_ENGINEER \
  "{\"name\":\"engineer_license\",\"type\":\"text\"," \
  "\"label_fa\":\"شماره پروانه اشتغال مهندس ناظر\",\"label_en\":\"Supervising engineer's licence\"," \
  "\"required\":true,\"max_length\":16,\"pattern\":\"^[0-9]{1,2}-[0-9]{2}-[0-9]{3,6}$\"}"
/* The designer and the builder (مجری) sign the plans and the works; the supervisor's licence is
 * the one the municipality checks at every stage, so only it is required. */
#define LICENCE_PATTERN "\"pattern\":\"^[0-9]{1,2}-[0-9]{2}-[0-9]{3,6}$\""
#define F_ENGINEER_NAME(name, fa, en) \
  "{\"name\":\"" name "\",\"type\":\"text\",\"label_fa\":\"" fa "\",\"label_en\":\"" en "\"," \
  "\"required\":false,\"max_length\":60}"
#define F_ENGINEER_LICENCE(name, fa, en) \
  "{\"name\":\"" name "\",\"type\":\"text\",\"label_fa\":\"" fa "\",\"label_en\":\"" en "\"," \
  "\"required\":false,\"max_length\":16," LICENCE_PATTERN "}"
#define F_ENGINEERS \
  F_ENGINEER_NAME ("designer_name", "نام مهندس طراح", "Designing engineer's name") "," \
  F_ENGINEER_LICENCE ("designer_license", "شماره پروانه اشتغال مهندس طراح", "Designing engineer's licence") "," \
  F_ENGINEER_NAME ("engineer_name", "نام مهندس ناظر", "Supervising engineer's name") "," \
  F_ENGINEER "," \
  F_ENGINEER_NAME ("builder_name", "نام مجری ساختمان", "Builder's name") "," \
  F_ENGINEER_LICENCE ("builder_license", "شماره پروانه اشتغال مجری", "Builder's licence")
#define F_PARKING \
  "{\"name\":\"parking_spaces\",\"type\":\"integer\",\"label_fa\":\"تعداد پارکینگ\"," \
  "\"label_en\":\"Parking spaces\",\"required\":true,\"unit\":\"count\",\"min\":0,\"max\":200}"
#define F_AREA(fa, en) \
  "{\"name\":\"area_m2\",\"type\":\"decimal\",\"label_fa\":\"" fa "\",\"label_en\":\"" en "\"," \
  "\"required\":true,\"unit\":\"m2\",\"min\":0.5,\"max\":100000}"
#define F_DESCRIPTION \
  "{\"name\":\"description\",\"type\":\"text\",\"label_fa\":\"شرح عملیات\"," \
  "\"label_en\":\"Description of the work\",\"required\":true,\"max_length\":500}"
#define F_PERMIT_NO \
  "{\"name\":\"permit_no\",\"type\":\"text\",\"label_fa\":\"شماره پروانه ساختمانی\"," \
  "\"label_en\":\"Building permit number\",\"required\":true,\"max_length\":11," \
  "\"pattern\":\"^[0-9]{4}-[0-9]{6}$\"}"
#define F_DATE(name, fa, en) \
  "{\"name\":\"" name "\",\"type\":\"date\",\"label_fa\":\"" fa "\",\"label_en\":\"" en "\"," \
  "\"required\":true}"
#define F_DURATION \
  "{\"name\":\"duration_days\",\"type\":\"integer\",\"label_fa\":\"مدت\",\"label_en\":\"Duration\"," \
  "\"required\":true,\"unit\":\"count\",\"min\":1,\"max\":365}"
#define F_LENGTH(fa, en) \
  "{\"name\":\"length_m\",\"type\":\"decimal\",\"label_fa\":\"" fa "\",\"label_en\":\"" en "\"," \
  "\"required\":true,\"unit\":\"m\",\"min\":0.5,\"max\":2000}"
#define F_PARTS \
  "{\"name\":\"parts\",\"type\":\"integer\",\"label_fa\":\"تعداد قطعات\",\"label_en\":\"Parts\"," \
  "\"required\":true,\"unit\":\"count\",\"min\":2,\"max\":50}"
#define F_OTHER_CODES \
  "{\"name\":\"other_parcels\",\"type\":\"group\",\"label_fa\":\"پلاک‌های تجمیعی\"," \
  "\"label_en\":\"Parcels to merge\",\"required\":true,\"min_items\":1,\"max_items\":10," \
  "\"fields\":[{\"name\":\"renovation_code\",\"type\":\"text\",\"label_fa\":\"کد نوسازی\"," \
  "\"label_en\":\"Renovation code\",\"required\":true,\"max_length\":22," \
  "\"pattern\":\"^[0-9]{2}-[0-9]{3}-[0-9]{3}-[0-9]{3}-[0-9]{3}-[0-9]{3}$\"}]}"
#define F_NEW_USE \
  "{\"name\":\"requested_use\",\"type\":\"choice\",\"label_fa\":\"کاربری درخواستی\"," \
  "\"label_en\":\"Requested use\",\"required\":true,\"choices\":[" \
  "{\"value\":\"residential\",\"label_fa\":\"مسکونی\",\"label_en\":\"Residential\"}," \
  "{\"value\":\"commercial\",\"label_fa\":\"تجاری\",\"label_en\":\"Commercial\"}," \
  "{\"value\":\"office\",\"label_fa\":\"اداری\",\"label_en\":\"Office\"}," \
  "{\"value\":\"mixed\",\"label_fa\":\"مختلط\",\"label_en\":\"Mixed\"}]}"
#define F_SIGN \
  "{\"name\":\"width_m\",\"type\":\"decimal\",\"label_fa\":\"عرض تابلو\",\"label_en\":\"Width\"," \
  "\"required\":true,\"unit\":\"m\",\"min\":0.2,\"max\":30}," \
  "{\"name\":\"height_m\",\"type\":\"decimal\",\"label_fa\":\"ارتفاع تابلو\",\"label_en\":\"Height\"," \
  "\"required\":true,\"unit\":\"m\",\"min\":0.2,\"max\":10}," \
  "{\"name\":\"illuminated\",\"type\":\"boolean\",\"label_fa\":\"تابلو روشن\"," \
  "\"label_en\":\"Illuminated\",\"required\":false}"
#define F_OWNER_NID \
  "{\"name\":\"previous_owner_national_id\",\"type\":\"national_id\"," \
  "\"label_fa\":\"کد ملی مالک قبلی\",\"label_en\":\"Previous owner's national ID\",\"required\":false}"
#define F_UTILITY \
  "{\"name\":\"utility\",\"type\":\"choice\",\"label_fa\":\"نوع انشعاب\",\"label_en\":\"Utility\"," \
  "\"required\":true,\"choices\":[" \
  "{\"value\":\"water\",\"label_fa\":\"آب\",\"label_en\":\"Water\"}," \
  "{\"value\":\"power\",\"label_fa\":\"برق\",\"label_en\":\"Power\"}," \
  "{\"value\":\"gas\",\"label_fa\":\"گاز\",\"label_en\":\"Gas\"}]}"
#define F_AGREE \
  "{\"name\":\"accept_terms\",\"type\":\"boolean\",\"label_fa\":\"تعهدات را می‌پذیرم\"," \
  "\"label_en\":\"I accept the undertakings\",\"required\":true}"

/* ---- documents ---- */

#define DOC_TYPES_ANY "\"types\":[\"application/pdf\",\"image/jpeg\",\"image/png\"],\"max_bytes\":10485760"
#define DOC_TYPES_PDF "\"types\":[\"application/pdf\"],\"max_bytes\":10485760"
#define DOC(code, fa, en, req, types) \
  "{\"code\":\"" code "\",\"title_fa\":\"" fa "\",\"title_en\":\"" en "\",\"required\":" req "," \
  types "}"
#define D_DEED DOC ("DEED", "سند مالکیت", "Title deed", "true", DOC_TYPES_ANY)
#define D_ID DOC ("NATIONAL_ID_CARD", "کارت ملی مالکان", "Owners' national ID cards", "true", DOC_TYPES_ANY)
#define D_PLANS DOC ("PLANS", "نقشه‌های معماری و سازه", "Architectural and structural plans", "true", DOC_TYPES_PDF)
#define D_ENGINEER DOC ("ENGINEER_COMMITMENT", "تعهدنامه مهندس ناظر", "Supervising engineer's undertaking", "true", DOC_TYPES_PDF)
#define D_SOIL DOC ("SOIL_REPORT", "گزارش مکانیک خاک", "Soil mechanics report", "false", DOC_TYPES_PDF)
#define D_INSURANCE DOC ("INSURANCE", "بیمه‌نامه مسئولیت مدنی", "Liability insurance", "true", DOC_TYPES_ANY)
#define D_PHOTOS DOC ("SITE_PHOTOS", "عکس وضع موجود", "Photos of the site", "true", DOC_TYPES_ANY)
#define D_PERMIT DOC ("PERMIT_COPY", "تصویر پروانه ساختمانی", "Copy of the building permit", "true", DOC_TYPES_ANY)
#define D_LETTER DOC ("REQUEST_LETTER", "نامه استعلام", "Inquiry letter", "true", DOC_TYPES_ANY)
#define D_POWER DOC ("POWER_OF_ATTORNEY", "وکالت‌نامه (در صورت وکالت)", "Power of attorney (if any)", "false", DOC_TYPES_ANY)
#define D_MAP DOC ("SURVEY_MAP", "نقشه یو‌تی‌ام (UTM) پلاک", "UTM survey map", "true", DOC_TYPES_PDF)

typedef struct
{
  const char *code;
  const char *kind;
  const char *title_fa;
  const char *title_en;
  const char *description_fa;
  const char *formula;
  const char *fields;     /* comma-separated Field objects */
  const char *documents;  /* comma-separated Document objects */
} ServiceDef;

static const ServiceDef services[] = {
  /* Inquiries */
  { "ZONING_INQUIRY", "inquiry", "استعلام ضوابط شهرسازی (کاربری و تراکم)",
    "Zoning inquiry (land use and density)",
    "ضوابط طرح تفصیلی پلاک: کاربری، تراکم، سطح اشغال، تعداد طبقات و عوارض تخمینی.",
    "INQUIRY_1405", F_PURPOSE "," F_MOBILE, D_DEED },
  { "LAND_USE_INQUIRY", "inquiry", "استعلام کاربری پلاک", "Land-use inquiry",
    "کاربری پلاک بر اساس طرح تفصیلی مصوب.", "INQUIRY_1405", F_PURPOSE "," F_MOBILE, D_DEED },
  { "WIDENING_INQUIRY", "inquiry", "استعلام عقب‌نشینی و طرح تعریض معبر",
    "Road-widening and setback inquiry", "میزان عقب‌نشینی پلاک در اثر تعریض معابر.",
    "INQUIRY_1405", F_PURPOSE "," F_MOBILE, D_DEED "," D_MAP },
  { "BANK_INQUIRY", "inquiry", "پاسخ استعلام بانک‌ها", "Bank inquiry",
    "پاسخ به استعلام بانک برای رهن یا تسهیلات ساخت.", "INQUIRY_1405",
    F_BANK "," F_LETTER "," F_MOBILE, D_LETTER "," D_DEED },
  { "NOTARY_INQUIRY", "inquiry", "پاسخ استعلام دفاتر اسناد رسمی (نقل و انتقال)",
    "Notary inquiry (transfer of title)", "استعلام دفترخانه برای نقل و انتقال ملک.",
    "INQUIRY_1405", F_BANK "," F_LETTER "," F_OWNER_NID "," F_MOBILE, D_LETTER "," D_DEED },
  { "UTILITY_INQUIRY", "inquiry", "استعلام انشعاب آب، برق و گاز", "Utility connection inquiry",
    "گواهی شهرداری برای واگذاری انشعاب.", "INQUIRY_1405", F_UTILITY "," F_MOBILE,
    D_DEED "," D_PERMIT },
  { "DEBT_INQUIRY", "inquiry", "استعلام بدهی عوارض نوسازی و مفاصاحساب",
    "Renovation-levy debt inquiry and clearance", "بدهی عوارض نوسازی و کسب پلاک.",
    "INQUIRY_1405", F_PURPOSE "," F_MOBILE, D_DEED },
  { "SUBDIVISION_INQUIRY", "inquiry", "استعلام امکان تفکیک", "Subdivision feasibility inquiry",
    "حداقل مساحت قطعات و امکان تفکیک بر اساس ضوابط پهنه.", "INQUIRY_1405",
    F_PARTS "," F_MOBILE, D_DEED "," D_MAP },
  { "VIOLATION_INQUIRY", "inquiry", "استعلام تخلفات ساختمانی", "Building-violation inquiry",
    "سوابق کمیسیون ماده صد و تخلفات ثبت‌شده پلاک.", "INQUIRY_1405", F_PURPOSE "," F_MOBILE,
    D_DEED },
  /* Permits */
  { "NEW_BUILD", "permit", "پروانه ساختمانی احداث بنا", "Building permit (new construction)",
    "صدور پروانه احداث ساختمان جدید بر اساس ضوابط پهنه.", "NEW_BUILD_1405",
    F_FLOORS "," F_STRUCTURE "," F_PARKING "," F_ENGINEERS "," F_MOBILE "," F_AGREE,
    D_DEED "," D_ID "," D_PLANS "," D_ENGINEER "," D_SOIL "," D_INSURANCE "," D_POWER },
  { "FLOOR_ADDITION", "permit", "پروانه اضافه اشکوب", "Floor-addition permit",
    "افزودن طبقه به ساختمان موجود در حد ضوابط.", "FLOOR_ADD_1405",
    F_PERMIT_NO "," F_FLOORS "," F_STRUCTURE "," F_ENGINEERS "," F_MOBILE "," F_AGREE,
    D_DEED "," D_PERMIT "," D_PLANS "," D_ENGINEER "," D_INSURANCE },
  { "RENOVATION", "permit", "پروانه تعمیرات اساسی", "Major-renovation permit",
    "تعمیرات اساسی بدون افزایش زیربنا.", "RENOVATION_1405",
    F_AREA ("زیربنای مورد تعمیر", "Area under renovation") "," F_DESCRIPTION "," F_MOBILE,
    D_DEED "," D_PHOTOS "," D_PLANS },
  { "MINOR_REPAIR", "permit", "مجوز تعمیرات جزئی", "Minor-repair permit",
    "تعمیرات جزئی نما، بام و محوطه.", "REPAIR_1405",
    F_AREA ("مساحت مورد تعمیر", "Area under repair") "," F_DESCRIPTION "," F_MOBILE,
    D_DEED "," D_PHOTOS },
  { "DEMOLITION", "permit", "مجوز تخریب", "Demolition permit",
    "تخریب بنای موجود پیش از نوسازی.", "DEMOLITION_1405",
    F_AREA ("زیربنای موجود", "Existing floor area") "," F_DATE ("start_date", "تاریخ شروع تخریب", "Start date") ","
    F_ENGINEER "," F_MOBILE, D_DEED "," D_PHOTOS "," D_INSURANCE },
  { "PERMIT_EXTENSION", "permit", "تمدید پروانه ساختمانی", "Building-permit extension",
    "تمدید اعتبار پروانه پیش از پایان مهلت.", "FIXED_1405",
    F_PERMIT_NO "," F_DURATION "," F_MOBILE, D_PERMIT "," D_PHOTOS },
  { "PERMIT_REVISION", "permit", "اصلاح پروانه ساختمانی (تغییر نقشه)", "Building-permit revision",
    "اصلاح پروانه در اثر تغییر نقشه در حد ضوابط.", "FLOOR_ADD_1405",
    F_PERMIT_NO "," F_FLOORS "," F_ENGINEERS "," F_MOBILE, D_PERMIT "," D_PLANS "," D_ENGINEER },
  { "PERMIT_DUPLICATE", "permit", "صدور المثنی پروانه", "Duplicate of a building permit",
    "صدور نسخه المثنی پروانه مفقودشده.", "FIXED_1405", F_PERMIT_NO "," F_MOBILE,
    D_ID "," D_DEED },
  { "SUBDIVISION", "permit", "مجوز تفکیک اراضی", "Land-subdivision permit",
    "تفکیک پلاک به قطعات کوچک‌تر در حد نصاب پهنه.", "SUBDIVISION_1405",
    F_PARTS "," F_MOBILE, D_DEED "," D_MAP "," D_ID },
  { "MERGER", "permit", "مجوز تجمیع پلاک‌ها", "Parcel-merger permit",
    "تجمیع پلاک‌های مجاور (با تشویق تراکمی).", "FIXED_1405", F_OTHER_CODES "," F_MOBILE,
    D_DEED "," D_MAP },
  { "FENCING", "permit", "مجوز دیوارکشی و حصارکشی", "Fencing permit",
    "احداث دیوار یا حصار پیرامون زمین.", "FENCING_1405",
    F_LENGTH ("طول دیوار", "Wall length") "," F_MOBILE, D_DEED "," D_MAP },
  { "EXCAVATION", "permit", "مجوز حفاری معابر", "Street-excavation permit",
    "حفاری معبر برای انشعاب و ترمیم آن.", "EXCAVATION_1405",
    F_LENGTH ("طول حفاری", "Excavation length") "," F_DURATION "," F_MOBILE, D_DEED },
  { "SIDEWALK_OCCUPATION", "permit", "مجوز استفاده موقت از معبر (سد معبر عمرانی)",
    "Temporary sidewalk occupation", "اشغال موقت پیاده‌رو در دوره ساخت.", "OCCUPATION_1405",
    F_AREA ("مساحت معبر", "Occupied area") "," F_DURATION "," F_MOBILE, D_PERMIT },
  { "SIGNBOARD", "permit", "مجوز نصب تابلو", "Signboard permit",
    "نصب تابلوی سردر واحد تجاری یا اداری.", "SIGN_1405", F_SIGN "," F_MOBILE,
    D_DEED "," D_PHOTOS },
  { "CHANGE_OF_USE", "permit", "درخواست تغییر کاربری (کمیسیون ماده پنج)",
    "Change-of-use request (Article 5 commission)", "طرح در کمیسیون ماده پنج.",
    "CHANGE_USE_1405", F_NEW_USE "," F_MOBILE, D_DEED "," D_MAP "," D_ID },
  { "ENGINEER_CHANGE", "permit", "تغییر مهندس ناظر", "Change of supervising engineer",
    "ثبت ناظر جدید برای پروانه جاری.", "FIXED_1405", F_PERMIT_NO "," F_ENGINEER "," F_MOBILE,
    D_PERMIT "," D_ENGINEER },
  /* Certificates */
  { "FOUNDATION_CERT", "certificate", "گواهی عدم خلاف تا پی", "No-violation certificate (foundation)",
    "گواهی انطباق پی با پروانه.", "CERT_1405",
    F_PERMIT_NO "," F_AREA ("زیربنای اجراشده", "Built area") "," F_MOBILE, D_PERMIT "," D_PHOTOS },
  { "FRAME_CERT", "certificate", "گواهی عدم خلاف تا سقف (سفت‌کاری)",
    "No-violation certificate (structure)", "گواهی انطباق اسکلت با پروانه.", "CERT_1405",
    F_PERMIT_NO "," F_AREA ("زیربنای اجراشده", "Built area") "," F_MOBILE, D_PERMIT "," D_PHOTOS },
  { "NO_VIOLATION_CERT", "certificate", "گواهی عدم خلاف", "No-violation certificate",
    "گواهی عدم خلاف برای ساختمان موجود.", "CERT_1405",
    F_AREA ("زیربنای موجود", "Existing floor area") "," F_PURPOSE "," F_MOBILE,
    D_DEED "," D_PHOTOS },
  { "COMPLETION_CERT", "certificate", "گواهی پایان کار ساختمان", "Completion certificate",
    "گواهی پایان عملیات ساختمانی و انطباق با پروانه.", "CERT_1405",
    F_PERMIT_NO "," F_FLOORS "," F_DATE ("completed_on", "تاریخ اتمام عملیات", "Completion date") ","
    F_MOBILE, D_PERMIT "," D_PHOTOS "," D_ENGINEER },
  { "DEMOLITION_CERT", "certificate", "گواهی تخریب", "Demolition certificate",
    "گواهی انجام تخریب و پاک‌سازی زمین.", "CERT_1405",
    F_AREA ("زیربنای تخریب‌شده", "Demolished area") "," F_MOBILE, D_PHOTOS },
  { "BUILDING_ID", "certificate", "شناسنامه فنی و ملکی ساختمان", "Building identity certificate",
    "شناسنامه فنی ساختمان پس از پایان کار.", "CERT_1405",
    F_PERMIT_NO "," F_AREA ("زیربنای کل", "Total floor area") "," F_MOBILE, D_PERMIT },
  { "ADDRESS_CERT", "certificate", "گواهی نشانی و شماره‌گذاری پلاک", "Address certificate",
    "گواهی نشانی رسمی پلاک برای ادارات.", "FIXED_1405", F_POSTAL "," F_MOBILE, D_DEED },
};

typedef struct
{
  const char *formula, *code, *title_fa, *title_en, *expression, *display;
  gdouble coefficient;
} FeeItemDef;

static const FeeItemDef fee_items[] = {
  { "INQUIRY_1405", "INQUIRY_FEE", "هزینه پاسخ استعلام", "Inquiry fee", "k", "k", 1200000 },
  { "NEW_BUILD_1405", "BUILD_LEVY", "عوارض صدور پروانه (زیربنا)", "Permit levy (floor area)",
    "area * P * k", "area × P × k", 0.12 },
  { "NEW_BUILD_1405", "RENEWAL_LEVY", "عوارض نوسازی", "Renovation levy",
    "land_area * P * k", "land_area × P × k", 0.005 },
  { "NEW_BUILD_1405", "SUPERVISION", "حق نظارت شهرداری", "Municipal supervision",
    "area * k", "area × k", 150000 },
  { "NEW_BUILD_1405", "ISSUE_FEE", "هزینه صدور", "Issue fee", "k", "k", 2500000 },
  { "FLOOR_ADD_1405", "BUILD_LEVY", "عوارض اضافه اشکوب", "Floor-addition levy",
    "area * P * k", "area × P × k", 0.15 },
  { "FLOOR_ADD_1405", "SUPERVISION", "حق نظارت شهرداری", "Municipal supervision",
    "area * k", "area × k", 150000 },
  { "FLOOR_ADD_1405", "ISSUE_FEE", "هزینه صدور", "Issue fee", "k", "k", 2500000 },
  { "RENOVATION_1405", "REPAIR_LEVY", "عوارض تعمیرات اساسی", "Renovation levy",
    "area * P * k", "area × P × k", 0.02 },
  { "RENOVATION_1405", "ISSUE_FEE", "هزینه صدور", "Issue fee", "k", "k", 1500000 },
  { "REPAIR_1405", "REPAIR_FEE", "هزینه مجوز تعمیرات جزئی", "Minor-repair fee",
    "max(area * k, 500000)", "max(area × k, 500000)", 20000 },
  { "DEMOLITION_1405", "DEMOLITION_FEE", "عوارض تخریب", "Demolition fee", "area * k", "area × k",
    50000 },
  { "DEMOLITION_1405", "ISSUE_FEE", "هزینه صدور", "Issue fee", "k", "k", 1000000 },
  { "SUBDIVISION_1405", "SUBDIVISION_LEVY", "عوارض تفکیک", "Subdivision levy",
    "land_area * P * k", "land_area × P × k", 0.04 },
  { "FENCING_1405", "FENCING_FEE", "عوارض دیوارکشی", "Fencing fee", "length * k",
    "length × k", 300000 },
  { "EXCAVATION_1405", "RESTORATION", "هزینه ترمیم آسفالت", "Road restoration",
    "length * k", "length × k", 850000 },
  { "OCCUPATION_1405", "OCCUPATION_FEE", "عوارض سد معبر", "Occupation fee",
    "area * days * k", "area × days × k", 15000 },
  { "SIGN_1405", "SIGN_FEE", "عوارض تابلو", "Signboard fee", "area * k", "area × k", 2000000 },
  { "CHANGE_USE_1405", "CHANGE_USE_FEE", "هزینه بررسی کمیسیون ماده پنج", "Commission review fee",
    "land_area * k", "land_area × k", 100000 },
  { "CERT_1405", "CERT_FEE", "هزینه کارشناسی و بازدید", "Inspection fee", "area * k",
    "area × k", 80000 },
  { "CERT_1405", "ISSUE_FEE", "هزینه صدور گواهی", "Certificate fee", "k", "k", 1500000 },
  { "FIXED_1405", "ISSUE_FEE", "هزینه صدور", "Issue fee", "k", "k", 1000000 },
};

/* Hand-computed: the evaluator and the stored formulas must reproduce these. */
typedef struct
{
  const char *formula, *item;
  gdouble area, land_area, frontage, P, floors, units, length, days;
  gint64 expected;
} FeeSampleDef;

static const FeeSampleDef fee_samples[] = {
  { "INQUIRY_1405", "INQUIRY_FEE", 0, 200, 10, 30000000, 0, 0, 0, 0, 1200000 },
  { "NEW_BUILD_1405", "BUILD_LEVY", 300, 200, 10, 30000000, 3, 3, 0, 0, 1080000000 },
  { "NEW_BUILD_1405", "BUILD_LEVY", 101.17, 60, 8, 27350000, 2, 2, 0, 0, 332039940 },
  { "NEW_BUILD_1405", "RENEWAL_LEVY", 300, 200, 10, 30000000, 3, 3, 0, 0, 30000000 },
  { "NEW_BUILD_1405", "RENEWAL_LEVY", 0, 123.45, 9, 21000000, 0, 0, 0, 0, 12962250 },
  { "NEW_BUILD_1405", "SUPERVISION", 300, 200, 10, 30000000, 3, 3, 0, 0, 45000000 },
  { "NEW_BUILD_1405", "ISSUE_FEE", 300, 200, 10, 30000000, 3, 3, 0, 0, 2500000 },
  { "FLOOR_ADD_1405", "BUILD_LEVY", 120.5, 180, 12, 24000000, 1, 1, 0, 0, 433800000 },
  { "RENOVATION_1405", "REPAIR_LEVY", 85.25, 150, 10, 18000000, 0, 0, 0, 0, 30690000 },
  { "REPAIR_1405", "REPAIR_FEE", 10, 150, 10, 18000000, 0, 0, 0, 0, 500000 },
  { "REPAIR_1405", "REPAIR_FEE", 40.5, 150, 10, 18000000, 0, 0, 0, 0, 810000 },
  { "DEMOLITION_1405", "DEMOLITION_FEE", 150, 150, 10, 18000000, 0, 0, 0, 0, 7500000 },
  { "SUBDIVISION_1405", "SUBDIVISION_LEVY", 0, 480.4, 16, 36000000, 0, 0, 0, 0, 691776000 },
  { "FENCING_1405", "FENCING_FEE", 0, 480.4, 16, 36000000, 0, 0, 42.5, 0, 12750000 },
  { "OCCUPATION_1405", "OCCUPATION_FEE", 12.5, 200, 10, 30000000, 0, 0, 0, 30, 5625000 },
  { "SIGN_1405", "SIGN_FEE", 6.5, 200, 10, 30000000, 0, 0, 0, 0, 13000000 },
  { "CHANGE_USE_1405", "CHANGE_USE_FEE", 0, 250.75, 10, 30000000, 0, 0, 0, 0, 25075000 },
  { "CERT_1405", "CERT_FEE", 240, 200, 10, 30000000, 0, 0, 0, 0, 19200000 },
  { "FIXED_1405", "ISSUE_FEE", 0, 200, 10, 30000000, 0, 0, 0, 0, 1000000 },
};

/* ---- expression evaluator: + - * / ( ), numbers, variables, min(a,b), max(a,b) ---- */

typedef struct
{
  const char *p;
  const PkSandboxFeeVars *vars;
  gboolean ok;
} Parser;

static gdouble parse_sum (Parser *ps);

static void
skip_space (Parser *ps)
{
  while (*ps->p == ' ')
    ps->p++;
}

static gdouble
parse_atom (Parser *ps)
{
  skip_space (ps);
  if (*ps->p == '(')
    {
      gdouble v;

      ps->p++;
      v = parse_sum (ps);
      skip_space (ps);
      if (*ps->p != ')')
        ps->ok = FALSE;
      else
        ps->p++;
      return v;
    }
  if (*ps->p == '-')
    {
      ps->p++;
      return -parse_atom (ps);
    }
  if (g_ascii_isdigit (*ps->p) || *ps->p == '.')
    {
      char *end = NULL;
      gdouble v = g_ascii_strtod (ps->p, &end);

      if (end == ps->p)
        ps->ok = FALSE;
      ps->p = end;
      return v;
    }
  if (g_ascii_isalpha (*ps->p) || *ps->p == '_')
    {
      const char *start = ps->p;
      gsize len;

      while (g_ascii_isalnum (*ps->p) || *ps->p == '_')
        ps->p++;
      len = (gsize) (ps->p - start);
#define IS(name) (len == strlen (name) && strncmp (start, name, len) == 0)
      if (IS ("min") || IS ("max"))
        {
          gboolean is_max = IS ("max");
          gdouble a, b;

          skip_space (ps);
          if (*ps->p != '(')
            return ps->ok = FALSE, 0;
          ps->p++;
          a = parse_sum (ps);
          skip_space (ps);
          if (*ps->p != ',')
            return ps->ok = FALSE, 0;
          ps->p++;
          b = parse_sum (ps);
          skip_space (ps);
          if (*ps->p != ')')
            return ps->ok = FALSE, 0;
          ps->p++;
          return is_max ? MAX (a, b) : MIN (a, b);
        }
      if (IS ("area")) return ps->vars->area;
      if (IS ("land_area")) return ps->vars->land_area;
      if (IS ("frontage")) return ps->vars->frontage;
      if (IS ("P")) return ps->vars->P;
      if (IS ("k")) return ps->vars->k;
      if (IS ("floors")) return ps->vars->floors;
      if (IS ("units")) return ps->vars->units;
      if (IS ("length")) return ps->vars->length;
      if (IS ("days")) return ps->vars->days;
#undef IS
    }
  ps->ok = FALSE;
  return 0;
}

static gdouble
parse_product (Parser *ps)
{
  gdouble v = parse_atom (ps);

  for (;;)
    {
      skip_space (ps);
      if (*ps->p == '*')
        ps->p++, v *= parse_atom (ps);
      else if (*ps->p == '/')
        {
          gdouble d;

          ps->p++;
          d = parse_atom (ps);
          if (d == 0)
            ps->ok = FALSE;
          else
            v /= d;
        }
      else
        return v;
    }
}

static gdouble
parse_sum (Parser *ps)
{
  gdouble v = parse_product (ps);

  for (;;)
    {
      skip_space (ps);
      if (*ps->p == '+')
        ps->p++, v += parse_product (ps);
      else if (*ps->p == '-')
        ps->p++, v -= parse_product (ps);
      else
        return v;
    }
}

/**
 * pk_sandbox_fee_eval:
 *
 * Evaluates a stored fee expression; the amount is rounded half up to a whole Rial.
 */
gboolean
pk_sandbox_fee_eval (const char              *expression,
                     const PkSandboxFeeVars  *vars,
                     gint64                  *amount_rial,
                     GError                 **error)
{
  Parser ps = { expression, vars, TRUE };
  gdouble v;

  g_return_val_if_fail (expression != NULL, FALSE);
  g_return_val_if_fail (vars != NULL, FALSE);

  v = parse_sum (&ps);
  skip_space (&ps);
  if (!ps.ok || *ps.p != '\0' || !isfinite (v) || v < 0 || v > 1e15)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "bad fee expression “%s”",
                   expression);
      return FALSE;
    }
  /* Products like 120.5 × 24e6 × 0.15 land a hair off the integer in binary. */
  *amount_rial = (gint64) floor (v + 0.5 + 1e-6);
  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3 *db, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    pk_sandbox_db_set_error (error, db, "prepare");
  return stmt;
}

static gboolean
step_reset (sqlite3 *db, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pk_sandbox_db_set_error (error, db, "insert");
      return FALSE;
    }
  return TRUE;
}

/**
 * pk_sandbox_catalogue_install:
 *
 * Writes services, fee items and fee samples, replacing what was there (the catalogue follows
 * the code; the city follows the seed).
 */
gboolean
pk_sandbox_catalogue_install (sqlite3  *db,
                              GError  **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  sqlite3_stmt *svc = NULL, *item = NULL, *sample = NULL;
  gboolean ok = FALSE;

  if (!pk_sandbox_db_exec (db, "BEGIN IMMEDIATE; DELETE FROM services; DELETE FROM fee_items;"
                               " DELETE FROM fee_samples;", error))
    return FALSE;
  svc = prepare (db, "INSERT INTO services VALUES (?,?,?,?,?)", error);
  item = svc ? prepare (db, "INSERT INTO fee_items VALUES (?,?,?,?,?,?,?,?)", error) : NULL;
  sample = item ? prepare (db, "INSERT INTO fee_samples VALUES (?,?,?,?,?,?,?,?,?,?,?)", error) : NULL;
  if (sample == NULL)
    goto out;

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      const ServiceDef *s = &services[i];
      g_autofree char *json = NULL;
      g_autoptr(GError) local = NULL;

      {
        /* Members built through JsonBuilder for the strings, snippets parsed as JSON. */
        g_autoptr(JsonBuilder) jb = json_builder_new ();
        g_autoptr(JsonNode) fields = NULL;
        g_autoptr(JsonNode) docs = NULL;
        g_autoptr(JsonNode) root = NULL;
        g_autofree char *fields_text = g_strdup_printf ("[%s]", s->fields);
        g_autofree char *docs_text = g_strdup_printf ("[%s]", s->documents);

        if (!json_parser_load_from_data (parser, fields_text, -1, &local))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s form: %s", s->code,
                         local->message);
            goto out;
          }
        fields = json_node_copy (json_parser_get_root (parser));
        if (!json_parser_load_from_data (parser, docs_text, -1, &local))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s documents: %s",
                         s->code, local->message);
            goto out;
          }
        docs = json_node_copy (json_parser_get_root (parser));

        json_builder_begin_object (jb);
        json_builder_set_member_name (jb, "code");
        json_builder_add_string_value (jb, s->code);
        json_builder_set_member_name (jb, "kind");
        json_builder_add_string_value (jb, s->kind);
        json_builder_set_member_name (jb, "title_fa");
        json_builder_add_string_value (jb, s->title_fa);
        json_builder_set_member_name (jb, "title_en");
        json_builder_add_string_value (jb, s->title_en);
        json_builder_set_member_name (jb, "description_fa");
        json_builder_add_string_value (jb, s->description_fa);
        json_builder_set_member_name (jb, "fee_formula");
        json_builder_add_string_value (jb, s->formula);
        json_builder_set_member_name (jb, "form");
        json_builder_begin_object (jb);
        json_builder_set_member_name (jb, "fields");
        json_builder_add_value (jb, g_steal_pointer (&fields));
        json_builder_end_object (jb);
        json_builder_set_member_name (jb, "documents");
        json_builder_add_value (jb, g_steal_pointer (&docs));
        json_builder_end_object (jb);
        root = json_builder_get_root (jb);
        json = pk_sandbox_json_to_string (root);
      }

      sqlite3_bind_text (svc, 1, s->code, -1, SQLITE_STATIC);
      sqlite3_bind_int (svc, 2, (int) i);
      sqlite3_bind_text (svc, 3, s->kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (svc, 4, s->formula, -1, SQLITE_STATIC);
      sqlite3_bind_text (svc, 5, json, -1, SQLITE_STATIC);
      if (!step_reset (db, svc, error))
        goto out;
    }

  for (guint i = 0; i < G_N_ELEMENTS (fee_items); i++)
    {
      const FeeItemDef *f = &fee_items[i];

      sqlite3_bind_text (item, 1, f->formula, -1, SQLITE_STATIC);
      sqlite3_bind_int (item, 2, (int) i);
      sqlite3_bind_text (item, 3, f->code, -1, SQLITE_STATIC);
      sqlite3_bind_text (item, 4, f->title_fa, -1, SQLITE_STATIC);
      sqlite3_bind_text (item, 5, f->title_en, -1, SQLITE_STATIC);
      sqlite3_bind_text (item, 6, f->expression, -1, SQLITE_STATIC);
      sqlite3_bind_text (item, 7, f->display, -1, SQLITE_STATIC);
      sqlite3_bind_double (item, 8, f->coefficient);
      if (!step_reset (db, item, error))
        goto out;
    }

  for (guint i = 0; i < G_N_ELEMENTS (fee_samples); i++)
    {
      const FeeSampleDef *f = &fee_samples[i];

      sqlite3_bind_text (sample, 1, f->formula, -1, SQLITE_STATIC);
      sqlite3_bind_text (sample, 2, f->item, -1, SQLITE_STATIC);
      sqlite3_bind_double (sample, 3, f->area);
      sqlite3_bind_double (sample, 4, f->land_area);
      sqlite3_bind_double (sample, 5, f->frontage);
      sqlite3_bind_double (sample, 6, f->P);
      sqlite3_bind_double (sample, 7, f->floors);
      sqlite3_bind_double (sample, 8, f->units);
      sqlite3_bind_double (sample, 9, f->length);
      sqlite3_bind_double (sample, 10, f->days);
      sqlite3_bind_int64 (sample, 11, f->expected);
      if (!step_reset (db, sample, error))
        goto out;
    }
  ok = pk_sandbox_db_exec (db, "COMMIT", error);

out:
  sqlite3_finalize (svc);
  sqlite3_finalize (item);
  sqlite3_finalize (sample);
  if (!ok)
    pk_sandbox_db_exec (db, "ROLLBACK", NULL);
  return ok;
}
