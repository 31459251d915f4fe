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

#include <sys/types.h>

/// Starts the speech worker (`path` with `argv`, the environment inherited) on a private socket:
/// its stdin and stdout are one end, its stderr /dev/null, and no other descriptor of this
/// process reaches it; in its own process group (the terminal's Ctrl-C, Ctrl-Z and hangup go to
/// the session only) with no signal blocked or ignored. Returns the worker's pid and puts the
/// session's end (close-on-exec) in `*channel`; -errno when it can't be started.
pid_t limber_speech_spawn(const char *path, char *const argv[], int *channel);

/// Called first in the worker: it is killed when the thread that started it ends (the session's
/// synthesis thread lives as long as the session), so it never outlives the session.
void limber_speech_worker_begin(void);

#endif
