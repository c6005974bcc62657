import Testing

@Test func DiagramTestsBuilds() {
    #expect(Bool(true))
}
