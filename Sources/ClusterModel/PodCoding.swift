/// `Pod` keeps inferred owners as lengths into its name (`OwnerShape`), so
/// its coding is written out to keep the JSON shape scripts rely on: one
/// `owners` array, given or inferred, as before that change.
extension Pod {
    private enum CodingKeys: String, CodingKey {
        case key, ready, status, restarts, age, ips, nodeName, nominatedNode, readinessGates, labels
        case owners, containerPorts, hostNetwork, extra, origin
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            key: try container.decode(ObjectKey.self, forKey: .key),
            status: try container.decode(String.self, forKey: .status))
        ready = try container.decodeIfPresent(ReadyCount.self, forKey: .ready)
        restarts = try container.decodeIfPresent(RestartCount.self, forKey: .restarts)
        age = try container.decodeIfPresent(Age.self, forKey: .age)
        ips = try container.decode([IPAddress].self, forKey: .ips)
        nodeName = try container.decodeIfPresent(String.self, forKey: .nodeName)
        nominatedNode = try container.decodeIfPresent(String.self, forKey: .nominatedNode)
        readinessGates = try container.decodeIfPresent(String.self, forKey: .readinessGates)
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels)
        owners = try container.decode([OwnerReference].self, forKey: .owners)
        containerPorts = try container.decode([ContainerPort].self, forKey: .containerPorts)
        hostNetwork = try container.decodeIfPresent(Bool.self, forKey: .hostNetwork)
        extra = try container.decode([String: String].self, forKey: .extra)
        origin = try container.decodeIfPresent(SourceLocation.self, forKey: .origin)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encodeIfPresent(ready, forKey: .ready)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(restarts, forKey: .restarts)
        try container.encodeIfPresent(age, forKey: .age)
        try container.encode(ips, forKey: .ips)
        try container.encodeIfPresent(nodeName, forKey: .nodeName)
        try container.encodeIfPresent(nominatedNode, forKey: .nominatedNode)
        try container.encodeIfPresent(readinessGates, forKey: .readinessGates)
        try container.encodeIfPresent(labels, forKey: .labels)
        try container.encode(owners, forKey: .owners)
        try container.encode(containerPorts, forKey: .containerPorts)
        try container.encodeIfPresent(hostNetwork, forKey: .hostNetwork)
        try container.encode(extra, forKey: .extra)
        try container.encodeIfPresent(origin, forKey: .origin)
    }
}
