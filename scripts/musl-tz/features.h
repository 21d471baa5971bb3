/* musl's src/include/features.h: the public header plus its internal macros. */
#include_next <features.h>
#ifndef hidden
#define hidden __attribute__((__visibility__("hidden")))
#endif
#define weak_alias(old, new) extern __typeof(old) new __attribute__((__weak__, __alias__(#old)))
