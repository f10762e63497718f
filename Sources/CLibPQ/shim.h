#ifndef SANTUNAN_CLIBPQ_SHIM_H
#define SANTUNAN_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
