import LimberBasics
import Testing

@Suite("Display width")
struct DisplayWidthTests {
    @Test func widthsOfEveryKindOfCharacter() {
        #expect("Plank".displayWidth == 5)
        #expect("ブリッジ".displayWidth == 8)
        #expect("臀桥".displayWidth == 4)
        #expect("🧘".displayWidth == 2)
        #expect("❤️".displayWidth == 2) // text-default heart with the emoji selector
        #expect("👨‍👩‍👧".displayWidth == 2) // one family, one picture
        #expect("e\u{301}".displayWidth == 1) // e + combining acute
        #expect("Brückenübung".displayWidth == 12)
        #expect("한국어".displayWidth == 6)
        #expect("ｆｕｌｌ".displayWidth == 8)
        #expect("a\u{200B}b".displayWidth == 2)
        #expect("█░─…·→".displayWidth == 6)
    }

    @Test func prefixAndPaddingByColumns() {
        #expect("ブリッジ".prefix(columns: 5) == "ブリ")
        #expect("ブリッジ".prefix(columns: 4) == "ブリ")
        #expect("ab🧘c".prefix(columns: 3) == "ab")
        #expect("臀桥".padded(toColumns: 6) == "臀桥  ")
        #expect("abc".padded(toColumns: 2) == "abc")
    }
}
