@testable import LimberSpeech
import Testing

/// libespeak-ng is loaded with dlopen on first use (CEspeakNG): a library that can't be had is
/// one clear reason, and changes nothing for the one already loaded.
@Suite("Loading libespeak-ng")
struct SpeechLibraryTests {
    @Test func aMissingLibraryIsOneReasonNamingIt() {
        let problem = SpeechSynthesiser.loadLibrary("libespeak-ng-limber-missing.so.9")
        #expect(problem?.contains("libespeak-ng-limber-missing.so.9") == true)
    }

    @Test func aLibraryWithoutEspeaksFunctionsIsRefused() {
        #expect(SpeechSynthesiser.loadLibrary("libm.so.6") == "libespeak-ng lacks a function Limber calls")
    }

    @Test func theInstalledLibraryLoadsAndStillSpeaksAfterAFailedLoad() {
        #expect(SpeechSynthesiser.loadLibrary() == nil)
        _ = SpeechSynthesiser.loadLibrary("libm.so.6")
        guard case .success(let sound) = SpeechSynthesiser.shared.render("one", language: "en") else {
            Issue.record("no speech after a failed load")
            return
        }
        #expect(!sound.samples.isEmpty)
    }

    @Test func theReasonIsOneSentenceForThePatient() {
        #expect(SpeechError.noLibrary("libespeak-ng.so.1: cannot open shared object file").description
                == "the speech engine could not be loaded (libespeak-ng.so.1: cannot open shared object file)")
    }
}
