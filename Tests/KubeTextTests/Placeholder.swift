import Testing

@Test func KubeTextTestsBuilds() {
    #expect(Bool(true))
}
