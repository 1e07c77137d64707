"""Avatar Studio: make a talking digital human from one photo, offline."""
__version__ = "0.1.0"
