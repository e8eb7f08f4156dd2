"""Turn an exported archive (.tar.gz of a raw disk) into the disk people run elsewhere, streaming:
gunzip -> tar member -> zero-block detection -> a writer (raw, qcow2, vmdk, vhd), all pure Python.

Never imports Textual (tests/test_layers.py); no system tool is needed at run time.
"""

from .errors import ConvertError
from .formats import FORMATS, output_name

__all__ = ["ConvertError", "FORMATS", "output_name"]
