"""Pure document understanding: bytes in, Documents, Activities and Proposals out."""
