// Placeholder until the AppCore stage is built.
