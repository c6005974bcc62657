import Testing

@Test func FlowEngineTestsBuilds() {
    #expect(Bool(true))
}
