extension RandomAccessCollection where Index == Int {
    /// The element at `index`, or nil when out of range: index lists built
    /// alongside an array are trusted by construction, but a wrong index must
    /// still never crash the user's terminal session.
    @inlinable
    public subscript(checked index: Int) -> Element? {
        index >= startIndex && index < endIndex ? self[index] : nil
    }
}
