#ifndef LIMBER_CESPEAKNG_SHIM_H
#define LIMBER_CESPEAKNG_SHIM_H

// libespeak-ng's classic API: initialise, pick a voice, synthesise into a callback.
#include <espeak-ng/speak_lib.h>

/// Loads libespeak-ng (`name`, e.g. "libespeak-ng.so.1") with dlopen, once, so that a session
/// without the voice never maps it and the ~30 libraries it pulls in (libpcaudio, libpulse,
/// libsndfile…). The espeak_* functions Limber calls forward to it; called before it has
/// loaded, they fail (EE_INTERNAL_ERROR or NULL). Returns NULL once loaded, else why not
/// (dlerror's text, or a missing function); a library that fails changes nothing. Load it from
/// one thread: Limber loads it on the synthesis thread.
const char *limber_espeak_load(const char *name);

#endif
