/* No fork under WASI: nothing to declare. */
#include <features.h>
