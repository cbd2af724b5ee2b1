// Declarations only (include/LibFuzzerDriver.h); the driver itself comes with -sanitize=fuzzer.
#include "LibFuzzerDriver.h"
