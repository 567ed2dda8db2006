import BeingRuntime
import Foundation
import Testing

struct SafeTensorsTests {
    @Test func roundTripKeepsShapesValuesAndMetadata() throws {
        var values: [Float] = []
        for i in 0..<24 { values.append(Float(i) * 0.37 - 3.1) }
        let file = SafeTensors(tensors: ["a.weight": .init(shape: [2, 3, 4], values: values), "b": .init(shape: [1], values: [-0.5])],
                               metadata: ["made_by": "test"])
        let data = try file.encoded()
        #expect(data.count == 8 + Int(data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }) + 25 * 4)
        let back = try SafeTensors(data: data, file: "mem")
        #expect(back == file)
        #expect(try back.tensor("a.weight", shape: [2, 3, 4], in: "mem") == values)
    }

    @Test func damagedFilesNameTheProblem() throws {
        let data = try SafeTensors(tensors: ["w": .init(shape: [4], values: [1, 2, 3, 4])]).encoded()
        #expect(throws: SafeTensorsError.self) { try SafeTensors(data: data.prefix(data.count - 4), file: "cut.safetensors") }
        #expect(throws: SafeTensorsError.self) { try SafeTensors(data: Data([1, 2, 3]), file: "tiny.safetensors") }
        let file = try SafeTensors(data: data, file: "ok")
        do {
            _ = try file.tensor("w", shape: [2, 2], in: "x.safetensors")
            Issue.record("a wrong shape must throw")
        } catch let error as SafeTensorsError {
            #expect(error.description.contains("x.safetensors") && error.description.contains("[4]"))
        }
    }
}
