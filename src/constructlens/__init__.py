"""constructlens: are questionnaire constructs semantically distinct, or one thing under many names?

All workflow logic lives here as small pure functions; ``workflow/scripts`` only adapts
Snakemake's ``snakemake`` object to them.
"""

__version__ = "0.1.0"
