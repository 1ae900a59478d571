"""mpptool: keep the service catalogs of Indonesia's public service malls (MPP) honest."""

__version__ = "0.1.0"
