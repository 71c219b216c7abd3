/* Time conversion: every log time form, zones (fixed and named), --since/--until bounds and the two
 * output formats, with exact expected values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "util/timeconv.h"

static int64_t parse_ok(const char *s, const struct tzone *tz, size_t want_len)
{
    int64_t us = 0;
    size_t n = timeconv_parse(sv_cstr(s), tz, &us);
    assert_int_equal(n, want_len);
    return us;
}

static void test_old_format(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("071015 21:43:52", NULL, 15), INT64_C(1192484632000000));
    assert_int_equal(parse_ok("131128  1:05:31", NULL, 15), INT64_C(1385600731000000));
    assert_int_equal(parse_ok("131128 1:05:31 rest", NULL, 14), INT64_C(1385600731000000));
    assert_int_equal(parse_ok("240515 17:02:39\t", NULL, 15), INT64_C(1715792559000000));
    assert_int_equal(parse_ok("991231 23:59:59", NULL, 15), INT64_C(946684799000000));
}

static void test_iso_format(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("2016-07-20T18:13:25.698433Z", NULL, 27), INT64_C(1469038405698433));
    assert_int_equal(parse_ok("2018-08-07T16:27:47.169604+08:00", NULL, 32),
                     INT64_C(1533630467169604));
    assert_int_equal(parse_ok("2018-08-07T16:27:47-0130", NULL, 24), INT64_C(1533664667000000));
    assert_int_equal(parse_ok("2024-05-10 17:45:09", NULL, 19), INT64_C(1715363109000000));
    assert_int_equal(parse_ok("2024-05-10T17:45:09.5Z", NULL, 22), INT64_C(1715363109500000));
    assert_int_equal(parse_ok("1969-12-31T23:59:59Z", NULL, 20), INT64_C(-1000000));
}

static void test_not_a_time(void **state)
{
    (void)state;
    int64_t us = 7;
    assert_int_equal(timeconv_parse(sv_cstr(""), NULL, &us), 0);
    assert_int_equal(timeconv_parse(sv_cstr("margdl 11:48:27"), NULL, &us), 0);
    assert_int_equal(timeconv_parse(sv_cstr("2024-13-10T17:45:09Z"), NULL, &us), 0);
    assert_int_equal(timeconv_parse(sv_cstr("071015 25:43:52"), NULL, &us), 0);
    assert_int_equal(timeconv_parse(sv_make("071015 21:43:52", 10), NULL, &us), 0);
    assert_int_equal(us, 7);
}

static void test_fixed_zones(void **state)
{
    (void)state;
    struct tzone tz;
    assert_int_equal(tzone_parse("UTC", &tz), 0);
    assert_true(tz.fixed);
    assert_int_equal(tz.offset_sec, 0);
    assert_int_equal(tzone_parse("+05:30", &tz), 0);
    assert_int_equal(tz.offset_sec, 19800);
    assert_int_equal(parse_ok("071015 21:43:52", &tz, 15), INT64_C(1192464832000000));
    assert_int_equal(parse_ok("2024-05-10 17:45:09", &tz, 19), INT64_C(1715343309000000));
    assert_int_equal(parse_ok("2024-05-10T17:45:09Z", &tz, 20), INT64_C(1715363109000000));
    assert_int_equal(tzone_parse("-0800", &tz), 0);
    assert_int_equal(tz.offset_sec, -28800);
    assert_string_equal(tz.name, "-0800");
    assert_int_equal(tzone_parse("+25:00", &tz), -1);
    assert_int_equal(tzone_parse("Not/AZone", &tz), -1);
    assert_int_equal(tzone_parse("+05:30x", &tz), -1);
}

static void test_named_zone(void **state)
{
    (void)state;
    if (access("/usr/share/zoneinfo/Europe/Paris", R_OK) != 0)
        skip();
    struct tzone tz;
    assert_int_equal(tzone_parse("Europe/Paris", &tz), 0);
    assert_false(tz.fixed);
    /* summer: UTC+2; winter: UTC+1 */
    assert_int_equal(tzone_to_utc_us(&tz, 2024, 7, 1, 12, 0, 0, 5), INT64_C(1719828000000005));
    assert_int_equal(tzone_to_utc_us(&tz, 2024, 1, 1, 12, 0, 0, 0), INT64_C(1704106800000000));
}

static void test_bounds(void **state)
{
    (void)state;
    int64_t us;
    bool rel;
    assert_int_equal(timeconv_parse_bound("2024-05-10", NULL, &us, &rel), 0);
    assert_false(rel);
    assert_int_equal(us, INT64_C(1715299200000000));
    assert_int_equal(timeconv_parse_bound("2024-05-10 17:45:09", NULL, &us, &rel), 0);
    assert_int_equal(us, INT64_C(1715363109000000));
    assert_int_equal(timeconv_parse_bound("071015 21:43:52", NULL, &us, &rel), 0);
    assert_int_equal(us, INT64_C(1192484632000000));
    assert_int_equal(timeconv_parse_bound("12h", NULL, &us, &rel), 0);
    assert_true(rel);
    assert_int_equal(us, -INT64_C(43200000000));
    assert_int_equal(timeconv_parse_bound("2w", NULL, &us, &rel), 0);
    assert_int_equal(us, -INT64_C(1209600000000));
    assert_int_equal(timeconv_parse_bound("30s", NULL, &us, &rel), 0);
    assert_int_equal(us, -INT64_C(30000000));
    assert_int_equal(timeconv_parse_bound("5x", NULL, &us, &rel), -1);
    assert_int_equal(timeconv_parse_bound("yesterday", NULL, &us, &rel), -1);
    assert_int_equal(timeconv_parse_bound("2024-05-10 junk", NULL, &us, &rel), -1);
}

static void test_format(void **state)
{
    (void)state;
    char out[40];
    timeconv_format_iso(INT64_C(1197978507123456), out, sizeof out);
    assert_string_equal(out, "2007-12-18T11:48:27.123456Z");
    timeconv_format_iso(INT64_C(1197978507000000), out, sizeof out);
    assert_string_equal(out, "2007-12-18T11:48:27Z");
    timeconv_format_iso(INT64_C(-1000000), out, sizeof out);
    assert_string_equal(out, "1969-12-31T23:59:59Z");
    timeconv_format_report(INT64_C(1197978507999999), out, sizeof out);
    assert_string_equal(out, "2007-12-18 11:48:27");
    timeconv_format_report(INT64_C(951782400000000), out, sizeof out); /* leap day */
    assert_string_equal(out, "2000-02-29 00:00:00");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_old_format),  cmocka_unit_test(test_iso_format),
        cmocka_unit_test(test_not_a_time),  cmocka_unit_test(test_fixed_zones),
        cmocka_unit_test(test_named_zone),  cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
