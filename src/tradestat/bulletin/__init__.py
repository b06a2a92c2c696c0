"""The bulletin: the statistical release for a region and period (DESIGN.md, issue 5).

``document`` is the shape the builder writes and the renderers read.
"""
