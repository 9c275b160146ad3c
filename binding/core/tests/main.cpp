// The one main() of dz_core_tests: every *_test.cpp beside it is linked in.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
