/* Regression test for a fuzz target without libFuzzer: feeds every file
 * of its corpus (tests/fuzz/corpus/TARGET/, crashes found by `make fuzz`
 * included once they are fixed) through LLVMFuzzerTestOneInput under the
 * sanitizers, as a cmocka test. Built per target by the Makefile. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef CORPUS
#error "CORPUS names the corpus folder"
#endif

static void every_corpus_input_runs_clean(void **state)
{
    (void)state;
    DIR *d = opendir(CORPUS);
    assert_non_null(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", CORPUS, e->d_name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static uint8_t buf[1 << 20];
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, len);
        n++;
    }
    closedir(d);
    assert_true(n > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_corpus_input_runs_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
