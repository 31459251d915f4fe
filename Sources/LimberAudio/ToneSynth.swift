import Foundation
import LimberBasics

/// Tones made in code, the fallback when no Sounds/ folder is found. Same shapes as
/// scripts/make-sounds: notes with a soft octave, 4 ms fade-in, peaks at -1 dBFS.
public enum ToneSynth {
    /// The notes (Hz) and note length (s) of each cue.
    static func notes(for cue: CueKind) -> (freqs: [Double], length: Double) {
        switch cue {
        case .getReady: ([660, 880], 0.12)
        case .start: ([1320], 0.2)
        case .countdown: ([1000], 0.07)
        case .halfway: ([1046, 1046], 0.08)
        case .switchSides: ([784, 988, 784], 0.1)
        case .rest: ([784, 523], 0.16)
        case .lastSet: ([1175, 1175, 1175], 0.08)
        case .tempoUp: ([1046], 0.12)
        case .tempoHold: ([784], 0.12)
        case .tempoDown: ([523], 0.12)
        case .interval: ([1568], 0.05)
        case .exerciseDone: ([523, 659, 784], 0.1)
        case .sessionDone: ([523, 659, 784, 1046], 0.1)
        }
    }

    public static func tone(for cue: CueKind, rate: Int) -> Sound {
        let (freqs, length) = notes(for: cue)
        let n = Int(length * Double(rate))
        let fadeIn = Int(0.004 * Double(rate))
        var samples: [Float] = []
        samples.reserveCapacity(n * freqs.count)
        for f in freqs {
            for i in 0..<n {
                let t = Double(i) / Double(rate)
                let attack = min(1, Double(i) / Double(fadeIn))
                let decay = i > n * 4 / 10 ? Double(n - i) / Double(n - n * 4 / 10) : 1
                let wave = 0.8 * sin(2 * .pi * f * t) + 0.25 * sin(4 * .pi * f * t)
                samples.append(Float(wave * attack * decay * decay))
            }
        }
        let peak = samples.map(abs).max() ?? 1
        let target: Float = 0.891 // -1 dBFS
        return Sound(samples: samples.map { $0 * target / peak }, rate: rate)
    }
}
