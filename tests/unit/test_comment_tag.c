/* fp_comment_tag: sqlcommenter, Django, Rails marginalia and Hibernate comments become stable tags
 * (per-request values dropped, digit runs as `?`); hints, commented-out SQL and prose do not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fingerprint/fingerprint.h"

struct tcase {
    const char *comment, *want; /* want "" = not a tag */
};

static const struct tcase cases[] = {
    /* sqlcommenter (Rails, Spring, Node) */
    {"action='index',controller='users',traceparent='00-5bd66ef5095369c7b0d1f8f4bd33716a-c532cb4098ac3dd2-01'",
     "action='index',controller='users'"},
    {"controller='users',db_driver='active_record',framework='rails_v7.1.2',"
     "traceparent='00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',tracestate='congo%3Dt61rcWkgMzE'",
     "controller='users',db_driver='active_record',framework='rails_v?.?.?'"},
    /* Django's sqlcommenter middleware: URL-encoded values */
    {"controller='index',db_driver='django.db.backends.postgresql',framework='django%3A4.2',route='%5Epolls/%24'",
     "controller='index',db_driver='django.db.backends.postgresql',framework='django:?.?',route='^polls/$'"},
    {"request_id='8a1b2c',action='show'", "action='show'"},
    /* Rails marginalia */
    {"application:Foo,controller:users,action:show,line:/app/x.rb:12", "application:Foo,controller:users,action:show,line:/app/x.rb:?"},
    {"application:Shop,job:OrderSyncJob,request_id:3f2a-99", "application:Shop,job:OrderSyncJob"},
    /* Hibernate */
    {" load com.x.User ", "load com.x.User"},
    {" select u from User u ", "select u from User u"},
    {" insert com.acme.Order2 ", "insert com.acme.Order?"},
    {"criteria query", "criteria query"},
    {"dynamic  native\tSQL query", "dynamic native SQL query"},
    /* not tags */
    {"", ""},
    {"   ", ""},
    {"+ NO_ICP(t1) INDEX(t1 i)", ""},
    {"traceparent='00-5bd66ef5095369c7b0d1f8f4bd33716a-c532cb4098ac3dd2-01'", ""},
    {" AND status = 'active' ", ""},
    {"select 1;\nselect 2", ""},
    {"12345", ""},
};

static void test_comment_tags(void **state)
{
    (void)state;
    struct buf b = {0};
    int failed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf_reset(&b);
        assert_int_equal(fp_comment_tag(sv_cstr(cases[i].comment), &b), 0);
        const char *got = b.p ? b.p : "";
        if (strcmp(got, cases[i].want) != 0) {
            print_error("tag of [%s]\n  want [%s]\n  got  [%s]\n", cases[i].comment, cases[i].want, got);
            failed++;
        }
    }
    buf_free(&b);
    assert_int_equal(failed, 0);
}

/* The comments fp_fingerprint collects are what fp_comment_tag reads. */
static void test_tag_from_fingerprint(void **state)
{
    (void)state;
    struct fp_state st = {0};
    struct buf b = {0};
    assert_int_equal(fp_fingerprint(&st, sv_cstr("SELECT * FROM users WHERE id = 42 "
                                                 "/*action='show',controller='users'*/"), 0), 0);
    assert_string_equal(st.out.p, "select * from users where id = ? ");
    assert_int_equal(st.ncomments, 1);
    assert_int_equal(fp_comment_tag(st.comments[0].text, &b), 0);
    assert_string_equal(b.p, "action='show',controller='users'");
    buf_free(&b);
    fp_state_free(&st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comment_tags),
        cmocka_unit_test(test_tag_from_fingerprint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
