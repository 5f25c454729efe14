"""walens: AWS Well-Architected custom lenses as code."""

__version__ = "0.2.0"
