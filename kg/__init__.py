"""accountability-kg: a knowledge graph of who ran public services, who inspected them, and who answered."""

__version__ = "0.1.0"
