/*
 * Compiles the shipped compatibility headers once as part of the package build, so a change that
 * breaks their layout checks (_Static_assert on the LP64 offsets) fails `swift build`.
 * Defines nothing.
 */
#include <windows.h>
#include <httpfilt.h>
#include <httpext.h>
