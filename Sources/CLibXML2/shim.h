#ifndef SANTUNAN_CLIBXML2_SHIM_H
#define SANTUNAN_CLIBXML2_SHIM_H

// libxml2's streaming reader, its tree parser and XML Schema validation; imported by `Payouts` alone.
//
// Debian builds libxml2 with ICU, so <libxml/encoding.h> includes ICU's <unicode/ucnv.h>, whose enums clash with the
// ICU copy Foundation carries (`_FoundationICU`) and the module fails to build. Santunan never touches an encoding
// handler (the only struct whose layout the ICU fields change), so the ICU part of the headers is switched off here;
// the library itself is unchanged.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>

#endif
