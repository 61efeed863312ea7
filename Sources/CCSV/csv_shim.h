#ifndef CIMNAS_CSV_SHIM_H
#define CIMNAS_CSV_SHIM_H
// libcsv ships no pkg-config file; the header lives in /usr/include.
#include <csv.h>
#endif
