import ModelBuilders
import Testing
import KubeText

@Suite struct DemoClusterTests {
    @Test func demoTextIsTheNotesSample() throws {
        #expect(DemoCluster.text == (try SampleFiles.sample("notes-nginx-nodeport.txt")))
    }

    @Test func demoIngressIsTheIngressSample() throws {
        #expect(DemoCluster.ingressYAML == (try SampleFiles.sample("demo-nginx-ingress.yaml")))
    }
}
