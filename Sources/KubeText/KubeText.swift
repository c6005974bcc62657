// Placeholder until the KubeText stage is built.
