import Testing

@Test func ClusterModelTestsBuilds() {
    #expect(Bool(true))
}
