#ifndef LIMBER_CESPEAKNG_SHIM_H
#define LIMBER_CESPEAKNG_SHIM_H

// libespeak-ng's classic API: initialise, pick a voice, synthesise into a callback.
#include <espeak-ng/speak_lib.h>

#endif
