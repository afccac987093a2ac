"""ctdir: an offline directory of counter-trafficking contacts and hotlines."""

__version__ = "0.1.0"
