// The espeak_* functions Limber calls, forwarding to libespeak-ng loaded on demand (see shim.h).
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "shim.h"

extern char **environ;

static int (*initialize)(espeak_AUDIO_OUTPUT, int, const char *, int);
static const char *(*info)(const char **);
static void (*set_synth_callback)(t_espeak_callback *);
static espeak_ERROR (*set_voice_by_name)(const char *);
static const espeak_VOICE **(*list_voices)(espeak_VOICE *);
static espeak_ERROR (*set_parameter)(espeak_PARAMETER, int, int);
static espeak_ERROR (*synth)(const void *, size_t, unsigned int, espeak_POSITION_TYPE, unsigned int, unsigned int,
                             unsigned int *, void *);
static void *library;

const char *limber_espeak_load(const char *name) {
    void *handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (!handle) return dlerror();
    // Resolved into locals first: a library that lacks one changes nothing.
    void *found[7];
    const char *names[7] = {"espeak_Initialize", "espeak_Info", "espeak_SetSynthCallback", "espeak_SetVoiceByName",
                            "espeak_ListVoices", "espeak_SetParameter", "espeak_Synth"};
    for (int i = 0; i < 7; i++) {
        if (!(found[i] = dlsym(handle, names[i]))) {
            dlclose(handle);
            return "libespeak-ng lacks a function Limber calls";
        }
    }
    if (library) { // loaded already: this one only counted a reference
        dlclose(handle);
        return NULL;
    }
    // POSIX: a function pointer is read through a void * from dlsym.
    *(void **)&initialize = found[0];
    *(void **)&info = found[1];
    *(void **)&set_synth_callback = found[2];
    *(void **)&set_voice_by_name = found[3];
    *(void **)&list_voices = found[4];
    *(void **)&set_parameter = found[5];
    *(void **)&synth = found[6];
    library = handle;
    return NULL;
}

int espeak_Initialize(espeak_AUDIO_OUTPUT output, int buflength, const char *path, int options) {
    return library ? initialize(output, buflength, path, options) : EE_INTERNAL_ERROR;
}

const char *espeak_Info(const char **path_data) {
    return library ? info(path_data) : NULL;
}

void espeak_SetSynthCallback(t_espeak_callback *callback) {
    if (library) set_synth_callback(callback);
}

espeak_ERROR espeak_SetVoiceByName(const char *name) {
    return library ? set_voice_by_name(name) : EE_INTERNAL_ERROR;
}

const espeak_VOICE **espeak_ListVoices(espeak_VOICE *spec) {
    return library ? list_voices(spec) : NULL;
}

espeak_ERROR espeak_SetParameter(espeak_PARAMETER parameter, int value, int relative) {
    return library ? set_parameter(parameter, value, relative) : EE_INTERNAL_ERROR;
}

espeak_ERROR espeak_Synth(const void *text, size_t size, unsigned int position, espeak_POSITION_TYPE position_type,
                          unsigned int end_position, unsigned int flags, unsigned int *unique_identifier,
                          void *user_data) {
    return library ? synth(text, size, position, position_type, end_position, flags, unique_identifier, user_data)
                   : EE_INTERNAL_ERROR;
}

pid_t limber_speech_spawn(const char *path, char *const argv[], int *channel) {
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) return -errno;
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pair[1], 0);
    posix_spawn_file_actions_adddup2(&actions, pair[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    posix_spawnattr_init(&attributes);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
    pid_t pid;
    int failed = posix_spawn(&pid, path, &actions, &attributes, argv, environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    close(pair[1]);
    if (failed) {
        close(pair[0]);
        return -failed;
    }
    *channel = pair[0];
    return pid;
}

void limber_speech_worker_begin(void) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
}
