"""The sizes and intervals one OSS object download runs by (download.py and its parts)."""

DEFAULT_THREADS = 16         # most connections at once; the engine adapts below it
INITIAL_THREADS = 2          # where the adaptive count starts
DEFAULT_PART_SIZE = 8 << 20
MIN_PART_SIZE = 64 << 10
CHUNK = 1 << 20              # reusable read buffer per connection: the read/write/CRC unit
ALIGN = 4096                 # O_DIRECT writes: whole blocks at block offsets, from page-aligned memory
MIN_CHUNK = 16 << 10         # smallest read after repeated cuts that made no progress
TEMP_SUFFIX = ".tui-export-part"
PROGRESS_INTERVAL = 0.25     # seconds between progress events (the UI wants <= 0.5 s)
CHECKPOINT_INTERVAL = 1.0    # seconds between checkpoint writes while running ...
CHECKPOINT_MIN_BYTES = 1 << 20   # ... and at least every size/256 bytes, within these bounds
CHECKPOINT_MAX_BYTES = 4 << 20
FLUSH_BEHIND_BYTES = 64 << 20   # written since the last flush: start writing them to disk now
RETRY_CAP = 5.0              # seconds: longest wait between two attempts of one part
RATE_TAU = 3.0               # seconds: time constant of the smoothed rate
