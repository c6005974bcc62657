// Placeholder until the CursesBackend stage is built.
