#ifndef LIMBER_CALSA_SHIM_H
#define LIMBER_CALSA_SHIM_H

#include <alsa/asoundlib.h>

/// libasound's error handler is variadic, which Swift cannot implement; this one discards
/// everything so that "ALSA lib ..." lines never reach the user's terminal. Limber turns
/// each failing call's return code into one clear sentence instead.
static void limber_alsa_quiet_handler(const char *file, int line, const char *function,
                                      int err, const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err; (void)fmt;
}

/// Installs the quiet handler for the whole process; returns libasound's result code.
static inline int limber_alsa_silence_errors(void) {
    return snd_lib_error_set_handler(limber_alsa_quiet_handler);
}

#endif
