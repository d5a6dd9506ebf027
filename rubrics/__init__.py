"""Assessment rubrics as data, and the engine that scores confirmed facts by them."""
