#ifndef SANTUNAN_CLIBCRYPTO_SHIM_H
#define SANTUNAN_CLIBCRYPTO_SHIM_H

// OpenSSL's libcrypto (Debian libssl-dev, which libpq-dev already pulls in): SHA-256 and Ed25519 through the EVP
// interface. Imported by `Checksum` alone (docs/decisions/0013-identity-and-bounds.md).
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#endif
