import Testing

@Test func CellCanvasTestsBuilds() {
    #expect(Bool(true))
}
