#ifndef CIMNAS_SQLITE_SHIM_H
#define CIMNAS_SQLITE_SHIM_H
#include <sqlite3.h>

// Swift cannot see these macros; expose them as functions.
static inline sqlite3_destructor_type cimnas_sqlite_transient(void) { return SQLITE_TRANSIENT; }
static inline sqlite3_destructor_type cimnas_sqlite_static(void) { return SQLITE_STATIC; }
#endif
