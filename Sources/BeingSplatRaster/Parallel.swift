import Dispatch

/// A raw pointer that may cross into `concurrentPerform`'s worker threads. Every use splits the
/// buffer so that no two iterations write the same element: that, not the type, is the guarantee.
public struct SharedPointer<T>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<T>
    @inlinable public init(_ base: UnsafeMutablePointer<T>) { self.base = base }
    @inlinable public subscript(i: Int) -> T {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

/// Runs `body(i)` for i in 0..<count over all cores. The result never depends on the schedule
/// because callers only write what iteration i owns.
public func parallelFor(_ count: Int, _ body: (Int) -> Void) {
    if count == 1 { body(0); return }
    // The body captures unsafe buffer pointers, which are not Sendable; they stay valid because
    // concurrentPerform returns only after every iteration has finished.
    withoutActuallyEscaping(body) { escapable in
        let box = UncheckedBox(value: escapable)
        DispatchQueue.concurrentPerform(iterations: count) { box.value($0) }
    }
}

private struct UncheckedBox<T>: @unchecked Sendable { let value: T }

/// `count` items in chunks of about `chunk`, as (chunk index, range) jobs for `parallelFor`.
@inlinable public func parallelChunks(_ count: Int, chunk: Int, _ body: (Range<Int>) -> Void) {
    let jobs = max(1, (count + chunk - 1) / chunk)
    parallelFor(jobs) { j in body((j * chunk)..<min(count, (j + 1) * chunk)) }
}
