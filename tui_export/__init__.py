"""tui-export: export Alibaba Cloud ECS custom images to OSS and download them."""

__version__ = "0.1.0"
