extension Array {
    /// `count` copies of `value`. `Array(repeating:count:)` and
    /// `Array(unsafeUninitializedCapacity:)` allocate through a generic entry point of the
    /// standard library that looks up the storage class's metadata on every call (some 650
    /// instructions); reserving capacity goes through code specialised here, which keeps
    /// the metadata at hand. Audits make several such arrays per transcript.
    static func filled(with value: Element, count: Int) -> [Element] {
        var array: [Element] = []
        array.reserveCapacity(count)
        array.append(contentsOf: repeatElement(value, count: count))
        return array
    }
}
