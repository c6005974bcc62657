extension Array {
    /// The element at `index`, or nil when out of range: index lists built
    /// alongside an array are trusted by construction, but a wrong index must
    /// still never crash the user's terminal session.
    @inlinable
    public subscript(checked index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
