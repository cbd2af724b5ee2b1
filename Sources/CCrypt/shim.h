// crypt_r from libcrypt (libxcrypt on Debian): checks htpasswd-style password hashes for
// basicAuthentication's userFile (bcrypt $2b$/$2y$, sha-512 $6$, sha-256 $5$, yescrypt $y$, ...).
#ifndef CCRYPT_SHIM_H
#define CCRYPT_SHIM_H

#include <crypt.h>

#endif
