// Placeholder until the DiagramLayout stage is built.
