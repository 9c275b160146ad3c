/*
 * Static builds only (CMakeLists.txt, DZ_STATIC_DEPS). Debian compiles its
 * static archives as position-independent *executable* code: libblosc.a,
 * libbz2.a, libtiff.a, libjpeg.a and libzstd.a address libc's stdin, stdout
 * and stderr PC-relative, as if those variables lived in the same binary.
 * Inside a shared object (the addon) they live in libc.so, and the linker
 * refuses. These hidden definitions give those references a target inside
 * the addon; the constructor copies libc's stream pointers into them before
 * any other code of the addon runs. stdio.h is not included on purpose: it
 * declares the same names with default visibility.
 */
#define _GNU_SOURCE
#include <dlfcn.h>

#define DZ_HIDDEN __attribute__((visibility("hidden")))
DZ_HIDDEN void *stdin;
DZ_HIDDEN void *stdout;
DZ_HIDDEN void *stderr;

/* dlsym cannot see the hidden copies above, so it finds libc's (or the
 * executable's copy-relocated) variables: the streams every other part of
 * the process uses. */
static void *libc_stream(const char *name) {
  void **variable = (void **)dlsym(RTLD_DEFAULT, name);
  return variable ? *variable : 0;
}

__attribute__((constructor(101))) static void dz_bind_libc_streams(void) {
  stdin = libc_stream("stdin");
  stdout = libc_stream("stdout");
  stderr = libc_stream("stderr");
}
