// A library that forgot RegisterModule: `check` must name the file and the symbol.
extern "C" int SomethingElse() { return 1; }
