// Placeholder until the DiagramScene stage is built.
