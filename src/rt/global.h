/* rt/global.h — global variables. */
#ifndef WB_RT_GLOBAL_H
#define WB_RT_GLOBAL_H
#include "ir/module.h"
#include "rt/value.h"

typedef struct wb_global_inst {
  wb_value value;
  wb_globaltype type;
} wb_global_inst;

#endif
