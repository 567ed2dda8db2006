import BeingRuntime
import BeingTesting
import Foundation
import Testing

@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex(of: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let twoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256.hex(of: Data(twoBlocks.utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func chunkedUpdatesMatchOneShot() {
        var random = SeededRandom(seed: 7)
        let bytes = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &random) }
        var hasher = SHA256()
        var offset = 0
        for size in [1, 63, 64, 65, 7, 300, 500] where offset < bytes.count {
            let end = min(bytes.count, offset + size)
            hasher.update(Data(bytes[offset..<end]))
            offset = end
        }
        hasher.update(Data(bytes[offset...]))
        #expect(hasher.finalizeHex() == SHA256.hex(of: Data(bytes)))
    }

    @Test func agreesWithSha256sum() throws {
        let directory = TemporaryDirectory()
        var random = SeededRandom(seed: 11)
        let bytes = Data((0..<200_001).map { _ in UInt8.random(in: 0...255, using: &random) })
        let file = directory.url.appendingPathComponent("blob")
        try bytes.write(to: file)
        guard TestTools.has("sha256sum") else { return }
        let output = try ChildProcess.run("/usr/bin/env", ["sha256sum", file.path])
        let expected = String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init)
        #expect(try SHA256.hex(ofFile: file) == expected)
    }
}
