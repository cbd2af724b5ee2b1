// A library that is not a module: it exports no RegisterModule.
extern "C" int NotAModule() { return 42; }
