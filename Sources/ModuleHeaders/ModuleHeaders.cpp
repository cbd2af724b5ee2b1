// The ModuleHeaders target only ships headers (include/); SwiftPM needs one source file.
#include <httpserv.h>
