"""The lowest layer: field declarations, writing files whole, the host's description, the user's task as the models call it."""
